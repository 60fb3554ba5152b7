/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drops.bpf.h - what the drop programs (drops.bpf.c, otherhost.bpf.c)
 * share: the namespace of a packet without a device, the filters, and the
 * rate limit of the live events. (Which drop reasons are not drops depends
 * on the kernel: reason_is_drop() in compat.bpf.h.)
 */
#ifndef PP_DROPS_BPF_H
#define PP_DROPS_BPF_H

#include "common.bpf.h"
#include "rate.bpf.h"

#define PACKET_OTHERHOST 3
#define IFF_PROMISC 0x100
#define PP_EEXIST 17

/* Live events per second over all CPUs; 0: none (the tables count all). */
const volatile __u32 targ_rate = 100;

/*
 * Is skb->dev a device? It may be NULL, and once UDP queues an skb to a
 * socket it reuses the field as scratch space (dev_scratch): a pointer
 * whose ifindex does not read as a real one (a fault reads as 0) is no
 * device. The pointer itself is kept either way: a constant NULL would
 * lose its type for the verifier.
 */
static __always_inline bool skb_has_dev(const bool btf, struct net_device *dev)
{
	return dev && (int)RD(btf, dev, ifindex) > 0;
}

/*
 * The namespace of a packet: its device's, else its socket's, else that of
 * the socket that was receiving it (rx_sk, NULL where unknown), else 0.
 */
static __always_inline __u32 skb_netns(const bool btf, struct sk_buff *skb, struct net_device *dev,
				       bool has_dev, struct sock *rx_sk)
{
	struct sock *sk;

	if (has_dev)
		return dev_netns(btf, dev);
	sk = RD(btf, skb, sk);
	if (!sk)
		sk = rx_sk;
	if (!sk)
		return 0;
	if (btf)
		return sk->__sk_common.skc_net.net->ns.inum;
	return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

/*
 * The meta filters for a packet that may have no device (freed on the way
 * out before it had one, or at a socket): a device filter then does not
 * match, and the namespace is the socket's.
 */
static __always_inline bool drops_match_meta(const bool btf, struct sk_buff *skb,
					     struct net_device *dev, bool has_dev,
					     struct sock *rx_sk)
{
	if (has_dev)
		return meta_match_dev(btf, dev);
	if (pp_mf.ifindex || pp_mf.dev_name[0])
		return false;
	if (pp_mf.cpu >= 0 && bpf_get_smp_processor_id() != (__u32)pp_mf.cpu)
		return false;
	if (pp_mf.netns && skb_netns(btf, skb, dev, false, rx_sk) != pp_mf.netns)
		return false;
	return true;
}

/*
 * Copy the packet's first bytes, run the tcpdump filter and parse the flow.
 * A freed skb may have no linear bytes left (an empty or all-paged one):
 * it is still a drop, with no flow, unless a filter needs its bytes.
 * Returns false when the filter rejects the packet.
 */
static __always_inline bool drops_inspect(const bool btf, struct sk_buff *skb,
					  struct net_device *dev, struct pp_flow *flow,
					  struct pp_snap *snap)
{
	__u32 linear = RD(btf, skb, len) - RD(btf, skb, data_len);

	__builtin_memset(flow, 0, sizeof(*flow));
	snap->s = NULL;
	snap->has_l2 = 0;
	if (!linear || !pp_snapshot(btf, skb, dev, pp_snaplen(), snap)) {
		if (pp_mf.pkt_filter)
			return false;
		flow->ethertype = __builtin_bswap16(RD(btf, skb, protocol));
		return true;
	}
	if (!pp_filter_match(snap))
		return false;
	pp_flow_parse(snap, flow);
	return true;
}

/*
 * The packet's length from its network header on, as IP's total length
 * counts it: skb->len alone depends on how far the stack had got (a UDP
 * drop at the socket has its IP and UDP headers pulled already). Without
 * a network header (0 in a fresh skb), skb->len.
 */
static __always_inline __u32 skb_l3_len(const bool btf, struct sk_buff *skb)
{
	__u32 len = RD(btf, skb, len);
	__u32 data = RD(btf, skb, data) - RD(btf, skb, head);
	__u16 net = RD(btf, skb, network_header);

	if (!net || net > data + len)
		return len;
	return len + data - net;
}

/* ---- rate limit of the live events (rate.bpf.h) ------------------------ */

static struct pp_rate_window drops_rate;

/*
 * May one more live event go out this second? At most targ_rate a second
 * over all CPUs; what is held back is counted (PP_CNT_RATE_LIMITED).
 */
static __always_inline bool live_event_allowed(void)
{
	if (!targ_rate)
		return false;
	if (pp_rate_allow(&drops_rate, targ_rate, PP_NSEC_PER_SEC, bpf_ktime_get_ns()))
		return true;
	pp_count(PP_CNT_RATE_LIMITED);
	return false;
}

/* The device's name, or "" without a device. */
static __always_inline void dev_name_copy(struct net_device *dev, bool has_dev,
					  char name[PP_IFNAMSIZ])
{
	if (!has_dev || bpf_probe_read_kernel_str(name, PP_IFNAMSIZ, &dev->name) < 0)
		name[0] = 0;
}

#endif /* PP_DROPS_BPF_H */
