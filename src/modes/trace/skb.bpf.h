/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skb.bpf.h - following packets from stage to stage.
 *
 * A packet is an skb address. Its state (a slot of trace_skbs,
 * state.bpf.h) is created at the first stage where a packet enters a
 * path: transmit (net_dev_queue, or net_dev_start_xmit for packets that skip
 * the qdisc layer) or receive (a driver hand-off, netif_rx,
 * netif_receive_skb). There the filters are tried: the meta filters (--dev,
 * --cpu, --rxq, --irq) at every such stage until they match, the tcpdump
 * expression once (its verdict is kept, so later stages cost one array
 * access). From then on every stage is recorded (record.bpf.h). The
 * state goes when the skb is freed.
 *
 * An skb freed without a tracepoint (a GRO merge, TCP coalescing) leaves its
 * state behind; the next packet at the same address is recognised by a
 * different skb->head, or because the old one had reached a socket or been
 * idle for --linger, and the old record is closed as "vanished". User space
 * closes records idle for --linger as "expired".
 *
 * Clones (skb_clone has no tracepoint) share their parent's data buffer:
 * trace_heads maps a traced packet's skb->head to it, so a cloned skb met at
 * a later stage (a packet socket's copy, a multicast delivery) becomes a
 * packet of its own, "clone of" the first.
 */
#ifndef PP_TRACE_SKB_BPF_H
#define PP_TRACE_SKB_BPF_H

#include "bpf/common.bpf.h"
#include "bpf/devices.bpf.h"
#include "ctx.bpf.h"
#include "state.bpf.h"
#include "record.bpf.h"
#include "bpf/rate.bpf.h"

/* What a stage is, for the handler (bits). */
#define K_ORIGIN 0x01  /* a packet may start here; the filters are tried */
#define K_RX 0x02      /* receive: the CPU's softirq context may be carried on */
#define K_RX_NAPI 0x04 /* a driver's NAPI hand-off: names the IRQ */
#define K_RX_IRQ 0x08  /* netif_rx: inside an IRQ handler, that IRQ */
#define K_RX_CTX 0x80  /* met inside the NAPI poll that carries it */
#define K_SOCKET 0x10  /* at a socket: the packet will not enter a path again */
#define K_CLONE 0x20   /* a clone of a traced packet may show up here */
#define K_END 0x40     /* the skb ends */

/* ---- the start of a record ------------------------------------------------ */

/*
 * A packet the full table had no room for is counted once: each stage where
 * a path starts tries again, so the CPU remembers the last few it refused
 * (a packet's stages up to the socket run on one CPU).
 */
static __always_inline void count_table_full(struct trace_cpu *c, __u64 key, __u64 head,
					     __u8 stage)
{
	__u32 n = c->n_full, bit = 1U << (stage & 31);

	/* A stage it met already: another packet in the same skb and buffer
	 * (the first was freed without a tracepoint, a UDP read). */
#pragma unroll
	for (int i = 0; i < TRACE_FULL_SLOTS; i++) {
		if (c->full[i].skb == key && c->full[i].head == head) {
			if (!(c->full[i].stages & bit)) {
				c->full[i].stages |= bit;
				return;
			}
			c->full[i].stages = bit;
			pp_count(PP_CNT_SKB_TABLE_FULL);
			return;
		}
	}
	c->full[n & (TRACE_FULL_SLOTS - 1)].skb = key;
	c->full[n & (TRACE_FULL_SLOTS - 1)].head = head;
	c->full[n & (TRACE_FULL_SLOTS - 1)].stages = bit;
	c->n_full = n + 1;
	pp_count(PP_CNT_SKB_TABLE_FULL);
}

/*
 * Idle for --linger: not seen since. A stage recorded by a program that
 * interrupted this one (a later time than `now`) is not idleness.
 */
static __always_inline bool idle_since(__u64 last_ts, __u64 now)
{
	return now > last_ts && now - last_ts > targ_linger_ns;
}

/* A slot of the pair a new packet may take: free, or its own (stale). */
static __always_inline bool slot_open(const struct trace_skb *st, __u64 key)
{
	return !st->skb || st->skb == key;
}

/*
 * A slot for a new packet: a free one of its pair (state.bpf.h), or one
 * whose packet has been idle for --linger (closed here as user space would
 * have closed it). Slots other packets still use are not taken from them:
 * the new packet is refused and counted, as a full table's would be.
 */
static __always_inline struct trace_skb *skb_new(struct trace_cpu *c, __u64 key, __u64 head,
						 __u64 now, __u8 stage)
{
	__u32 slot = state_slot_of(c, key), next = slot ^ 1;
	struct trace_skb *st = bpf_map_lookup_elem(&trace_skbs, &slot);
	struct trace_skb *st2 = bpf_map_lookup_elem(&trace_skbs, &next);

	if (!st || !st2)
		return NULL;
	if (!slot_open(st, key)) {
		if (slot_open(st2, key) || !idle_since(st->last_ts, now))
			st = st2;
	}
	if (!slot_open(st, key)) {
		if (!idle_since(st->last_ts, now)) {
			count_table_full(c, key, head, stage);
			return NULL;
		}
		retire(st->skb, st, NULL,
		       st->flags & SKB_F_SOCKET ? PP_END_DELIVERED : PP_END_EXPIRED, 0, 0);
	}
	pp_count(PP_CNT_SKB_EVICTED); /* "skbs_tracked": bookkeeping */
	__builtin_memset(st, 0, sizeof(*st));
	st->head = head;
	st->last_ts = now;
	/* The tag last: until then no stage takes the slot for this packet's. */
	st->skb = key;
	return st;
}

/*
 * Is this state another packet's, left behind at a reused address (its skb
 * freed without a tracepoint)? Yes when the data buffer differs, when it
 * had reached a socket, when it has been idle for --linger, and when a
 * received packet is met on transmit outside the softirq run that received
 * it (forwarding happens inside that run; a new local packet does not).
 */
static __always_inline bool is_stale(const struct trace_cpu *c, const struct trace_skb *st,
				     __u64 head, __u32 kind, __u64 now)
{
	if (st->head != head || (st->flags & SKB_F_SOCKET) || idle_since(st->last_ts, now))
		return true;
	return !(kind & K_RX) && st->path_rx &&
	       !(c->in_net_rx && st->path_sirq == c->sirq_seq &&
		 st->path_cpu == bpf_get_smp_processor_id());
}

/* --rate packets per second, in 100 ms windows of a tenth of it each. */
static struct pp_rate_window trace_rate;

static __always_inline bool rate_limited(__u64 now)
{
	return targ_rate &&
	       !pp_rate_allow(&trace_rate, targ_rate / 10 ?: 1, PP_NSEC_PER_SEC / 10, now);
}

/*
 * --sample N: 1 packet in N, counted per CPU (no shared cache line), is
 * followed. The choice is made once, where the filters decide, and kept in
 * the packet's state, so a packet left out costs each later stage one
 * state look-up.
 */
const volatile __u32 targ_sample = 0;

static __always_inline bool sampled_out(struct trace_cpu *c)
{
	if (targ_sample <= 1 || ++c->sample_tick % targ_sample == 0)
		return false;
	pp_count(PP_CNT_SAMPLED_OUT);
	return true;
}

static __always_inline __u64 next_id(struct trace_cpu *c)
{
	return ((__u64)(bpf_get_smp_processor_id() + 1) << 40) | ++c->next_id;
}

/* The packet's log, created with what is known at its first matching stage. */
static __always_inline struct trace_packet *log_new(__u64 key, __u64 id, __u64 parent_id,
						    const struct pp_flow *flow)
{
	struct trace_packet *log;

	if (bpf_map_update_elem(&trace_logs, &key, &zero_log, BPF_ANY)) {
		pp_count(PP_CNT_SKB_TABLE_FULL);
		return NULL;
	}
	log = bpf_map_lookup_elem(&trace_logs, &key);
	if (!log)
		return NULL;
	log->type = PP_EV_TRACE_STAGE;
	log->id = id;
	log->parent_id = parent_id;
	log->irq = -1;
	if (flow)
		log->flow = *flow;
	return log;
}

/* The NIC's receive timestamp, when the driver stored one. */
static __always_inline __u64 hw_tstamp(const bool btf, struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = (void *)(RD(btf, skb, head) + RD(btf, skb, end));
	__u64 ts = 0;

	bpf_core_read(&ts, sizeof(ts), &shinfo->hwtstamps.hwtstamp);
	return ts;
}

/*
 * Try the filters on a packet still pending. True when it matches now; a
 * definite no (the expression, the rate limit) is kept in the state.
 */
static __always_inline bool decide(const bool btf, struct trace_cpu *c, struct trace_skb *st,
				   __u64 key, struct sk_buff *skb, struct net_device *dev, __u32 kind,
				   __s32 rxqm, const struct irq_pick *irq, __u64 now, bool dev_matched)
{
	struct pp_flow flow = {};
	struct trace_packet *log;
	struct pp_snap snap = {};

	if (!dev_matched && !meta_match_dev(btf, dev))
		return false;
	/* rxqm: skb_record_rx_queue()'s RX queue plus one, 0 when unset. */
	if (pp_mf.queue >= 0 && (!(kind & K_RX) || !rxqm || rxqm - 1 != (__u32)pp_mf.queue))
		return false;
	if (pp_mf.irq >= 0 && irq->irq != pp_mf.irq)
		return false;
	/* Without an expression every packet matches: sampling and the rate
	 * limit first, and a packet they hold back costs no snapshot. */
	if (!pp_mf.pkt_filter && sampled_out(c)) {
		st->verdict = TRACE_NO;
		return false;
	}
	if (!targ_latency && !pp_mf.pkt_filter && rate_limited(now)) {
		st->verdict = TRACE_NO;
		pp_count(PP_CNT_RATE_LIMITED);
		return false;
	}
	if (!targ_latency || pp_mf.pkt_filter) {
		if (pp_snapshot(btf, skb, dev, pp_snaplen(), &snap)) {
			if (!pp_filter_match(&snap)) {
				st->verdict = TRACE_NO;
				return false;
			}
			if (!targ_latency)
				pp_flow_parse(&snap, &flow);
		} else if (pp_mf.pkt_filter) {
			/* No linear bytes yet (napi_gro_frags_entry: all in
			 * pages): still pending, the next stage that starts a
			 * path tries again once the stack pulled the headers. */
			return false;
		}
	}
	if (pp_mf.pkt_filter && sampled_out(c)) {
		st->verdict = TRACE_NO;
		return false;
	}
	if (!targ_latency && pp_mf.pkt_filter && rate_limited(now)) {
		st->verdict = TRACE_NO;
		pp_count(PP_CNT_RATE_LIMITED);
		return false;
	}
	st->id = next_id(c);
	if (!targ_latency) {
		log = log_new(key, st->id, 0, &flow);
		if (!log) {
			st->verdict = TRACE_NO;
			return false;
		}
		if (kind & K_RX)
			log->hw_tstamp_ns = hw_tstamp(btf, skb);
		/* The bytes where the packet was first seen (-w). */
		if (targ_pcap_snaplen)
			pp_pkt_fill(&log->pkt, &snap, (kind & K_RX) ? PP_DIR_IN : PP_DIR_OUT);
	}
	st->verdict = TRACE_MATCH;
	/* Its data buffer, for clones made of it later. */
	head_note(c, st->head, key, st->id);
	return true;
}

/* The bytes a clone check reads from the network header: IPv4 with options
 * or IPv6, and the ports after them. */
#define CLONE_PEEK 128

/*
 * Does this skb carry the packet whose flow is `flow`? Read at its own
 * network header: a true clone points at the very bytes its parent had
 * there, while another packet in a reused buffer has written its own
 * headers at its own offset. A parent that is not IP cannot be told apart
 * this way and is believed.
 */
static __always_inline bool clone_carries(const bool btf, struct sk_buff *skb, __u64 head,
					  const struct pp_flow *flow)
{
	__u32 zero = 0, end = RD(btf, skb, end), n;
	__u16 net = RD(btf, skb, network_header);
	struct pp_snap snap = { .has_l2 = 0 };
	struct pp_flow have;

	if (!flow->family)
		return true;
	snap.s = bpf_map_lookup_elem(&pp_scratch, &zero);
	if (!snap.s || !net || net == (__u16)~0U || end <= net)
		return false;
	n = end - net;
	if (n > CLONE_PEEK)
		n = CLONE_PEEK;
	if (bpf_probe_read_kernel(snap.s->pkt, n, (void *)(head + net)))
		return false;
	snap.s->caplen = n;
	pp_flow_parse(&snap, &have);
	return pp_words_equal(&have, flow, sizeof(*flow));
}

/*
 * A cloned skb met at a later stage: a new packet, clone of a traced one.
 * The parent's state outlives its skb when the kernel frees that without a
 * tracepoint (a delivered UDP packet): its data buffer may since have been
 * given to an unrelated packet, itself cloned (TCP clones every segment it
 * sends). So trace checks that the skb still carries the parent's flow;
 * latency keeps no flows and cannot.
 */
static __always_inline struct trace_skb *clone_new(const bool btf, struct trace_cpu *c, __u64 key,
						   struct sk_buff *skb, __u64 now, __u8 stage)
{
	struct trace_packet *plog = NULL, *log;
	struct trace_skb *parent, *st;
	struct trace_head *h;
	__u64 head, pkey, pid;

	if (!RD_BITFIELD(btf, skb, cloned))
		return NULL;
	head = (__u64)RD(btf, skb, head);
	h = head_find(c, head);
	if (!h || h->skb == key)
		return NULL;
	pkey = h->skb;
	pid = h->id;
	parent = state_find(c, pkey);
	if (!parent || parent->id != pid || parent->verdict != TRACE_MATCH)
		return NULL;
	if (!targ_latency) {
		plog = bpf_map_lookup_elem(&trace_logs, &pkey);
		if (plog && !clone_carries(btf, skb, head, &plog->flow)) {
			/* The buffer is another packet's now: no clone of
			 * the parent can turn up any more. */
			h->head = 0;
			return NULL;
		}
	}
	st = skb_new(c, key, head, now, stage);
	if (!st)
		return NULL;
	st->verdict = TRACE_MATCH;
	st->id = next_id(c);
	/* Its latency chain continues from the parent's last stage. */
	st->last_stage = parent->last_stage;
	st->last_ts = parent->last_ts;
	if (!targ_latency) {
		log = log_new(key, st->id, pid, plog ? &plog->flow : NULL);
		if (!log) {
			st->verdict = TRACE_NO;
			return st;
		}
		/* A clone has its parent's bytes. */
		if (targ_pcap_snaplen && plog)
			__builtin_memcpy(&log->pkt, &plog->pkt, sizeof(log->pkt));
	}
	return st;
}

/* ---- the receive context ---------------------------------------------- */

/* Record up to four stages in time order. */
static __always_inline void record_sorted(struct trace_skb *st, struct trace_packet *log,
					  struct trace_stage *s, __u32 n)
{
#pragma unroll
	for (int i = 0; i < 4; i++) {
#pragma unroll
		for (int j = 0; j < 3 - i; j++) {
			if (j + 1 < n && s[j + 1].ts_ns < s[j].ts_ns) {
				struct trace_stage t = s[j];

				s[j] = s[j + 1];
				s[j + 1] = t;
			}
		}
	}
#pragma unroll
	for (int i = 0; i < 4; i++)
		if (i < n)
			record(st, log, &s[i]);
}

/*
 * Carry the CPU's receive context onto a packet met on the receive path:
 * the IRQ (named at a driver's hand-off, or as the handler that called
 * netif_rx), then, inside the NET_RX softirq and once per packet, the raise,
 * the softirq's start and the start of the NAPI poll running now.
 */
static __always_inline void attach_ctx(const bool btf, struct trace_cpu *c, struct trace_skb *st,
				       struct trace_packet *log, struct sk_buff *skb, __u32 kind,
				       const struct irq_pick *irq)
{
	struct trace_stage s[4];
	__u32 n = 0;
	__u64 raise, after = st->queued_ts;

	if (irq->source != PP_IRQ_NONE && !(st->flags & SKB_F_IRQ)) {
		st->flags |= SKB_F_IRQ;
		if (log) {
			log->irq = irq->irq;
			log->irq_source = irq->source;
		}
		irq_count_packet(irq->irq);
		if (irq->irq_ts)
			ctx_stage(&s[n++], PP_STAGE_IRQ, irq->irq_ts, irq->irq);
	}
	if ((kind & K_RX_CTX) && c->in_net_rx && !(st->flags & SKB_F_CTX)) {
		st->flags |= SKB_F_CTX | SKB_F_POLL;
		st->poll_seq = c->poll_seq;
		st->poll_cpu = bpf_get_smp_processor_id();
		raise = irq->source == PP_IRQ_RAISED && irq->raise_ts ? irq->raise_ts
								       : c->sirq_raise_ts;
		/* A packet queued to a backlog (netif_rx) has only the context
		 * that came after: not a softirq already running when it was
		 * queued (a reply sent from inside the softirq). */
		if (raise && raise >= after && n < 4)
			ctx_stage(&s[n++], PP_STAGE_SOFTIRQ_RAISE, raise,
				  irq->source == PP_IRQ_RAISED ? irq->irq : -1);
		if (c->sirq_entry_ts >= after && n < 4)
			ctx_stage(&s[n++], PP_STAGE_SOFTIRQ_ENTRY, c->sirq_entry_ts, 0);
		if (c->poll_start_ts >= after && n < 4)
			ctx_stage(&s[n++], PP_STAGE_NAPI_POLL, c->poll_start_ts, 0);
		if (log && (kind & K_RX_NAPI))
			log->napi_id = napi_id_of(btf, skb);
	}
	if (n)
		record_sorted(st, log, s, n);
}

/*
 * Was this skb given a TX queue on this host (a local sender, veth)? The
 * queue pick sets skb->sender_cpu, which shares its place with napi_id:
 * then queue_mapping holds a TX queue, not a recorded RX queue.
 */
static __always_inline bool sent_here(const bool btf, struct sk_buff *skb)
{
	__u32 v = RD(btf, skb, napi_id);

	return v && v <= targ_nr_cpus;
}

/* ---- the handler every stage of a packet goes through ------------------- */

/* Is a call of a %return function stage with this skb in progress here? */
static __always_inline bool fn_is_open(const struct trace_cpu *c, __u64 key)
{
	bool open = false;

#pragma unroll
	for (int i = 0; i < TRACE_FN_OPEN; i++)
		open |= i < c->n_fn_open && c->fn_open[i] == key;
	return open;
}

/*
 * At a stage that starts a path: the stage's number as its record keeps it
 * (the RX queue, 0 when it is only the TX queue met again on a veth or
 * loopback receive) and the interrupt that carried the packet.
 */
static __always_inline void origin_ctx(const bool btf, struct trace_cpu *c,
				       const struct trace_skb *st, struct sk_buff *skb,
				       struct net_device *dev, __u32 kind, __s32 *aux,
				       struct irq_pick *irq)
{
	/* latency has no use for a stage's number but --queue's. */
	if (targ_latency && pp_mf.queue < 0)
		*aux = 0;
	else if (!(kind & K_RX))
		; /* a TX queue: kept */
	else if (st->txq1 && *aux == st->txq1 - 1)
		*aux = 0;
	else if (!st->txq1 && sent_here(btf, skb))
		*aux = 0;
	if ((kind & K_RX_NAPI) && c->in_net_rx) {
		irq_pick_napi(btf, c, napi_id_of(btf, skb), dev, irq);
	} else if ((kind & K_RX_IRQ) && c->in_irq) {
		irq->irq = c->irq;
		irq->source = PP_IRQ_HANDLER;
		irq->irq_ts = c->irq_ts;
	}
}

/*
 * The skb met at `stage`. dev: the device the tracepoint names, NULL for
 * the skb's own. aux: the stage's number (queue, return code, drop reason).
 */
static __always_inline int stage_skb(const bool btf, struct sk_buff *skb, struct net_device *dev,
				     __u8 stage, __s32 aux, __u32 kind, __u64 location)
{
	struct irq_pick irq = { .irq = -1, .source = PP_IRQ_NONE };
	struct trace_packet *log = NULL;
	__u64 key = (__u64)skb, now;
	struct trace_stage s;
	struct trace_skb *st;
	struct trace_cpu *c;
	bool fresh = false;

	if (!skb)
		return 0;
	c = trace_cpu();
	if (!c)
		return 0;
	now = bpf_ktime_get_ns();
	/* The packet sk_data_ready would be about has moved on. A function
	 * stage (ids from PP_STAGE_MAX: ip_rcv_core, udp_rcv) is on its way
	 * to that socket, not past it. */
	if (targ_data_ready && key == c->cur_skb && stage != PP_STAGE_RECEIVE &&
	    stage != PP_STAGE_TCP_PROBE && stage < PP_STAGE_MAX)
		c->cur_state = CUR_NONE;
	st = state_find(c, key);
	if (kind & K_ORIGIN) {
		__u64 head = (__u64)RD(btf, skb, head);

		if (st && is_stale(c, st, head, kind, now)) {
			retire(key, st, NULL,
			       st->flags & SKB_F_SOCKET ? PP_END_DELIVERED : PP_END_VANISHED, 0, 0);
			st = NULL;
		}
		if (!dev)
			dev = RD(btf, skb, dev);
		/* The meta filters first: a packet they leave out costs no
		 * entry (a later stage of it tries again). */
		if (!st && (!dev || !meta_match_dev(btf, dev)))
			return 0;
		if (!st) {
			st = skb_new(c, key, head, now, stage);
			fresh = true;
		}
		if (!st)
			return 0;
		st->head = head;
		st->path_rx = !!(kind & K_RX);
		st->path_cpu = bpf_get_smp_processor_id();
		st->path_sirq = c->in_net_rx ? c->sirq_seq : 0;
		/* The queue it leaves by, for its receive stages to recognise. */
		if (!(kind & K_RX))
			st->txq1 = aux + 1;
		/*
		 * The --queue and --irq meta filters need the packet's queue and
		 * interrupt before decide(); without them both are worked out
		 * after it. That is for the verifier: it walks the spliced
		 * filter (a protochain loop is thousands of steps) once per
		 * distinct state that reaches it, and the branches of
		 * origin_ctx() multiply those states; 6.1's
		 * verifier hit its 1M-instruction limit on that product.
		 */
		if (pp_mf.queue >= 0 || pp_mf.irq >= 0)
			origin_ctx(btf, c, st, skb, dev, kind, &aux, &irq);
		if (st->verdict == TRACE_PENDING) {
			if (!dev || !decide(btf, c, st, key, skb, dev, kind, aux, &irq, now, fresh)) {
				st->last_ts = now;
				/* Packets not followed still teach which IRQ a
				 * NAPI instance belongs to, as they did when the
				 * pick came first. */
				if (pp_mf.queue < 0 && pp_mf.irq < 0)
					origin_ctx(btf, c, st, skb, dev, kind, &aux, &irq);
				return 0;
			}
		}
		if (pp_mf.queue < 0 && pp_mf.irq < 0)
			origin_ctx(btf, c, st, skb, dev, kind, &aux, &irq);
	} else {
		/* A packet that reached its socket and was freed there without
		 * a tracepoint leaves its state behind: an skb met later at the
		 * same address with another data buffer is another packet (a
		 * clone, often), not a stage of that one. */
		if (st && (st->flags & SKB_F_SOCKET) && st->head != (__u64)RD(btf, skb, head)) {
			retire(key, st, NULL, PP_END_DELIVERED, 0, 0);
			st = NULL;
		}
		if (!st) {
			if ((kind & K_END) && c->n_full)
				forget_refused(c, key);
			if (!(kind & K_CLONE))
				return 0;
			st = clone_new(btf, c, key, skb, now, stage);
			if (!st)
				return 0;
		}
	}
	if (st->verdict != TRACE_MATCH) {
		if (kind & K_END)
			state_free(st);
		else if (kind & K_SOCKET)
			st->flags |= SKB_F_SOCKET;
		return 0;
	}
	if (!targ_latency) {
		log = bpf_map_lookup_elem(&trace_logs, &key);
		if (!log)
			return 0;
	}
	if (kind & K_RX)
		attach_ctx(btf, c, st, log, skb, kind, &irq);
	fill_stage(btf, c, &s, skb, dev, stage, aux, now);
	record(st, log, &s);
	if ((kind & K_RX_IRQ) && !st->queued_ts)
		st->queued_ts = now;
	if (kind & K_SOCKET)
		st->flags |= SKB_F_SOCKET;
	if (kind & K_END) {
		__u8 end = stage == PP_STAGE_DROP ? PP_END_DROPPED : PP_END_CONSUMED;

		/* Freed inside a function whose return is a stage (a verdict
		 * such as nf_hook_slow's): that return closes the record. */
		if (targ_fn_nret && fn_is_open(c, key)) {
			st->flags |= SKB_F_ENDING;
			st->end = end;
			if (log && end == PP_END_DROPPED)
				log->drop_location = location;
			return 0;
		}
		retire(key, st, log, end, aux, location);
	}
	return 0;
}

/* A stage that only continues a traced packet (qdisc, queue to the driver). */
static __always_inline void stage_next(const bool btf, struct trace_cpu *c, struct sk_buff *skb,
				       __u8 stage, __s32 aux, __u64 now)
{
	struct trace_packet *log = NULL;
	__u64 key = (__u64)skb;
	struct trace_stage s;
	struct trace_skb *st;

	st = state_find(c, key);
	if (!st || st->verdict != TRACE_MATCH)
		return;
	if (!targ_latency) {
		log = bpf_map_lookup_elem(&trace_logs, &key);
		if (!log)
			return;
	}
	fill_stage(btf, c, &s, skb, NULL, stage, aux, now);
	record(st, log, &s);
}

#endif /* PP_TRACE_SKB_BPF_H */
