// SPDX-License-Identifier: GPL-2.0
/*
 * trace.bpf.c - the programs of `pktpath trace` and `pktpath latency`: one
 * handler per stage, around ctx.bpf.h (per-CPU receive context) or
 * skb.bpf.h (per packet), and its programs for each attach mechanism
 * declared from it (hook.bpf.h). User space loads one mechanism per stage
 * and leaves out the stages this kernel lacks.
 *
 * Its programs measure their own cost (src/bpf/cost.bpf.h), for the probe
 * cost trace and latency report.
 */
#define PP_COST_ACCOUNTING
#include "bpf/common.bpf.h"
#include "trace.h"
#include "ctx.bpf.h"
#include "skb.bpf.h"
#include "fn.bpf.h"

/*
 * A tracepoint whose only argument is the skb (the net_dev_template and
 * net_dev_rx_verbose_template classes); aux is skb->queue_mapping.
 */
#define SKB_STAGE(tp, cls, stage, kind)                                                  \
	static __always_inline int on_##tp(const bool btf, struct sk_buff *skb)          \
	{                                                                                \
		return stage_skb(btf, skb, NULL, stage, RD(btf, skb, queue_mapping), kind, 0); \
	}                                                                                \
	PP_TP(tr_##tp, tp, on_##tp, struct sk_buff *skb)                                 \
	PP_TP_CLASSIC(tr_##tp, net, tp, trace_event_raw_##cls,                           \
		      on_##tp(false, (void *)BPF_CORE_READ(ctx, skbaddr)))

#define RX_NAPI (K_ORIGIN | K_RX | K_RX_NAPI | K_RX_CTX)
#define RX_BACKLOG (K_ORIGIN | K_RX | K_RX_IRQ)

/* ---- receive: driver hand-off and stack entry ------------------------- */

SKB_STAGE(napi_gro_receive_entry, net_dev_rx_verbose_template, PP_STAGE_GRO_RECEIVE, RX_NAPI)
SKB_STAGE(napi_gro_frags_entry, net_dev_rx_verbose_template, PP_STAGE_GRO_FRAGS, RX_NAPI)
SKB_STAGE(netif_receive_skb_entry, net_dev_rx_verbose_template, PP_STAGE_RECEIVE_ENTRY, RX_NAPI)
SKB_STAGE(netif_receive_skb_list_entry, net_dev_rx_verbose_template, PP_STAGE_RECEIVE_LIST,
	  RX_NAPI)
SKB_STAGE(netif_rx_entry, net_dev_rx_verbose_template, PP_STAGE_RX_ENTRY, RX_BACKLOG)
SKB_STAGE(netif_rx, net_dev_template, PP_STAGE_RX, RX_BACKLOG)

/*
 * netif_receive_skb: the stack meets the packet. It is also the packet
 * sk_data_ready will be about, unless several are met before any goes on
 * (a GRO list): then none is.
 */
static __always_inline int on_receive(const bool btf, struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_skb *st;
	__u64 key = (__u64)skb;

	stage_skb(btf, skb, NULL, PP_STAGE_RECEIVE, RD(btf, skb, queue_mapping),
		  K_ORIGIN | K_RX | K_RX_CTX, 0);
	if (!c || !targ_data_ready)
		return 0;
	if (c->in_net_rx && c->cur_sirq == c->sirq_seq && c->cur_receive &&
	    ((c->cur_state == CUR_SET && c->cur_skb != key) || c->cur_state == CUR_LIST)) {
		c->cur_state = CUR_LIST;
		c->cur_skb = 0;
		return 0;
	}
	st = state_find(c, key);
	c->cur_state = CUR_SET;
	c->cur_skb = key;
	c->cur_id = st && st->verdict == TRACE_MATCH ? st->id : 0;
	/* skb->sk is not the receiver's yet (a local sender's, or none). */
	c->cur_sk = 0;
	c->cur_sirq = c->in_net_rx ? c->sirq_seq : ~0ULL;
	c->cur_receive = 1;
	return 0;
}

PP_TP(tr_netif_receive_skb, netif_receive_skb, on_receive, struct sk_buff *skb)
PP_TP_CLASSIC(tr_netif_receive_skb, net, netif_receive_skb, trace_event_raw_net_dev_template,
	      on_receive(false, (void *)BPF_CORE_READ(ctx, skbaddr)))

/* ---- receive: transport and socket -------------------------------------- */

/* tcp_probe: TCP receives a segment on an established socket. */
static __always_inline int on_tcp_probe(const bool btf, struct sock *sk, struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_skb *st;
	__u64 key = (__u64)skb;

	stage_skb(btf, skb, NULL, PP_STAGE_TCP_PROBE, 0, K_SOCKET | K_CLONE, 0);
	if (!c || !targ_data_ready)
		return 0;
	st = state_find(c, key);
	c->cur_state = CUR_SET;
	c->cur_skb = key;
	c->cur_id = st && st->verdict == TRACE_MATCH ? st->id : 0;
	c->cur_sk = (__u64)sk;
	c->cur_sirq = c->in_net_rx ? c->sirq_seq : ~0ULL;
	c->cur_receive = 0;
	return 0;
}

/* Its classic record has no skb before 6.x: tp_btf and raw_tp only. */
PP_TP(tr_tcp_probe, tcp_probe, on_tcp_probe, struct sock *sk, struct sk_buff *skb)

/*
 * sk_data_ready names only the socket. It belongs to the packet this CPU's
 * receive path met last, when that is certain: tcp_probe saw the same
 * socket, or netif_receive_skb met that packet alone in this softirq run.
 */
static __always_inline int on_data_ready(const bool btf, struct sock *sk)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_packet *log = NULL;
	struct trace_stage s;
	struct trace_skb *st;
	__u64 key;

	if (!c || c->cur_state != CUR_SET || !c->cur_id)
		return 0;
	if (c->cur_sk ? c->cur_sk != (__u64)sk : !(c->in_net_rx && c->cur_sirq == c->sirq_seq))
		return 0;
	key = c->cur_skb;
	c->cur_state = CUR_NONE;
	st = state_find(c, key);
	if (!st || st->id != c->cur_id || st->verdict != TRACE_MATCH)
		return 0;
	if (!targ_latency) {
		log = bpf_map_lookup_elem(&trace_logs, &key);
		if (!log)
			return 0;
	}
	ctx_stage(&s, PP_STAGE_DATA_READY, bpf_ktime_get_ns(), 0);
	record(st, log, &s);
	st->flags |= SKB_F_SOCKET;
	return 0;
}

PP_TP(tr_sk_data_ready, sk_data_ready, on_data_ready, struct sock *sk)
PP_TP_CLASSIC(tr_sk_data_ready, sock, sk_data_ready, trace_event_raw_sk_data_ready___pp,
	      on_data_ready(false, (void *)BPF_CORE_READ(ctx, skaddr)))

static __always_inline int on_copy(const bool btf, struct sk_buff *skb, int len)
{
	return stage_skb(btf, skb, NULL, PP_STAGE_COPY, len, K_SOCKET | K_CLONE, 0);
}

PP_TP(tr_skb_copy_datagram_iovec, skb_copy_datagram_iovec, on_copy, struct sk_buff *skb, int len)
PP_TP_CLASSIC(tr_skb_copy_datagram_iovec, skb, skb_copy_datagram_iovec,
	      trace_event_raw_skb_copy_datagram_iovec,
	      on_copy(false, (void *)BPF_CORE_READ(ctx, skbaddr), BPF_CORE_READ(ctx, len)))

/* ---- transmit --------------------------------------------------------- */

SKB_STAGE(net_dev_queue, net_dev_template, PP_STAGE_DEV_QUEUE, K_ORIGIN)

static __always_inline int on_qdisc_enqueue(const bool btf, struct Qdisc *q,
					    struct netdev_queue *txq, struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();

	if (c && skb)
		stage_next(btf, c, skb, PP_STAGE_QDISC_ENQUEUE, RD(btf, skb, queue_mapping),
			   bpf_ktime_get_ns());
	return 0;
}

PP_TP(tr_qdisc_enqueue, qdisc_enqueue, on_qdisc_enqueue, struct Qdisc *q,
      struct netdev_queue *txq, struct sk_buff *skb)
PP_TP_CLASSIC(tr_qdisc_enqueue, qdisc, qdisc_enqueue, trace_event_raw_qdisc_enqueue,
	      on_qdisc_enqueue(false, NULL, NULL, (void *)BPF_CORE_READ(ctx, skbaddr)))

/* A bulk dequeue hands over a list of skbs (skb->next); each is a packet. */
#define QDISC_BULK_MAX 8

static __always_inline int on_qdisc_dequeue(const bool btf, struct Qdisc *q,
					    struct netdev_queue *txq, int packets,
					    struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();
	__u64 now = bpf_ktime_get_ns();

	if (!c)
		return 0;
	for (int i = 0; i < QDISC_BULK_MAX && i < packets && skb; i++) {
		stage_next(btf, c, skb, PP_STAGE_QDISC_DEQUEUE, RD(btf, skb, queue_mapping), now);
		skb = RD(btf, skb, next);
	}
	return 0;
}

PP_TP(tr_qdisc_dequeue, qdisc_dequeue, on_qdisc_dequeue, struct Qdisc *q,
      struct netdev_queue *txq, int packets, struct sk_buff *skb)
PP_TP_CLASSIC(tr_qdisc_dequeue, qdisc, qdisc_dequeue, trace_event_raw_qdisc_dequeue,
	      on_qdisc_dequeue(false, NULL, NULL, BPF_CORE_READ(ctx, packets),
			       (void *)BPF_CORE_READ(ctx, skbaddr)))

/*
 * net_dev_start_xmit: to the driver. The CPU remembers the packet until
 * net_dev_xmit, which names the skb again after the driver may have freed
 * it: the return code is kept only for the packet that was handed over.
 */
static __always_inline int on_start_xmit(const bool btf, struct sk_buff *skb,
					 struct net_device *dev)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_skb *st;
	__u64 key = (__u64)skb;
	__u32 n;

	stage_skb(btf, skb, dev, PP_STAGE_START_XMIT, RD(btf, skb, queue_mapping), K_ORIGIN, 0);
	if (!c || !targ_xmit)
		return 0;
	st = state_find(c, key);
	if (!st || st->verdict != TRACE_MATCH)
		return 0;
	n = c->n_xmit < 4 ? c->n_xmit : 3;
	c->xmit[n & 3].skb = key;
	c->xmit[n & 3].id = st->id;
	c->n_xmit = n + 1;
	return 0;
}

