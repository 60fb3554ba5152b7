// SPDX-License-Identifier: GPL-2.0
/*
 * rxq.bpf.c - which RX queue, IRQ and CPUs each received flow goes through.
 *
 * Three stages of a received packet, each on the CPU that runs it:
 *
 *   hand-off  the driver or netif_rx gives the skb to the stack
 *             (napi_gro_receive_entry, napi_gro_frags_entry,
 *             netif_receive_skb_entry, netif_receive_skb_list_entry,
 *             netif_rx): the softirq CPU, the RX queue the driver recorded
 *             (skb_record_rx_queue) and, inside NET_RX, the IRQ that
 *             scheduled the NAPI poll (trace/ctx.bpf.h);
 *   stack     netif_receive_skb, in __netif_receive_skb_core: the CPU that
 *             processes it after RPS/RFS chose one;
 *   socket    sk_data_ready, right after the stack queued it to a socket on
 *             the same CPU: which socket the flow goes to;
 *   reader    sock_recv_length: the task that receives from that socket,
 *             and its CPU.
 *
 * The hand-off is carried to the stack stage by skb address in a bounded
 * LRU table, removed there. Per packet the stack stage counts (device,
 * flow, queue, IRQ, softirq CPU) in a per-CPU map, whose CPU slot is the
 * stack's CPU; user space hears only of new flows, of flows that move, and
 * of sockets whose reader moves. (UDP copies a linear skb to user space
 * with copy_to_iter and frees it later on another CPU: no tracepoint sees
 * the reader with the skb, so the reader is found through the socket.)
 */
#include "bpf/common.bpf.h"
#include "rxq.h"
#include "bpf/devices.bpf.h"
#include "modes/trace/ctx_progs.bpf.h"

/* Skbs of one per-CPU flow entry between looks at the flow's shared state. */
#define RXQ_CHECK_EVERY 32

/* Set by user space when the IRQ and softirq programs are all attached. */
const volatile bool has_irq = false;

/* skb address -> its hand-off, until the stack meets it. Each CPU keeps
 * its own LRU list: inserting takes no lock shared with the other CPUs. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__uint(max_entries, 16384); /* --max-packets */
	__type(key, __u64);
	__type(value, struct rxq_skb);
} rxq_skbs SEC(".maps");

/* socket address -> its reader. */
PP_MAP(rxq_readers, BPF_MAP_TYPE_LRU_HASH, 16384, __u64, struct rxq_reader); /* --max-flows */

/* The flow the stack met last on this CPU, for sk_data_ready. */
struct rxq_cur {
	struct rxq_flow_state_key key;
	__u32 rps_cpu;
	__u32 valid;
};

PP_MAP(rxq_cur, BPF_MAP_TYPE_PERCPU_ARRAY, 1, __u32, struct rxq_cur);

/* Sized by --max-flows. */
PP_MAP(rxq_flows, BPF_MAP_TYPE_LRU_PERCPU_HASH, 16384, struct rxq_flow_key, struct rxq_flow_stats);

/* Sized by --max-flows. */
PP_MAP(rxq_flow_state, BPF_MAP_TYPE_LRU_HASH, 16384, struct rxq_flow_state_key,
       struct rxq_flow_state);

PP_MAP(rxq_queues, BPF_MAP_TYPE_PERCPU_HASH, 4096, struct rxq_queue_key, struct rxq_queue_stats);

PP_RINGBUF(rxq_events, 256 * 1024);

static const struct rxq_flow_stats zero_flow_stats;
static const struct rxq_queue_stats zero_queue_stats;

/* skb_get_rx_queue() when skb_rx_queue_recorded(): what get_rps_cpu uses. */
static __always_inline __u16 recorded_rx_queue(const bool btf, struct sk_buff *skb)
{
	__u16 qm = RD(btf, skb, queue_mapping);

	return qm ? qm - 1 : RXQ_NO_QUEUE;
}

/*
 * Can get_rps_cpu() send this skb to another CPU: has its RX queue (the
 * recorded one, else 0) an RPS map or an RFS flow table? When not, the
 * stack processes it where it was handed over, and the hand-off need not
 * be carried by skb address: the common case costs no map update.
 */
