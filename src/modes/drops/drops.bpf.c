// SPDX-License-Identifier: GPL-2.0
/*
 * drops.bpf.c - every packet the kernel drops, with its reason and place.
 *
 * The kfree_skb tracepoint fires when the last reference to an skb is
 * dropped as a loss (consume_skb, its twin for packets that were used, is
 * not watched). Per drop we count (reason, location, device[, stack]) in a
 * per-CPU table, so even a drop storm costs one map update per packet, and
 * send a rate-limited event for the live lines.
 */
#include "bpf/drops.bpf.h"
#include "drops.h"

/* Record the kernel stack of every drop (--stack). */
const volatile bool targ_stack = false;

PP_MAP(drops_table, BPF_MAP_TYPE_PERCPU_HASH, 10240, struct drops_key, struct drops_stats);

/* Sized by user space: one entry without --stack, as it is unused. */
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 4096);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, PP_STACK_DEPTH * sizeof(__u64));
} drops_stacks SEC(".maps");

PP_RINGBUF(drops_events, 256 * 1024);

static __always_inline __s32 stack_of(void *ctx)
{
	long id;

	if (!targ_stack)
		return -1;
	id = bpf_get_stackid(ctx, &drops_stacks, 0);
	if (id >= 0)
		return id;
	/* -EEXIST: the slot holds another stack and we do not overwrite it,
	 * so ids already reported stay valid. Anything else: no room, or
	 * the stack could not be walked. */
	pp_count(id == -PP_EEXIST ? PP_CNT_STACK_COLLISION : PP_CNT_STACK_LOST);
	return -1;
}

static __always_inline void count_drop(const struct drops_key *key, struct net_device *dev,
				       bool has_dev, __u32 len, __u64 now)
{
	struct drops_stats *st = bpf_map_lookup_elem(&drops_table, key);

	if (!st) {
		struct drops_stats init = {};

		/* Only a new row pays for the name. */
		dev_name_copy(dev, has_dev, init.dev_name);
		bpf_map_update_elem(&drops_table, key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&drops_table, key);
		if (!st) {
			pp_count(PP_CNT_DROP_TABLE_FULL);
			return;
		}
	}
	st->count++;
	st->bytes += len;
	st->last_ns = now;
}

static __always_inline void emit_drop(const bool btf, struct sk_buff *skb, struct net_device *dev,
				      bool has_dev, const struct drops_key *key,
				      const struct pp_flow *flow, const struct pp_snap *snap, __u32 len,
				      __u64 now)
{
	struct drops_event *e;

	if (!live_event_allowed())
		return;
	e = pp_reserve_pkt(&drops_events, struct drops_event);
	if (!e)
		return;
	e->type = PP_EV_DROP;
	e->cpu = bpf_get_smp_processor_id();
	e->ts_ns = now;
	e->location = key->location;
	e->reason = key->reason;
	e->stack_id = key->stack_id;
	e->dev = key->dev;
	e->flow = *flow;
	e->len = len;
	e->pkt_type = RD_BITFIELD(btf, skb, pkt_type);
	e->pad[0] = e->pad[1] = e->pad[2] = 0;
	dev_name_copy(dev, has_dev, e->dev_name);
	/* Received packets have skb_iif set; packets of this host have not. */
	if (targ_pcap_snaplen)
		pp_pkt_fill(&e->pkt, snap, RD(btf, skb, skb_iif) ? PP_DIR_IN : PP_DIR_OUT);
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int handle_drop(const bool btf, void *ctx, struct sk_buff *skb,
				       __u64 location, __u32 reason, struct sock *rx_sk)
{
	struct net_device *dev;
	struct drops_key key;
	struct pp_flow flow;
	struct pp_snap snap;
	bool has_dev;
	__u64 now;
	__u32 len;

	if (!skb || (reason != PP_DROP_NO_REASON && !reason_is_drop(reason)))
		return 0;
	dev = RD(btf, skb, dev);
	has_dev = skb_has_dev(btf, dev);
	if (!drops_match_meta(btf, skb, dev, has_dev, rx_sk))
		return 0;
	if (!drops_inspect(btf, skb, dev, &flow, &snap))
		return 0;

	now = bpf_ktime_get_ns();
	len = skb_l3_len(btf, skb);
	key.reason = reason;
	key.location = location;
	key.dev.ifindex = has_dev ? RD(btf, dev, ifindex) : 0;
	key.dev.netns = skb_netns(btf, skb, dev, has_dev, rx_sk);
	key.stack_id = stack_of(ctx);
	count_drop(&key, dev, has_dev, len, now);
	emit_drop(btf, skb, dev, has_dev, &key, &flow, &snap, len, now);
	return 0;
}

/*
 * kfree_skb(skb, location[, reason[, rx_sk]]): the arguments after the
 * location depend on the kernel, and are read only where it has them.
 */
static __always_inline int on_kfree_skb(const bool btf, unsigned long long *ctx)
{
	return handle_drop(btf, ctx, (struct sk_buff *)ctx[0], ctx[1], kfree_skb_reason(ctx),
			   kfree_skb_rx_sk(ctx));
}

PP_TP_CTX(drops_kfree_skb, kfree_skb, on_kfree_skb)
PP_TP_CLASSIC(drops_kfree_skb, skb, kfree_skb, trace_event_raw_kfree_skb,
	      handle_drop(false, ctx, ctx->skbaddr, (__u64)ctx->location,
			  kfree_skb_record_reason(ctx), kfree_skb_record_rx_sk(ctx)))

char LICENSE[] SEC("license") = "GPL";
