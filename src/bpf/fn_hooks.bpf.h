/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fn_hooks.bpf.h - ready-made programs for the kernel-function hook points
 * of the catalog (src/lib/hook_catalog.c), for any mode to include after
 * common.bpf.h. Each macro declares, under a name prefix, one program per
 * mechanism the attach engine may pick, and calls the mode's handlers:
 *
 *   fentry / fexit      handler(true, ...)   BTF-typed arguments: RD() reads
 *                                            directly, no probe reads
 *   kprobe / kretprobe  handler(false, ...)  plain addresses: RD() goes
 *                                            through BPF_CORE_READ
 *
 * so a handler written once with `const bool btf` serves both, as the
 * tracepoint handlers do. A kretprobe sees only the return value: the
 * kprobe keeps the arguments per CPU (these functions do not nest on one
 * CPU) and hands them back. Handlers return nothing; the programs return 0.
 *
 * In the mode's BPF object:
 *
 *   static __always_inline void on_ip_rcv(const bool btf, struct sk_buff *skb,
 *                                         struct net_device *dev) { ... }
 *   PP_HOOK_IP_RCV(drops, on_ip_rcv)
 *
 * declares drops_ip_rcv_fentry and drops_ip_rcv_kprobe; in user space:
 *
 *   { .hook = &hook_ip_rcv, .prog = HOOK_PROGS_ENTRY("drops_ip_rcv") }
 *
 * and hooks_select()/hooks_attach() do the rest (src/lib/hooks.h).
 */
#ifndef PP_FN_HOOKS_BPF_H
#define PP_FN_HOOKS_BPF_H

/* Arguments a kprobe keeps for its kretprobe, one slot per hook kind. */
enum { PP_FN_IP_RCV_CORE, PP_FN_NAPI_POLL, PP_FN_SLOTS };

struct pp_fn_args {
	__u64 arg0;
	__u64 arg1; /* 0: the slot is empty */
};

PP_MAP(pp_fn_args, BPF_MAP_TYPE_PERCPU_ARRAY, PP_FN_SLOTS, __u32, struct pp_fn_args);

static __always_inline void pp_fn_keep(__u32 slot, __u64 arg0, __u64 arg1)
{
	struct pp_fn_args *a = bpf_map_lookup_elem(&pp_fn_args, &slot);

	if (a) {
		a->arg0 = arg0;
		a->arg1 = arg1;
	}
}

/* The kept arguments, emptying the slot; false when none were kept (the
 * kretprobe came without its kprobe). */
static __always_inline bool pp_fn_take(__u32 slot, __u64 *arg0, __u64 *arg1)
{
	struct pp_fn_args *a = bpf_map_lookup_elem(&pp_fn_args, &slot);

	if (!a || !a->arg1)
		return false;
	*arg0 = a->arg0;
	*arg1 = a->arg1;
	a->arg1 = 0;
	return true;
}

/*
 * ip_rcv(skb, dev, pt, orig_dev): IPv4 receive of one packet (not lists
 * from GRO). enter(btf, skb, dev). Programs PREFIX_ip_rcv_{fentry,kprobe}.
 */
