// SPDX-License-Identifier: GPL-2.0
/*
 * txq.bpf.c - which TX queue each flow is given.
 *
 * At net_dev_start_xmit the stack has chosen the queue (skb->queue_mapping)
 * and hands the skb to the driver. Per packet we count (device, flow, queue)
 * and (device, queue) in per-CPU maps, and tell user space only when a flow
 * appears or moves to another queue, so the cost per packet stays a few map
 * look-ups.
 */
#include "bpf/common.bpf.h"
#include "txq.h"
#include "bpf/devices.bpf.h"

#define TCPF_TIME_WAIT (1 << 6)
#define TCPF_NEW_SYN_RECV (1 << 12)
#define NO_QUEUE_MAPPING 0xffff

#include "pick.bpf.h" /* the optional hook on netdev_core_pick_tx */

/* Sized by --max-flows. */
PP_MAP(txq_flows, BPF_MAP_TYPE_LRU_PERCPU_HASH, 16384, struct txq_flow_key, struct txq_flow_stats);

/* Sized by --max-flows. */
PP_MAP(txq_flow_state, BPF_MAP_TYPE_LRU_HASH, 16384, struct txq_flow_state_key,
       struct txq_flow_state);

/* Per-queue totals of devices with a slot: see PP_DEV_SLOTS. */
PP_MAP(txq_queue_slots, BPF_MAP_TYPE_PERCPU_ARRAY, PP_DEV_SLOTS * TXQ_SLOT_QUEUES, __u32,
       struct txq_queue_stats);

/* ... and of the rest. */
PP_MAP(txq_queues, BPF_MAP_TYPE_PERCPU_HASH, 4096, struct txq_queue_key, struct txq_queue_stats);

PP_MAP(txq_last, BPF_MAP_TYPE_PERCPU_ARRAY, 1, __u32, struct txq_last_flow);

/* Bumped by every queue change anywhere: a CPU's cached "last flow" is
 * only trusted while no change has happened since it was filled. */
__u64 txq_change_gen;
/* Next free device slot. */
__u32 txq_next_slot;

PP_RINGBUF(txq_events, 256 * 1024);

static const struct txq_queue_stats zero_queue_stats;
static const struct txq_flow_stats zero_flow_stats;

/*
 * The device's slot + 1 (0 when out of slots), remembering what the device
 * looks like the first time. Slow path: once per flow and CPU.
 */
static __always_inline __u32 device_slot(const bool btf, struct net_device *dev,
					 const struct pp_dev_id *id)
{
	struct pp_dev_info *known = pp_device_remember(btf, dev, id, &txq_next_slot);

	return known && known->slot < PP_DEV_SLOTS ? known->slot + 1 : 0;
}

/* The socket's cached TX queue, or -1 when the skb has no full socket. */
static __always_inline __s32 sk_cached_queue(const bool btf, struct sk_buff *skb, __u8 *has_sk)
{
	struct sock *sk = RD(btf, skb, sk);
	__u8 state;
	__u16 q;

	*has_sk = 0;
	if (!sk)
		return -1;
	state = RD(btf, sk, __sk_common.skc_state);
	if ((1 << state) & (TCPF_TIME_WAIT | TCPF_NEW_SYN_RECV))
		return -1;
	*has_sk = 1;
	q = RD(btf, sk, __sk_common.skc_tx_queue_mapping);
	return q == NO_QUEUE_MAPPING ? -1 : q;
}

static __always_inline void emit_event(const bool btf, struct sk_buff *skb, struct net_device *dev,
				       const struct txq_flow_key *key, const struct pp_snap *snap,
				       __s32 old_queue, __u8 ooo_okay)
{
	struct txq_event *e = pp_reserve_pkt(&txq_events, struct txq_event);

	if (!e)
		return;
	e->type = old_queue < 0 ? PP_EV_TXQ_NEW_FLOW : PP_EV_TXQ_CHANGE;
	e->cpu = bpf_get_smp_processor_id();
	e->ts_ns = bpf_ktime_get_ns();
	e->dev = key->dev;
	e->flow = key->flow;
	e->old_queue = old_queue;
	e->new_queue = key->queue;
	e->sk_queue = sk_cached_queue(btf, skb, &e->has_sk);
	e->hash = RD(btf, skb, hash);
	e->real_num_tx_queues = RD(btf, dev, real_num_tx_queues);
	e->ooo_okay = ooo_okay;
	e->pad = 0;
	bpf_probe_read_kernel_str(e->dev_name, sizeof(e->dev_name), &dev->name);
	pick_fill(btf, skb, e);
	if (targ_pcap_snaplen)
		pp_pkt_fill(&e->pkt, snap, PP_DIR_OUT);
	bpf_ringbuf_submit(e, 0);
}

