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
#include "common.bpf.h"

#define TCPF_TIME_WAIT (1 << 6)
#define TCPF_NEW_SYN_RECV (1 << 12)
#define NO_QUEUE_MAPPING 0xffff

#include "txq_pick.bpf.h" /* the optional hook on netdev_core_pick_tx */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 16384); /* --max-flows */
	__type(key, struct txq_flow_key);
	__type(value, struct txq_flow_stats);
} txq_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384); /* --max-flows */
	__type(key, struct txq_flow_state_key);
	__type(value, struct txq_flow_state);
} txq_flow_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct txq_queue_key);
	__type(value, struct txq_queue_stats);
} txq_queues SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct pp_dev_id);
	__type(value, struct pp_dev_info);
} pp_devices SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} txq_events SEC(".maps");

static const struct txq_queue_stats zero_queue_stats;

/* Remember what a device looks like, once, on the slow path. */
static __always_inline void note_device(const bool btf, struct net_device *dev,
					const struct pp_dev_id *id)
{
	struct pp_dev_info info = {};

	if (bpf_map_lookup_elem(&pp_devices, id))
		return;
	bpf_probe_read_kernel_str(info.name, sizeof(info.name), &dev->name);
	info.real_num_tx_queues = RD(btf, dev, real_num_tx_queues);
	info.real_num_rx_queues = RD(btf, dev, real_num_rx_queues);
	info.flags = RD(btf, dev, flags);
	info.type = RD(btf, dev, type);
	bpf_probe_read_kernel(info.addr, sizeof(info.addr), RD(btf, dev, dev_addr));
	if (bpf_map_update_elem(&pp_devices, id, &info, BPF_NOEXIST) == -PP_E2BIG)
		pp_count(PP_CNT_DEV_UPDATE_FAILED);
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

/* Segments the qdisc layer counts for this skb: gso_segs for GSO, else 1. */
static __always_inline __u32 skb_segments(const bool btf, struct sk_buff *skb)
{
	struct skb_shared_info *shinfo;
	__u16 gso_size = 0, gso_segs = 0;

	shinfo = (void *)(RD(btf, skb, head) + RD(btf, skb, end));
	bpf_core_read(&gso_size, sizeof(gso_size), &shinfo->gso_size);
	if (!gso_size)
		return 1;
	bpf_core_read(&gso_segs, sizeof(gso_segs), &shinfo->gso_segs);
	return gso_segs ? gso_segs : 1;
}

static __always_inline void emit_event(const bool btf, struct sk_buff *skb, struct net_device *dev,
				       const struct txq_flow_key *key, __s32 old_queue,
				       __u8 ooo_okay)
{
	struct txq_event *e = pp_reserve(&txq_events, struct txq_event);

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
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int handle_xmit(const bool btf, struct sk_buff *skb, struct net_device *dev)
{
	struct txq_flow_state_key skey;
	struct txq_flow_state *state;
	struct txq_queue_stats *qstats;
	struct txq_flow_stats *fstats;
	struct txq_queue_key qkey;
	struct txq_flow_key key;
	struct pp_snap snap;
	__u32 segs, len;
	__u8 ooo_okay, has_sk;
	__s32 old_queue;

	if (!meta_match_dev(btf, dev))
		return 0;
	key.queue = RD(btf, skb, queue_mapping);
	if (pp_mf.queue >= 0 && key.queue != (__u32)pp_mf.queue)
		return 0;
	if (!pp_snapshot(btf, skb, dev, pp_snaplen(), &snap))
		return 0;
	if (!pp_filter_match(&snap))
		return 0;

	key.dev.ifindex = RD(btf, dev, ifindex);
	key.dev.netns = dev_netns(btf, dev);
	pp_flow_parse(&snap, &key.flow);
	segs = skb_segments(btf, skb);
	len = RD(btf, skb, len);
	ooo_okay = RD_BITFIELD(btf, skb, ooo_okay);

	qkey.dev = key.dev;
	qkey.queue = key.queue;
	qstats = pp_lookup_or_init(&txq_queues, &qkey, &zero_queue_stats,
				   PP_CNT_QUEUE_UPDATE_FAILED);
	if (qstats) {
		qstats->packets += segs;
		qstats->bytes += len;
		qstats->skbs++;
	}

	fstats = bpf_map_lookup_elem(&txq_flows, &key);
	if (!fstats) {
		struct txq_flow_stats init = {};

		/* LRU: a full table evicts the oldest flow. User space derives
		 * evictions from this counter and the entries it finds. */
		pp_count(PP_CNT_FLOW_NEW);
		bpf_map_update_elem(&txq_flows, &key, &init, BPF_NOEXIST);
		fstats = bpf_map_lookup_elem(&txq_flows, &key);
		if (!fstats) {
			pp_count(PP_CNT_FLOW_UPDATE_FAILED);
			return 0;
		}
		note_device(btf, dev, &key.dev);
	}
	fstats->packets += segs;
	fstats->bytes += len;
	fstats->skbs++;
	fstats->ooo_okay += ooo_okay;
	fstats->last_ns = bpf_ktime_get_ns();
	fstats->last_cpu = bpf_get_smp_processor_id();
	fstats->hash = RD(btf, skb, hash);
	fstats->sk_queue = sk_cached_queue(btf, skb, &has_sk);

	/* Has the flow changed queue? The state is shared by all CPUs, so a
	 * flow whose sender moves between CPUs is still one flow. */
	skey.dev = key.dev;
	skey.flow = key.flow;
	state = bpf_map_lookup_elem(&txq_flow_state, &skey);
	if (!state) {
		struct txq_flow_state init = { .queue = key.queue };

		bpf_map_update_elem(&txq_flow_state, &skey, &init, BPF_ANY);
		emit_event(btf, skb, dev, &key, -1, ooo_okay);
		return 0;
	}
	if (state->queue == key.queue)
		return 0;
	old_queue = state->queue;
	state->queue = key.queue;
	__sync_fetch_and_add(&state->changes, 1);
	emit_event(btf, skb, dev, &key, old_queue, ooo_okay);
	return 0;
}

/* Three ways to the same tracepoint; user space loads the best one. */

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(txq_start_xmit_btf, struct sk_buff *skb, struct net_device *dev)
{
	return handle_xmit(true, skb, dev);
}

SEC("raw_tp/net_dev_start_xmit")
int BPF_PROG(txq_start_xmit_raw, struct sk_buff *skb, struct net_device *dev)
{
	return handle_xmit(false, skb, dev);
}

SEC("tracepoint/net/net_dev_start_xmit")
int txq_start_xmit_tp(struct trace_event_raw_net_dev_start_xmit *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)ctx->skbaddr;

	return handle_xmit(false, skb, BPF_CORE_READ(skb, dev));
}

char LICENSE[] SEC("license") = "GPL";
