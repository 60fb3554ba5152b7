// SPDX-License-Identifier: GPL-2.0
/*
 * otherhost.bpf.c - frames that reached this host although their
 * destination MAC is not ours (skb->pkt_type == PACKET_OTHERHOST, set by
 * eth_type_trans in the driver): flooding by a switch, a promiscuous
 * device, a stale neighbour entry somewhere.
 *
 * Two places: netif_receive_skb, where the stack first meets every frame,
 * and kfree_skb, where IP (ip_rcv_core, ip6_rcv_core) drops them with the
 * reason OTHERHOST, or something else drops them first. Counted per
 * (device, destination MAC) in a per-CPU table; each sighting is also a
 * rate-limited event for the live lines.
 */
#include "bpf/drops.bpf.h"
#include "otherhost.h"

PP_MAP(otherhost_table, BPF_MAP_TYPE_PERCPU_HASH, 4096, struct otherhost_key,
       struct otherhost_stats);

PP_RINGBUF(otherhost_events, 256 * 1024);

/* Scratch for one event's worth of addresses: keeps the stack small. */
struct frame_addrs {
	__u8 dst[6];
	__u8 src[6];
	__u8 dev[6];
	__u8 has_mac;
	__u8 promisc;
};

static __always_inline void read_addrs(const bool btf, struct net_device *dev,
				       const struct pp_snap *snap, struct frame_addrs *a)
{
	__builtin_memset(a, 0, sizeof(*a));
	if (snap->s && snap->has_l2 && snap->s->caplen >= 12) {
		__builtin_memcpy(a->dst, snap->s->pkt, 6);
		__builtin_memcpy(a->src, snap->s->pkt + 6, 6);
		a->has_mac = 1;
	}
	bpf_probe_read_kernel(a->dev, sizeof(a->dev), RD(btf, dev, dev_addr));
	a->promisc = !!(RD(btf, dev, flags) & IFF_PROMISC);
}

static __always_inline void count_frame(const struct otherhost_key *key, struct net_device *dev,
					const struct frame_addrs *a, enum otherhost_stage stage,
					__u32 len, __u64 now)
{
	struct otherhost_stats *st = bpf_map_lookup_elem(&otherhost_table, key);

	if (!st) {
		struct otherhost_stats init = {};

		dev_name_copy(dev, true, init.dev_name);
		bpf_map_update_elem(&otherhost_table, key, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&otherhost_table, key);
		if (!st) {
			pp_count(PP_CNT_OTHERHOST_TABLE_FULL);
			return;
		}
	}
	if (stage == OTHERHOST_RECEIVED) {
		st->received++;
		st->bytes += len;
		__builtin_memcpy(st->src_mac, a->src, 6);
	} else {
		st->dropped++;
	}
	__builtin_memcpy(st->dev_mac, a->dev, 6);
	st->promisc = a->promisc;
	st->last_ns = now;
}

static __always_inline void emit_frame(const struct otherhost_key *key, struct net_device *dev,
				       const struct frame_addrs *a, const struct pp_flow *flow,
				       const struct pp_snap *snap, enum otherhost_stage stage, __u64 location, __u32 reason,
				       __u32 len, __u64 now)
{
	struct otherhost_event *e;

	if (!live_event_allowed())
		return;
	e = pp_reserve_pkt(&otherhost_events, struct otherhost_event);
	if (!e)
		return;
	e->type = PP_EV_OTHERHOST;
	e->stage = stage;
	e->ts_ns = now;
	e->location = location;
	e->reason = reason;
	e->cpu = bpf_get_smp_processor_id();
	e->dev = key->dev;
	e->flow = *flow;
	e->len = len;
	__builtin_memcpy(e->dst_mac, a->dst, 6);
	__builtin_memcpy(e->src_mac, a->src, 6);
	__builtin_memcpy(e->dev_mac, a->dev, 6);
	e->promisc = a->promisc;
	e->has_mac = a->has_mac;
	dev_name_copy(dev, true, e->dev_name);
	if (targ_pcap_snaplen)
		pp_pkt_fill(&e->pkt, snap, PP_DIR_IN);
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int handle_frame(const bool btf, struct sk_buff *skb,
					enum otherhost_stage stage, __u64 location, __u32 reason)
{
	struct otherhost_key key = {};
	struct frame_addrs addrs;
	struct net_device *dev;
	struct pp_flow flow;
	struct pp_snap snap;
	__u64 now;
	__u32 len;

	if (!skb || RD_BITFIELD(btf, skb, pkt_type) != PACKET_OTHERHOST)
		return 0;
	dev = RD(btf, skb, dev);
	if (!skb_has_dev(btf, dev) || !meta_match_dev(btf, dev))
		return 0;
	if (!drops_inspect(btf, skb, dev, &flow, &snap))
		return 0;
	read_addrs(btf, dev, &snap, &addrs);

	now = bpf_ktime_get_ns();
	len = skb_l3_len(btf, skb);
	key.dev.ifindex = RD(btf, dev, ifindex);
	key.dev.netns = dev_netns(btf, dev);
	__builtin_memcpy(key.dst_mac, addrs.dst, 6);
	count_frame(&key, dev, &addrs, stage, len, now);
	emit_frame(&key, dev, &addrs, &flow, &snap, stage, location, reason, len, now);
	return 0;
}

static __always_inline int handle_free(const bool btf, struct sk_buff *skb, __u64 location,
				       __u32 reason)
{
	if (reason != PP_DROP_NO_REASON && !reason_is_drop(reason))
		return 0;
	return handle_frame(btf, skb, OTHERHOST_DROPPED, location, reason);
}

static __always_inline int on_receive(const bool btf, struct sk_buff *skb)
{
	return handle_frame(btf, skb, OTHERHOST_RECEIVED, 0, PP_DROP_NO_REASON);
}

/* kfree_skb: its arguments depend on the kernel (compat.bpf.h). */
static __always_inline int on_kfree_skb(const bool btf, unsigned long long *ctx)
{
	return handle_free(btf, (struct sk_buff *)ctx[0], ctx[1], kfree_skb_reason(ctx));
}

PP_TP(otherhost_rx, netif_receive_skb, on_receive, struct sk_buff *skb)
PP_TP_CLASSIC(otherhost_rx, net, netif_receive_skb, trace_event_raw_net_dev_template,
	      on_receive(false, ctx->skbaddr))

PP_TP_CTX(otherhost_free, kfree_skb, on_kfree_skb)
PP_TP_CLASSIC(otherhost_free, skb, kfree_skb, trace_event_raw_kfree_skb,
	      handle_free(false, ctx->skbaddr, (__u64)ctx->location,
			  kfree_skb_record_reason(ctx)))

char LICENSE[] SEC("license") = "GPL";