/* Add packets to their (device, queue) total. */
static __always_inline void count_queue(const struct txq_flow_key *key, __u32 slot, __u64 packets,
					__u64 bytes, __u64 skbs)
{
	struct txq_queue_stats *q = NULL;

	if (slot && slot <= PP_DEV_SLOTS && key->queue < TXQ_SLOT_QUEUES) {
		__u32 idx = (slot - 1) * TXQ_SLOT_QUEUES + key->queue;

		q = bpf_map_lookup_elem(&txq_queue_slots, &idx);
	} else {
		struct txq_queue_key qkey = { .dev = key->dev, .queue = key->queue };

		q = pp_lookup_or_init(&txq_queues, &qkey, &zero_queue_stats,
				      PP_CNT_QUEUE_UPDATE_FAILED);
	}
	if (q) {
		q->packets += packets;
		q->bytes += bytes;
		q->skbs += skbs;
	}
}

/* The flow's per-CPU entry, created when missing. */
static __always_inline struct txq_flow_stats *flow_entry(const struct txq_flow_key *key)
{
	struct txq_flow_stats *f = bpf_map_lookup_elem(&txq_flows, key);

	if (f)
		return f;
	/* LRU: a full table evicts the oldest flow. User space derives
	 * evictions from this counter and the entries it finds. */
	pp_count(PP_CNT_FLOW_NEW);
	bpf_map_update_elem(&txq_flows, key, &zero_flow_stats, BPF_NOEXIST);
	f = bpf_map_lookup_elem(&txq_flows, key);
	if (!f)
		pp_count(PP_CNT_FLOW_UPDATE_FAILED);
	return f;
}

/* Move what the CPU's last-flow entry holds into the tables. */
static __always_inline void flush_last(struct txq_last_flow *last)
{
	struct txq_flow_stats *f;

	if (!last->gen || !last->skbs)
		return;
	f = flow_entry(&last->key);
	if (f) {
		f->packets += last->packets;
		f->bytes += last->bytes;
		f->skbs += last->skbs;
		f->ooo_okay += last->ooo_okay;
	}
	count_queue(&last->key, last->dev_slot, last->packets, last->bytes, last->skbs);
	last->packets = last->bytes = last->skbs = last->ooo_okay = 0;
}

/*
 * Tell user space when a flow appears or changes queue. The state is shared
 * by all CPUs, so a flow whose sender moves between CPUs is still one flow.
 */
static __always_inline void track_changes(const bool btf, struct sk_buff *skb,
					  struct net_device *dev, const struct txq_flow_key *key,
					  const struct pp_snap *snap, __u8 ooo_okay)
{
	struct txq_flow_state *state;
	__s32 old_queue;

	state = bpf_map_lookup_elem(&txq_flow_state, key);
	if (!state) {
		struct txq_flow_state init = { .queue = key->queue };

		bpf_map_update_elem(&txq_flow_state, key, &init, BPF_ANY);
		emit_event(btf, skb, dev, key, snap, -1, ooo_okay);
		return;
	}
	if (state->queue == key->queue)
		return;
	old_queue = state->queue;
	state->queue = key->queue;
	__sync_fetch_and_add(&state->changes, 1);
	__sync_fetch_and_add(&txq_change_gen, 1);
	emit_event(btf, skb, dev, key, snap, old_queue, ooo_okay);
}

static __always_inline void add_pending(struct txq_last_flow *last, __u32 segs, __u32 len,
					__u8 ooo_okay)
{
	last->packets += segs;
	last->bytes += len;
	last->skbs++;
	last->ooo_okay += ooo_okay;
}