static __always_inline int on_xmit(const bool btf, struct sk_buff *skb, int rc,
				   struct net_device *dev)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_packet *log = NULL;
	__u64 key = (__u64)skb, id = 0;
	struct trace_stage s;
	struct trace_skb *st;
	bool found = false;

	if (!c)
		return 0;
	/* Innermost first: a tunnel's xmit contains its lower device's. */
#pragma unroll
	for (int i = 3; i >= 0; i--) {
		if (!found && i < c->n_xmit && c->xmit[i].skb == key) {
			id = c->xmit[i].id;
			c->n_xmit = i;
			found = true;
		}
	}
	if (!found)
		return 0;
	st = state_find(c, key);
	if (!st || st->id != id || st->verdict != TRACE_MATCH)
		return 0;
	if (!targ_latency) {
		log = bpf_map_lookup_elem(&trace_logs, &key);
		if (!log)
			return 0;
	}
	ctx_stage(&s, PP_STAGE_XMIT, bpf_ktime_get_ns(), rc);
	if (dev) {
		s.ifindex = RD(btf, dev, ifindex);
		s.netns = dev_netns(btf, dev);
	}
	record(st, log, &s);
	return 0;
}

PP_TP(tr_net_dev_start_xmit, net_dev_start_xmit, on_start_xmit, struct sk_buff *skb,
      struct net_device *dev)