static __always_inline bool rx_queue_steers(struct sk_buff *skb, struct net_device *dev)
{
	struct netdev_rx_queue *q = BPF_CORE_READ(dev, _rx);
	__u16 qm = BPF_CORE_READ(skb, queue_mapping);
	__u32 idx = qm ? qm - 1 : 0;

	if (!q || !kernel_has_rps())
		return false;
	if (idx >= BPF_CORE_READ(dev, real_num_rx_queues))
		return false; /* get_rps_cpu() gives up on such a queue */
	q = (void *)q + idx * bpf_core_type_size(struct netdev_rx_queue);
	return BPF_CORE_READ(q, rps_map) || BPF_CORE_READ(q, rps_flow_table);
}

/* The IRQ whose NAPI poll hands this packet over; -1 outside NET_RX. */
static __always_inline __s32 handoff_irq(const bool btf, struct sk_buff *skb,
					 struct net_device *dev)
{
	struct trace_cpu *c;
	struct irq_pick p;

	if (!has_irq)
		return -1;
	c = trace_cpu();
	if (!c || !c->in_net_rx)
		return -1;
	irq_pick_napi(btf, c, napi_id_of(btf, skb), dev, &p);
	return p.irq;
}

/* Defined with the stack stage, which counts in segments too. */
static __always_inline __u32 skb_segments(const bool btf, struct sk_buff *skb);

/* pp_count() by n: the hand-off and stack balance in segments (GRO). */
static __always_inline void count_segments(enum pp_counter which, __u32 n)
{
	__u32 key = which;
	__u64 *val = bpf_map_lookup_elem(&pp_counters, &key);

	if (val)
		*val += n; /* per CPU: no atomic needed */
}

/* The driver (napi) or netif_rx hands an skb to the stack on this CPU. */
static __always_inline int on_handoff(const bool btf, struct sk_buff *skb, bool napi)
{
	struct net_device *dev = RD(btf, skb, dev);
	struct rxq_skb st = {};
	__u64 key = (__u64)skb;

	/* --cpu is the stack's CPU, checked at the stack stage. */
	if (pp_mf.cpu < 0 && !meta_match_dev(btf, dev))
		return 0;
	/* Balanced against PP_CNT_RXQ_STACK_MET: what the stack never met is
	 * reported (rxq_unseen), not silently missing. Without --cpu only:
	 * with it the hand-off cannot tell which packets the stack counts. */
	if (pp_mf.cpu < 0)
		count_segments(PP_CNT_RXQ_HANDED_OFF, skb_segments(btf, skb));
	/* Only an IRQ or a possible move is worth carrying to the stack. */
	if (!(napi && has_irq) && !rx_queue_steers(skb, dev))
		return 0;
	st.softirq_cpu = bpf_get_smp_processor_id();
	st.rx_queue = recorded_rx_queue(btf, skb);
	st.irq = napi ? handoff_irq(btf, skb, dev) : -1;
	if (bpf_map_update_elem(&rxq_skbs, &key, &st, BPF_ANY))
		pp_count(PP_CNT_SKB_TABLE_FULL);
	return 0;
}

/* Is the current task a ksoftirqd thread ("ksoftirqd/N")? */
static __always_inline bool in_ksoftirqd(void)
{
	char comm[16];
	__u64 head;

	if (bpf_get_current_comm(comm, sizeof(comm)))
		return false;
	__builtin_memcpy(&head, comm, 8);
	return head == 0x71726974666f736bULL /* "ksoftirq" */ && comm[8] == 'd' &&
	       comm[9] == '/';
}