/* Same burst by (socket, hash, device, queue): see struct txq_last_flow. */
static __always_inline bool same_burst(const bool btf, struct sk_buff *skb, struct net_device *dev,
				       const struct txq_last_flow *last, __u32 queue)
{
	return last->hash && last->gen == txq_change_gen + 1 && last->key.queue == queue &&
	       last->hash == RD(btf, skb, hash) && last->sk == (__u64)RD(btf, skb, sk) &&
	       last->key.dev.ifindex == (__u32)RD(btf, dev, ifindex) &&
	       last->key.dev.netns == dev_netns(btf, dev);
}

static __always_inline int handle_xmit(const bool btf, struct sk_buff *skb, struct net_device *dev)
{
	struct txq_flow_stats *fstats;
	struct txq_last_flow *last;
	struct txq_flow_key key;
	struct pp_snap snap;
	__u32 segs, len, queue, zero = 0;
	bool verify = false;
	__u8 ooo_okay;

	if (!meta_match_dev(btf, dev))
		return 0;
	queue = RD(btf, skb, queue_mapping);
	if (pp_mf.queue >= 0 && queue != (__u32)pp_mf.queue)
		return 0;
	last = bpf_map_lookup_elem(&txq_last, &zero);
	if (!last)
		return 0;
	segs = skb_segments(btf, skb);
	len = RD(btf, skb, len);
	ooo_okay = RD_BITFIELD(btf, skb, ooo_okay);

	/* The fastest path: no filter to run, and the packet continues this
	 * CPU's burst. Its headers are not even read, except now and then. */
	if (!pp_mf.pkt_filter && same_burst(btf, skb, dev, last, queue)) {
		if (++last->hits % TXQ_VERIFY_EVERY) {
			add_pending(last, segs, len, ooo_okay);
			return 0;
		}
		verify = true;
	}

	if (!pp_snapshot(btf, skb, dev, pp_snaplen(), &snap))
		return 0;
	if (!pp_filter_match(&snap))
		return 0;
	key.queue = queue;
	key.dev.ifindex = RD(btf, dev, ifindex);
	key.dev.netns = dev_netns(btf, dev);
	pp_flow_parse(&snap, &key.flow);

	/* The fast path: same flow and queue as this CPU's previous packet,
	 * and no queue change anywhere since. */
	if (last->gen == txq_change_gen + 1 && pp_words_equal(&last->key, &key, sizeof(key))) {
		add_pending(last, segs, len, ooo_okay);
		return 0;
	}
	if (verify)
		pp_count(PP_CNT_TXQ_MISATTRIBUTED);
	flush_last(last);

	fstats = flow_entry(&key);
	if (fstats && !fstats->dev_slot) {
		/* First packet of this flow on this CPU. */
		__u8 has_sk;

		fstats->dev_slot = device_slot(btf, dev, &key.dev) ?: PP_DEV_SLOTS + 1;
		fstats->hash = RD(btf, skb, hash);
		fstats->sk_queue = sk_cached_queue(btf, skb, &has_sk);
		fstats->first_ns = bpf_ktime_get_ns();
		fstats->cpu = bpf_get_smp_processor_id();
	}
	if (fstats) {
		fstats->packets += segs;
		fstats->bytes += len;
		fstats->skbs++;
		fstats->ooo_okay += ooo_okay;
	}
	count_queue(&key, fstats ? fstats->dev_slot : 0, segs, len, 1);
	track_changes(btf, skb, dev, &key, &snap, ooo_okay);

	/* Later packets of this burst take the fast paths. */
	__builtin_memcpy(&last->key, &key, sizeof(key));
	last->sk = (__u64)RD(btf, skb, sk);
	last->hash = RD(btf, skb, hash);
	last->hits = 0;
	last->dev_slot = fstats ? fstats->dev_slot : 0;
	last->gen = txq_change_gen + 1;
	return 0;
}

PP_TP(txq_start_xmit, net_dev_start_xmit, handle_xmit, struct sk_buff *skb,
      struct net_device *dev)
PP_TP_CLASSIC(txq_start_xmit, net, net_dev_start_xmit, trace_event_raw_net_dev_start_xmit,
	      handle_xmit(false, (void *)ctx->skbaddr, start_xmit_record_dev(ctx)))

char LICENSE[] SEC("license") = "GPL";