PP_TP_CLASSIC(tr_net_dev_start_xmit, net, net_dev_start_xmit, trace_event_raw_net_dev_start_xmit,
	      on_start_xmit(false, (void *)ctx->skbaddr, start_xmit_record_dev(ctx)))

PP_TP(tr_net_dev_xmit, net_dev_xmit, on_xmit, struct sk_buff *skb, int rc, struct net_device *dev)
/* The skb may be gone by then: no device read through it. */
PP_TP_CLASSIC(tr_net_dev_xmit, net, net_dev_xmit, trace_event_raw_net_dev_xmit,
	      on_xmit(false, (void *)BPF_CORE_READ(ctx, skbaddr), BPF_CORE_READ(ctx, rc), NULL))

/* ---- the end of the skb ------------------------------------------------ */

#define END_KIND (K_END | K_CLONE)

static __always_inline int on_consume(const bool btf, struct sk_buff *skb)
{
	return stage_skb(btf, skb, NULL, PP_STAGE_CONSUME, 0, END_KIND, 0);
}

PP_TP(tr_consume_skb, consume_skb, on_consume, struct sk_buff *skb)
PP_TP_CLASSIC(tr_consume_skb, skb, consume_skb, trace_event_raw_consume_skb,
	      on_consume(false, (void *)BPF_CORE_READ(ctx, skbaddr)))