static __always_inline void emit_event(const bool btf, struct net_device *dev, __u32 type,
				       const struct rxq_flow_state_key *key,
				       const struct rxq_flow_state *now,
				       const struct rxq_flow_state *old,
				       const struct rxq_reader *reader,
				       const struct rxq_reader *old_reader)
{
	struct rxq_event *e = pp_reserve(&rxq_events, struct rxq_event);

	if (!e)
		return;
	e->type = type;
	e->cpu = bpf_get_smp_processor_id();
	e->ts_ns = bpf_ktime_get_ns();
	e->dev = key->dev;
	e->flow = key->flow;
	e->now = *now;
	if (old)
		e->old = *old;
	else
		__builtin_memset(&e->old, 0, sizeof(e->old));
	if (reader)
		e->reader = *reader;
	else
		__builtin_memset(&e->reader, 0, sizeof(e->reader));
	if (old_reader)
		e->old_reader = *old_reader;
	else
		__builtin_memset(&e->old_reader, 0, sizeof(e->old_reader));
	e->real_num_rx_queues = dev ? RD(btf, dev, real_num_rx_queues) : 0;
	e->pad = 0;
	__builtin_memset(e->dev_name, 0, sizeof(e->dev_name));
	if (dev)
		bpf_probe_read_kernel_str(e->dev_name, sizeof(e->dev_name), &dev->name);
	bpf_ringbuf_submit(e, 0);
}

/* The flow's per-CPU entry, created when missing (LRU: the oldest flow is
 * evicted; user space derives evictions from PP_CNT_FLOW_NEW). */
static __always_inline struct rxq_flow_stats *flow_entry(const bool btf, struct net_device *dev,
							 const struct rxq_flow_key *key)
{
	struct rxq_flow_stats *f = bpf_map_lookup_elem(&rxq_flows, key);

	if (f)
		return f;
	pp_count(PP_CNT_FLOW_NEW);
	pp_device_remember(btf, dev, &key->dev, NULL);
	bpf_map_update_elem(&rxq_flows, key, &zero_flow_stats, BPF_NOEXIST);
	f = bpf_map_lookup_elem(&rxq_flows, key);
	if (!f)
		pp_count(PP_CNT_FLOW_UPDATE_FAILED);
	return f;
}

static __always_inline void count_queue(const struct rxq_flow_key *key, __u32 cpu, __u32 segs,
					__u32 len)
{
	struct rxq_queue_key qkey = { .dev = key->dev, .queue = key->rx_queue };
	struct rxq_queue_stats *q;

	q = pp_lookup_or_init(&rxq_queues, &qkey, &zero_queue_stats, PP_CNT_QUEUE_UPDATE_FAILED);
	if (q) {
		q->packets += segs;
		q->bytes += len;
		q->skbs++;
		/* Unknown hand-off CPUs (unpaired skbs) are not counted. */
		if (key->softirq_cpu != RXQ_NO_CPU && key->softirq_cpu != cpu)
			q->steered += segs;
	}
}

/*
 * Tell user space when a flow appears, or arrives another way: another
 * queue, IRQ, softirq CPU or stack CPU. A packet whose hand-off was not
 * seen says nothing about the way, and changes nothing.
 */
static __always_inline void track_changes(const bool btf, struct net_device *dev,
					  const struct rxq_flow_key *key, __u32 cpu, __u32 hash)
{
	const struct rxq_flow_state_key *skey = (const void *)key;
	struct rxq_flow_state *state, old;

	state = bpf_map_lookup_elem(&rxq_flow_state, skey);
	if (!state) {
		struct rxq_flow_state init = {
			.rx_queue = key->rx_queue,
			.softirq_cpu = key->softirq_cpu,
			.rps_cpu = cpu,
			.irq = key->irq,
			.hash = hash,
		};

		bpf_map_update_elem(&rxq_flow_state, skey, &init, BPF_ANY);
		emit_event(btf, dev, RXQ_EV_NEW_FLOW, skey, &init, NULL, NULL, NULL);
		return;
	}
	state->hash = hash;
	if (key->softirq_cpu == RXQ_NO_CPU ||
	    (state->rps_cpu == cpu && state->softirq_cpu == key->softirq_cpu &&
	     state->rx_queue == key->rx_queue && state->irq == key->irq))
		return;
	old = *state;
	state->rps_cpu = cpu;
	state->softirq_cpu = key->softirq_cpu;
	state->rx_queue = key->rx_queue;
	state->irq = key->irq;
	__sync_fetch_and_add(&state->changes, 1);
	emit_event(btf, dev, RXQ_EV_CHANGE, skey, state, &old, NULL, NULL);
}

