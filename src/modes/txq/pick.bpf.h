/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pick.bpf.h - txq's optional hook where the kernel picks the TX queue:
 * netdev_core_pick_tx(dev, skb, sb_dev), which sets skb->queue_mapping.
 * Included once, by txq.bpf.c.
 *
 * The first seed put a kretprobe on __netdev_pick_tx and logged the
 * socket's cached queue once. Done right: at entry keep, per CPU, the skb
 * and the socket's cached queue *before* the pick (netdev_pick_tx may
 * rewrite it); at exit record the queue picked, the cache *after*, and
 * whether the kernel's rule re-picked (no valid cached queue, or ooo_okay),
 * keyed by the skb, so that net_dev_start_xmit can put it into the event of
 * a new flow or a queue change. Both halves run on one CPU with bottom
 * halves off (__dev_queue_xmit holds rcu_read_lock_bh), so a per-CPU slot
 * pairs them. Each pick is also counted per (device, queue).
 *
 * Programs: fentry + fexit (BTF-typed, direct reads), or kprobe + kretprobe
 * (probe reads; the kretprobe only sees the return value, so the kprobe
 * keeps the arguments). User space loads one pair, or neither.
 */
#ifndef PP_TXQ_PICK_BPF_H
#define PP_TXQ_PICK_BPF_H

/* Set by user space when a pair of pick programs is loaded. */
const volatile bool has_pick = false;

struct txq_pick_slot {
	__u64 skb;      /* 0: empty */
	__u64 dev;
	__s32 before;
	__u32 ooo_okay;
};

PP_MAP(txq_pick_slot, BPF_MAP_TYPE_PERCPU_ARRAY, 1, __u32, struct txq_pick_slot);

/* skb address -> its pick. LRU: skbs that are never sent age out. */
PP_MAP(txq_picks, BPF_MAP_TYPE_LRU_HASH, 16384, __u64, struct txq_pick);

PP_MAP(txq_pick_queues, BPF_MAP_TYPE_PERCPU_HASH, 4096, struct txq_queue_key,
       struct txq_pick_stats);

/* sk_tx_queue_get(skb->sk), as netdev_pick_tx reads it. */
static __always_inline __s32 pick_sk_queue(const bool btf, struct sk_buff *skb)
{
	struct sock *sk = RD(btf, skb, sk);
	__u16 q;

	if (!sk)
		return -1;
	q = RD(btf, sk, __sk_common.skc_tx_queue_mapping);
	return q == NO_QUEUE_MAPPING ? -1 : q;
}

static __always_inline void pick_enter(const bool btf, struct net_device *dev,
				       struct sk_buff *skb)
{
	struct txq_pick_slot *slot;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&txq_pick_slot, &zero);
	if (!slot)
		return;
	slot->skb = (__u64)skb;
	slot->dev = (__u64)dev;
	slot->before = pick_sk_queue(btf, skb);
	slot->ooo_okay = RD_BITFIELD(btf, skb, ooo_okay);
}

static __always_inline void pick_exit(const bool btf, struct net_device *dev, struct sk_buff *skb)
{
	struct txq_pick_stats *st, zero_stats = {};
	struct txq_pick_slot *slot;
	struct txq_queue_key qkey;
	struct txq_pick p = {};
	__u64 key = (__u64)skb;
	const struct net_device_ops *ops;
	__u32 zero = 0, n;

	slot = bpf_map_lookup_elem(&txq_pick_slot, &zero);
	if (!slot || slot->skb != key)
		return; /* no entry seen for this skb: its event says "inferred" */
	slot->skb = 0;
	if (!meta_match_dev(btf, dev))
		return;
	p.queue = RD(btf, skb, queue_mapping);
	if (pp_mf.queue >= 0 && p.queue != (__u32)pp_mf.queue)
		return;
	n = RD(btf, dev, real_num_tx_queues);
	ops = RD(btf, dev, netdev_ops);
	p.sk_before = slot->before;
	p.sk_after = pick_sk_queue(btf, skb);
	p.cpu = bpf_get_smp_processor_id();
	p.len = RD(btf, skb, len);
	p.flags = TXQ_PICK_SEEN;
	/* netdev_core_pick_tx: one queue, or the driver's choice, or
	 * netdev_pick_tx, which keeps a valid cached queue unless ooo_okay. */
	if (n == 1)
		p.flags |= TXQ_PICK_SINGLE;
	else if (ops && RD(btf, ops, ndo_select_queue))
		p.flags |= TXQ_PICK_DRIVER;
	else if (p.sk_before < 0 || slot->ooo_okay || (__u32)p.sk_before >= n)
		p.flags |= TXQ_PICK_REPICKED;
	bpf_map_update_elem(&txq_picks, &key, &p, BPF_ANY);

	qkey.dev.ifindex = RD(btf, dev, ifindex);
	qkey.dev.netns = dev_netns(btf, dev);
	qkey.queue = p.queue;
	st = pp_lookup_or_init(&txq_pick_queues, &qkey, &zero_stats, PP_CNT_QUEUE_UPDATE_FAILED);
	if (st) {
		st->skbs++;
		st->repicked += !!(p.flags & TXQ_PICK_REPICKED);
	}
}

/* The pick of the skb an event is about, if the hook saw it. An skb
 * address can be reused by an skb that never went through the pick (a
 * qdisc bypass): the queue and length must match too. */
static __always_inline void pick_fill(const bool btf, struct sk_buff *skb, struct txq_event *e)
{
	struct txq_pick *p;
	__u64 key = (__u64)skb;

	__builtin_memset(&e->pick, 0, sizeof(e->pick));
	if (!has_pick)
		return;
	p = bpf_map_lookup_elem(&txq_picks, &key);
	if (p && p->queue == e->new_queue && p->len == (__u32)RD(btf, skb, len))
		e->pick = *p;
}

SEC("?fentry/netdev_core_pick_tx")
int BPF_PROG(txq_pick_fentry, struct net_device *dev, struct sk_buff *skb)
{
	pick_enter(true, dev, skb);
	return 0;
}

SEC("?fexit/netdev_core_pick_tx")
int BPF_PROG(txq_pick_fexit, struct net_device *dev, struct sk_buff *skb,
	     struct net_device *sb_dev, struct netdev_queue *txq)
{
	pick_exit(true, dev, skb);
	return 0;
}

SEC("?kprobe/netdev_core_pick_tx")
int BPF_KPROBE(txq_pick_kprobe, struct net_device *dev, struct sk_buff *skb)
{
	pick_enter(false, dev, skb);
	return 0;
}

SEC("?kretprobe/netdev_core_pick_tx")
int BPF_KRETPROBE(txq_pick_kretprobe)
{
	struct txq_pick_slot *slot;
	__u32 zero = 0;

	slot = bpf_map_lookup_elem(&txq_pick_slot, &zero);
	if (slot && slot->skb)
		pick_exit(false, (struct net_device *)slot->dev, (struct sk_buff *)slot->skb);
	return 0;
}

#endif /* PP_TXQ_PICK_BPF_H */
