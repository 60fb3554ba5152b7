// SPDX-License-Identifier: GPL-2.0
/*
 * hookcount.bpf.c - the ready-made function-hook programs of fn_hooks.bpf.h
 * at work: count what each hook sees, per CPU. Loaded by the test helper
 * tests/helpers/hookcount through the attach engine, so the tests prove
 * that the catalog's function hooks load, attach and fire on a kernel
 * that has fentry or kprobes, through either. Counts are exact (atomic).
 */
#include "bpf/common.bpf.h"
#include "bpf/fn_hooks.bpf.h"
#include "hookcount.h"

#define PACKET_OTHERHOST 3

/* What the hooks saw; the skeleton shows it to user space. */
struct hookcount hc;

#define hit(field, n) __sync_fetch_and_add(&hc.field, n)

static __always_inline void on_ip_rcv(const bool btf, struct sk_buff *skb, struct net_device *dev)
{
	if (!meta_match_dev(btf, dev))
		return;
	hit(ip_rcv, 1);
	if (RD_BITFIELD(btf, skb, pkt_type) == PACKET_OTHERHOST)
		hit(ip_rcv_otherhost, 1);
}

/* Packets of the filtered device, by skb address, until ip_rcv_core ends. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hookcount_core_skb SEC(".maps");

static __always_inline void on_core_enter(const bool btf, struct sk_buff *skb, struct net *net)
{
	__u32 zero = 0;
	__u64 *cur = bpf_map_lookup_elem(&hookcount_core_skb, &zero);

	if (!cur)
		return;
	*cur = 0;
	if (!meta_match_dev(btf, RD(btf, skb, dev)))
		return;
	*cur = (__u64)skb;
	hit(ip_rcv_core, 1);
}

static __always_inline void on_core_leave(const bool btf, struct sk_buff *skb, bool dropped)
{
	__u32 zero = 0;
	__u64 *cur = bpf_map_lookup_elem(&hookcount_core_skb, &zero);

	/* Only the skb address: a dropped skb is already freed. */
	if (cur && *cur == (__u64)skb && dropped)
		hit(ip_rcv_core_drop, 1);
}

static __always_inline void on_poll_enter(const bool btf, struct napi_struct *napi, int budget)
{
}

static __always_inline void on_poll_leave(const bool btf, struct napi_struct *napi, int budget,
					  int work)
{
	if (!meta_match_dev(btf, RD(btf, napi, dev)))
		return;
	hit(poll, 1);
	if (work > 0)
		hit(poll_work, work);
}

PP_HOOK_IP_RCV(hc, on_ip_rcv)
PP_HOOK_IP_RCV_CORE(hc, on_core_enter, on_core_leave)
PP_HOOK_NAPI_POLL(hc, on_poll_enter, on_poll_leave)

char LICENSE[] SEC("license") = "GPL";