/* netif_receive_skb: the stack meets the packet on the CPU RPS/RFS chose. */
static __always_inline int on_stack(const bool btf, struct sk_buff *skb)
{
	struct net_device *dev = RD(btf, skb, dev);
	__u32 cpu = bpf_get_smp_processor_id(), segs, len, hash;
	struct rxq_flow_stats *f;
	struct rxq_flow_key key;
	struct pp_snap snap;
	struct rxq_skb *ps;
	struct rxq_cur *cur;
	__u64 skey = (__u64)skb;
	__u32 zero = 0;
	bool steers;

	if (!meta_match_dev(btf, dev))
		return 0;
	/* Before --rxq, --irq and the expression: the hand-off applies none. */
	if (pp_mf.cpu < 0)
		count_segments(PP_CNT_RXQ_STACK_MET, skb_segments(btf, skb));
	/* Only a packet that could move, or a NAPI packet's IRQ, has an entry. */
	steers = rx_queue_steers(skb, dev);
	ps = steers || has_irq ? bpf_map_lookup_elem(&rxq_skbs, &skey) : NULL;
	if (ps) {
		key.rx_queue = ps->rx_queue;
		key.softirq_cpu = ps->softirq_cpu;
		key.irq = ps->irq;
		bpf_map_delete_elem(&rxq_skbs, &skey);
	} else {
		key.rx_queue = recorded_rx_queue(btf, skb);
		key.irq = -1;
		if (!steers) {
			/* Nothing could move it: handed over on this CPU. */
			key.softirq_cpu = cpu;
		} else {
			/* Handed over before we attached, or evicted. */
			pp_count(PP_CNT_RXQ_UNPAIRED);
			key.softirq_cpu = RXQ_NO_CPU;
		}
	}
	cur = bpf_map_lookup_elem(&rxq_cur, &zero);
	if (cur)
		cur->valid = 0;
	if ((pp_mf.queue >= 0 && key.rx_queue != (__u32)pp_mf.queue) ||
	    (pp_mf.irq >= 0 && key.irq != pp_mf.irq) ||
	    !pp_snapshot(btf, skb, dev, pp_snaplen(), &snap) || !pp_filter_match(&snap))
		return 0;
	key.dev.ifindex = RD(btf, dev, ifindex);
	key.dev.netns = dev_netns(btf, dev);
	pp_flow_parse(&snap, &key.flow);
	segs = skb_segments(btf, skb);
	len = RD(btf, skb, len);
	/* get_rps_cpu() computed it (skb_get_hash) before choosing this CPU. */
	hash = RD(btf, skb, hash);

	f = flow_entry(btf, dev, &key);
	if (f) {
		f->packets += segs;
		f->bytes += len;
		f->skbs++;
		f->ksoftirqd += in_ksoftirqd();
		f->hash = hash;
	}
	count_queue(&key, cpu, segs, len);
	/* A move shows as a new per-CPU entry (another way in, or this CPU's
	 * first packet of the flow): the shared state is looked at then, and
	 * every RXQ_CHECK_EVERY-th skb of an entry, for a flow back on a way
	 * it used before. */
	if (!f || f->skbs == 1 || !(f->skbs % RXQ_CHECK_EVERY))
		track_changes(btf, dev, &key, cpu, hash);

	/* For sk_data_ready: this skb's flow and stack CPU. */
	if (cur) {
		__builtin_memcpy(&cur->key, &key, sizeof(cur->key));
		cur->rps_cpu = cpu;
		cur->valid = 1;
	}
	return 0;
}

/*
 * sk_data_ready: the stack queued data to a socket, on the CPU it met the
 * packet on. That packet is the CPU's last one if its destination port is
 * the socket's (a GRO list meets several packets before delivering any:
 * the port check keeps a socket from being given another socket's flow).
 */