#define PP_HOOK_IP_RCV(prefix, enter)                                                   \
	SEC("?fentry/ip_rcv")                                                            \
	int BPF_PROG(prefix##_ip_rcv_fentry, struct sk_buff *skb, struct net_device *dev) \
	{                                                                               \
		enter(true, skb, dev);                                                  \
		return 0;                                                               \
	}                                                                               \
	SEC("?kprobe/ip_rcv")                                                            \
	int BPF_KPROBE(prefix##_ip_rcv_kprobe, struct sk_buff *skb, struct net_device *dev) \
	{                                                                               \
		enter(false, skb, dev);                                                 \
		return 0;                                                               \
	}

/*
 * ip_rcv_core(skb, net) -> skb, or NULL when it dropped the packet
 * (PACKET_OTHERHOST, a bad header, ...): every IPv4 packet, lists included.
 * enter(btf, skb, net); leave(btf, skb, dropped). A dropped skb is freed
 * by then: leave may use its address as a key, not read it. Programs
 * PREFIX_ip_rcv_core_{fentry,fexit,kprobe,kretprobe}.
 */
#define PP_HOOK_IP_RCV_CORE(prefix, enter, leave)                                       \
	SEC("?fentry/ip_rcv_core")                                                       \
	int BPF_PROG(prefix##_ip_rcv_core_fentry, struct sk_buff *skb, struct net *net) \
	{                                                                               \
		enter(true, skb, net);                                                  \
		return 0;                                                               \
	}                                                                               \
	SEC("?fexit/ip_rcv_core")                                                        \
	int BPF_PROG(prefix##_ip_rcv_core_fexit, struct sk_buff *skb, struct net *net,   \
		     struct sk_buff *ret)                                               \
	{                                                                               \
		leave(true, skb, !ret);                                                 \
		return 0;                                                               \
	}                                                                               \
	SEC("?kprobe/ip_rcv_core")                                                       \
	int BPF_KPROBE(prefix##_ip_rcv_core_kprobe, struct sk_buff *skb, struct net *net) \
	{                                                                               \
		pp_fn_keep(PP_FN_IP_RCV_CORE, (__u64)net, (__u64)skb);                   \
		enter(false, skb, net);                                                 \
		return 0;                                                               \
	}                                                                               \
	SEC("?kretprobe/ip_rcv_core")                                                    \
	int BPF_KRETPROBE(prefix##_ip_rcv_core_kretprobe, struct sk_buff *ret)          \
	{                                                                               \
		__u64 net, skb;                                                         \
                                                                                        \
		if (pp_fn_take(PP_FN_IP_RCV_CORE, &net, &skb))                          \
			leave(false, (struct sk_buff *)skb, !ret);                      \
		return 0;                                                               \
	}

/*
 * A NAPI poll function, int poll(struct napi_struct *napi, int budget), of
 * any driver: the hook point (hook_virtnet_poll...) names the function,
 * the programs do not. enter(btf, napi, budget); leave(btf, napi, budget,
 * work) with the packets the poll handled. Programs
 * PREFIX_poll_{fentry,fexit,kprobe,kretprobe}; one set per driver hooked.
 */
#define PP_HOOK_NAPI_POLL(prefix, enter, leave)                                         \
	SEC("?fentry")                                                                   \
	int BPF_PROG(prefix##_poll_fentry, struct napi_struct *napi, int budget)        \
	{                                                                               \
		enter(true, napi, budget);                                              \
		return 0;                                                               \
	}                                                                               \
	SEC("?fexit")                                                                    \
	int BPF_PROG(prefix##_poll_fexit, struct napi_struct *napi, int budget, int work) \
	{                                                                               \
		leave(true, napi, budget, work);                                        \
		return 0;                                                               \
	}                                                                               \
	SEC("?kprobe")                                                                   \
	int BPF_KPROBE(prefix##_poll_kprobe, struct napi_struct *napi, int budget)      \
	{                                                                               \
		pp_fn_keep(PP_FN_NAPI_POLL, (__u64)budget, (__u64)napi);                 \
		enter(false, napi, budget);                                             \
		return 0;                                                               \
	}                                                                               \
	SEC("?kretprobe")                                                                \
	int BPF_KRETPROBE(prefix##_poll_kretprobe, int work)                            \
	{                                                                               \
		__u64 budget, napi;                                                     \
                                                                                        \
		if (pp_fn_take(PP_FN_NAPI_POLL, &budget, &napi))                        \
			leave(false, (struct napi_struct *)napi, (int)budget, work);    \
		return 0;                                                               \
	}

#endif /* PP_FN_HOOKS_BPF_H */