/*
 * kfree_skb(skb, location[, reason]): the reason's number is the kernel's,
 * where it has one (compat.bpf.h); before 5.17 every drop has none.
 */
static __always_inline int on_drop(const bool btf, struct sk_buff *skb, __u64 location,
				   __u32 reason)
{
	return stage_skb(btf, skb, NULL, PP_STAGE_DROP, reason, END_KIND, location);
}

static __always_inline int on_kfree_skb(const bool btf, unsigned long long *ctx)
{
	return on_drop(btf, (struct sk_buff *)ctx[0], ctx[1], kfree_skb_reason(ctx));
}

PP_TP_CTX(tr_kfree_skb, kfree_skb, on_kfree_skb)
PP_TP_CLASSIC(tr_kfree_skb, skb, kfree_skb, trace_event_raw_kfree_skb,
	      on_drop(false, (void *)BPF_CORE_READ(ctx, skbaddr),
		      (__u64)BPF_CORE_READ(ctx, location), kfree_skb_record_reason(ctx)))

#include "ctx_progs.bpf.h" /* the per-CPU receive context */

/* ---- function stages (--stage): PP_STAGE_FN_SLOTS slots, fn.bpf.h ---- */

FN_SLOT(0)
FN_SLOT(1)
FN_SLOT(2)
FN_SLOT(3)
FN_SLOT(4)
FN_SLOT(5)
FN_SLOT(6)
FN_SLOT(7)
FN_SLOT(8)
FN_SLOT(9)
FN_SLOT(10)
FN_SLOT(11)
FN_SLOT(12)
FN_SLOT(13)
FN_SLOT(14)
FN_SLOT(15)
FN_SLOT(16)
FN_SLOT(17)
FN_SLOT(18)
FN_SLOT(19)
FN_SLOT(20)
FN_SLOT(21)
FN_SLOT(22)
FN_SLOT(23)
FN_SLOT(24)
FN_SLOT(25)
FN_SLOT(26)
FN_SLOT(27)
FN_SLOT(28)
FN_SLOT(29)
FN_SLOT(30)
FN_SLOT(31)
FN_SLOT(32)
FN_SLOT(33)
FN_SLOT(34)
FN_SLOT(35)
FN_SLOT(36)
FN_SLOT(37)
FN_SLOT(38)
FN_SLOT(39)
FN_SLOT(40)
FN_SLOT(41)
FN_SLOT(42)
FN_SLOT(43)
FN_SLOT(44)
FN_SLOT(45)
FN_SLOT(46)
FN_SLOT(47)
FN_SLOT(48)
FN_SLOT(49)
FN_SLOT(50)
FN_SLOT(51)
FN_SLOT(52)
FN_SLOT(53)
FN_SLOT(54)
FN_SLOT(55)
FN_SLOT(56)
FN_SLOT(57)
FN_SLOT(58)
FN_SLOT(59)
FN_SLOT(60)
FN_SLOT(61)
FN_SLOT(62)
FN_SLOT(63)
_Static_assert(PP_STAGE_FN_SLOTS == 64, "one FN_SLOT() per slot");
_Static_assert(__COUNTER__ < PP_COST_SLOTS, "a cost slot per program (cost.h)");

char LICENSE[] SEC("license") = "GPL";