static __always_inline int on_data_ready(const bool btf, struct sock *sk)
{
	struct rxq_flow_state *state;
	struct rxq_reader *r;
	struct rxq_cur *cur;
	__u64 skey = (__u64)sk;
	__u32 zero = 0;

	cur = bpf_map_lookup_elem(&rxq_cur, &zero);
	if (!cur || !cur->valid || !sk)
		return 0;
	if (RD(btf, sk, __sk_common.skc_num) != cur->key.flow.dport ||
	    RD(btf, sk, sk_protocol) != cur->key.flow.proto)
		return 0;
	state = bpf_map_lookup_elem(&rxq_flow_state, &cur->key);
	if (state)
		state->sk = skey;
	r = bpf_map_lookup_elem(&rxq_readers, &skey);
	if (!r) {
		struct rxq_reader init = { .app_cpu = RXQ_NO_CPU };

		bpf_map_update_elem(&rxq_readers, &skey, &init, BPF_ANY);
		r = bpf_map_lookup_elem(&rxq_readers, &skey);
		if (!r)
			return 0;
	}
	__builtin_memcpy(&r->key, &cur->key, sizeof(r->key));
	r->rps_cpu = cur->rps_cpu;
	return 0;
}

/* sock_recv_length: a task received ret bytes from a socket. */
static __always_inline int on_recv(const bool btf, struct sock *sk, int ret, int flags)
{
	__u32 cpu = bpf_get_smp_processor_id(), pid = bpf_get_current_pid_tgid() >> 32;
	struct rxq_flow_state *state;
	struct rxq_reader *r, old;
	__u64 skey = (__u64)sk;
	bool moved;

	if (ret <= 0)
		return 0;
	r = bpf_map_lookup_elem(&rxq_readers, &skey);
	if (!r)
		return 0;
	moved = r->app_cpu != cpu || r->app_pid != pid;
	if (moved) {
		old = *r;
		r->app_cpu = cpu;
		r->app_pid = pid;
		/* A thread may rename itself: the name is the one it had when
		 * it became the reader. */
		bpf_get_current_comm(r->app_comm, sizeof(r->app_comm));
	}
	__sync_fetch_and_add(&r->reads, 1);
	if (cpu != r->rps_cpu)
		__sync_fetch_and_add(&r->remote, 1);
	if (!moved)
		return 0;
	state = bpf_map_lookup_elem(&rxq_flow_state, &r->key);
	if (state)
		emit_event(false, NULL, RXQ_EV_APP, &r->key, state, NULL, r, &old);
	return 0;
}

/* ---- programs: declared per tracepoint from its handler (hook.bpf.h) ---- */

#define HANDOFF_PROGS(tp, cls, napi)                                                   \
	static __always_inline int on_##tp(const bool btf, struct sk_buff *skb)        \
	{                                                                              \
		return on_handoff(btf, skb, napi);                                     \
	}                                                                              \
	PP_TP(rxq_##tp, tp, on_##tp, struct sk_buff *skb)                              \
	PP_TP_CLASSIC(rxq_##tp, net, tp, trace_event_raw_##cls,                        \
		      on_##tp(false, (void *)BPF_CORE_READ(ctx, skbaddr)))

HANDOFF_PROGS(napi_gro_receive_entry, net_dev_rx_verbose_template, true)
HANDOFF_PROGS(napi_gro_frags_entry, net_dev_rx_verbose_template, true)
HANDOFF_PROGS(netif_receive_skb_entry, net_dev_rx_verbose_template, true)
HANDOFF_PROGS(netif_receive_skb_list_entry, net_dev_rx_verbose_template, true)
HANDOFF_PROGS(netif_rx, net_dev_template, false)

PP_TP(rxq_netif_receive_skb, netif_receive_skb, on_stack, struct sk_buff *skb)
PP_TP_CLASSIC(rxq_netif_receive_skb, net, netif_receive_skb, trace_event_raw_net_dev_template,
	      on_stack(false, (void *)BPF_CORE_READ(ctx, skbaddr)))

PP_TP(rxq_sk_data_ready, sk_data_ready, on_data_ready, struct sock *sk)
PP_TP_CLASSIC(rxq_sk_data_ready, sock, sk_data_ready, trace_event_raw_sk_data_ready___pp,
	      on_data_ready(false, (void *)BPF_CORE_READ(ctx, skaddr)))

PP_TP(rxq_sock_recv_length, sock_recv_length, on_recv, struct sock *sk, int ret, int flags)
PP_TP_CLASSIC(rxq_sock_recv_length, sock, sock_recv_length, trace_event_raw_sock_msg_length___pp,
	      on_recv(false, ctx->sk, ctx->ret, 0))

char LICENSE[] SEC("license") = "GPL";
