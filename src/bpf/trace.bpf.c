// SPDX-License-Identifier: GPL-2.0
/*
 * trace.bpf.c - the programs of `pktpath trace` and `pktpath latency`: one
 * per stage and attach mechanism (tp_btf, raw_tp, the classic tracepoint),
 * each a thin shell around a handler of trace_ctx.bpf.h (per-CPU receive
 * context) or trace_skb.bpf.h (per packet). User space loads one mechanism
 * per stage and leaves out the stages this kernel lacks.
 */
#include "common.bpf.h"
#include "trace_ctx.bpf.h"
#include "trace_skb.bpf.h"
#include "trace_fn.bpf.h"

/*
 * A tracepoint whose only argument is the skb (the net_dev_template and
 * net_dev_rx_verbose_template classes); aux is skb->queue_mapping.
 */
#define SKB_STAGE(tp, cls, stage, kind)                                                  \
	SEC("tp_btf/" #tp)                                                             \
	int BPF_PROG(tr_##tp##_btf, struct sk_buff *skb)                               \
	{                                                                              \
		return stage_skb(true, skb, NULL, stage, skb->queue_mapping, kind, 0); \
	}                                                                              \
	SEC("raw_tp/" #tp)                                                             \
	int BPF_PROG(tr_##tp##_raw, struct sk_buff *skb)                               \
	{                                                                              \
		return stage_skb(false, skb, NULL, stage,                              \
				 BPF_CORE_READ(skb, queue_mapping), kind, 0);          \
	}                                                                              \
	SEC("tracepoint/net/" #tp)                                                     \
	int tr_##tp##_tp(struct trace_event_raw_##cls *ctx)                            \
	{                                                                              \
		struct sk_buff *skb = (void *)BPF_CORE_READ(ctx, skbaddr);             \
                                                                                       \
		return stage_skb(false, skb, NULL, stage,                              \
				 BPF_CORE_READ(skb, queue_mapping), kind, 0);          \
	}

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
	if (!c)
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

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(tr_netif_receive_skb_btf, struct sk_buff *skb)
{
	return on_receive(true, skb);
}

SEC("raw_tp/netif_receive_skb")
int BPF_PROG(tr_netif_receive_skb_raw, struct sk_buff *skb)
{
	return on_receive(false, skb);
}

SEC("tracepoint/net/netif_receive_skb")
int tr_netif_receive_skb_tp(struct trace_event_raw_net_dev_template *ctx)
{
	return on_receive(false, (void *)BPF_CORE_READ(ctx, skbaddr));
}

/* ---- receive: transport and socket -------------------------------------- */

/* tcp_probe: TCP receives a segment on an established socket. */
static __always_inline int on_tcp_probe(const bool btf, struct sock *sk, struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_skb *st;
	__u64 key = (__u64)skb;

	stage_skb(btf, skb, NULL, PP_STAGE_TCP_PROBE, 0, K_SOCKET | K_CLONE, 0);
	if (!c)
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

SEC("tp_btf/tcp_probe")
int BPF_PROG(tr_tcp_probe_btf, struct sock *sk, struct sk_buff *skb)
{
	return on_tcp_probe(true, sk, skb);
}

SEC("raw_tp/tcp_probe")
int BPF_PROG(tr_tcp_probe_raw, struct sock *sk, struct sk_buff *skb)
{
	return on_tcp_probe(false, sk, skb);
}

/*
 * sk_data_ready names only the socket. It belongs to the packet this CPU's
 * receive path met last, when that is certain: tcp_probe saw the same
 * socket, or netif_receive_skb met that packet alone in this softirq run.
 */
static __always_inline int on_data_ready(struct sock *sk)
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

SEC("tp_btf/sk_data_ready")
int BPF_PROG(tr_sk_data_ready_btf, struct sock *sk)
{
	return on_data_ready(sk);
}

SEC("raw_tp/sk_data_ready")
int BPF_PROG(tr_sk_data_ready_raw, struct sock *sk)
{
	return on_data_ready(sk);
}

/* The classic form of sk_data_ready, where it exists (6.6 and later). */
struct trace_event_raw_sk_data_ready___pp {
	const void *skaddr;
} __attribute__((preserve_access_index));

SEC("tracepoint/sock/sk_data_ready")
int tr_sk_data_ready_tp(struct trace_event_raw_sk_data_ready___pp *ctx)
{
	return on_data_ready((void *)BPF_CORE_READ(ctx, skaddr));
}

SEC("tp_btf/skb_copy_datagram_iovec")
int BPF_PROG(tr_skb_copy_datagram_iovec_btf, struct sk_buff *skb, int len)
{
	return stage_skb(true, skb, NULL, PP_STAGE_COPY, len, K_SOCKET | K_CLONE, 0);
}

SEC("raw_tp/skb_copy_datagram_iovec")
int BPF_PROG(tr_skb_copy_datagram_iovec_raw, struct sk_buff *skb, int len)
{
	return stage_skb(false, skb, NULL, PP_STAGE_COPY, len, K_SOCKET | K_CLONE, 0);
}

SEC("tracepoint/skb/skb_copy_datagram_iovec")
int tr_skb_copy_datagram_iovec_tp(struct trace_event_raw_skb_copy_datagram_iovec *ctx)
{
	return stage_skb(false, (void *)BPF_CORE_READ(ctx, skbaddr), NULL, PP_STAGE_COPY,
			 BPF_CORE_READ(ctx, len), K_SOCKET | K_CLONE, 0);
}

/* ---- transmit --------------------------------------------------------- */

SKB_STAGE(net_dev_queue, net_dev_template, PP_STAGE_DEV_QUEUE, K_ORIGIN)

static __always_inline int on_qdisc_enqueue(const bool btf, struct sk_buff *skb)
{
	struct trace_cpu *c = trace_cpu();

	if (c && skb)
		stage_next(btf, c, skb, PP_STAGE_QDISC_ENQUEUE, RD(btf, skb, queue_mapping),
			   bpf_ktime_get_ns());
	return 0;
}

SEC("tp_btf/qdisc_enqueue")
int BPF_PROG(tr_qdisc_enqueue_btf, struct Qdisc *q, struct netdev_queue *txq, struct sk_buff *skb)
{
	return on_qdisc_enqueue(true, skb);
}

SEC("raw_tp/qdisc_enqueue")
int BPF_PROG(tr_qdisc_enqueue_raw, struct Qdisc *q, struct netdev_queue *txq, struct sk_buff *skb)
{
	return on_qdisc_enqueue(false, skb);
}

SEC("tracepoint/qdisc/qdisc_enqueue")
int tr_qdisc_enqueue_tp(struct trace_event_raw_qdisc_enqueue *ctx)
{
	return on_qdisc_enqueue(false, (void *)BPF_CORE_READ(ctx, skbaddr));
}

/* A bulk dequeue hands over a list of skbs (skb->next); each is a packet. */
#define QDISC_BULK_MAX 8

static __always_inline int on_qdisc_dequeue(const bool btf, struct sk_buff *skb, int packets)
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

SEC("tp_btf/qdisc_dequeue")
int BPF_PROG(tr_qdisc_dequeue_btf, struct Qdisc *q, struct netdev_queue *txq, int packets,
	     struct sk_buff *skb)
{
	return on_qdisc_dequeue(true, skb, packets);
}

SEC("raw_tp/qdisc_dequeue")
int BPF_PROG(tr_qdisc_dequeue_raw, struct Qdisc *q, struct netdev_queue *txq, int packets,
	     struct sk_buff *skb)
{
	return on_qdisc_dequeue(false, skb, packets);
}

SEC("tracepoint/qdisc/qdisc_dequeue")
int tr_qdisc_dequeue_tp(struct trace_event_raw_qdisc_dequeue *ctx)
{
	return on_qdisc_dequeue(false, (void *)BPF_CORE_READ(ctx, skbaddr),
				BPF_CORE_READ(ctx, packets));
}

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
	if (!c)
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

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(tr_net_dev_start_xmit_btf, struct sk_buff *skb, struct net_device *dev)
{
	return on_start_xmit(true, skb, dev);
}

SEC("raw_tp/net_dev_start_xmit")
int BPF_PROG(tr_net_dev_start_xmit_raw, struct sk_buff *skb, struct net_device *dev)
{
	return on_start_xmit(false, skb, dev);
}

SEC("tracepoint/net/net_dev_start_xmit")
int tr_net_dev_start_xmit_tp(struct trace_event_raw_net_dev_start_xmit *ctx)
{
	struct sk_buff *skb = (void *)BPF_CORE_READ(ctx, skbaddr);

	return on_start_xmit(false, skb, BPF_CORE_READ(skb, dev));
}

SEC("tp_btf/net_dev_xmit")
int BPF_PROG(tr_net_dev_xmit_btf, struct sk_buff *skb, int rc, struct net_device *dev)
{
	return on_xmit(true, skb, rc, dev);
}

SEC("raw_tp/net_dev_xmit")
int BPF_PROG(tr_net_dev_xmit_raw, struct sk_buff *skb, int rc, struct net_device *dev)
{
	return on_xmit(false, skb, rc, dev);
}

SEC("tracepoint/net/net_dev_xmit")
int tr_net_dev_xmit_tp(struct trace_event_raw_net_dev_xmit *ctx)
{
	/* The skb may be gone: no device read through it. */
	return on_xmit(false, (void *)BPF_CORE_READ(ctx, skbaddr), BPF_CORE_READ(ctx, rc), NULL);
}

/* ---- the end of the skb ------------------------------------------------ */

#define END_KIND (K_END | K_CLONE)

SEC("tp_btf/consume_skb")
int BPF_PROG(tr_consume_skb_btf, struct sk_buff *skb)
{
	return stage_skb(true, skb, NULL, PP_STAGE_CONSUME, 0, END_KIND, 0);
}

SEC("raw_tp/consume_skb")
int BPF_PROG(tr_consume_skb_raw, struct sk_buff *skb)
{
	return stage_skb(false, skb, NULL, PP_STAGE_CONSUME, 0, END_KIND, 0);
}

SEC("tracepoint/skb/consume_skb")
int tr_consume_skb_tp(struct trace_event_raw_consume_skb *ctx)
{
	return stage_skb(false, (void *)BPF_CORE_READ(ctx, skbaddr), NULL, PP_STAGE_CONSUME, 0,
			 END_KIND, 0);
}

/*
 * kfree_skb(skb, location[, reason]): the reason's number is the kernel's,
 * where it has one (compat.bpf.h); before 5.17 every drop has none.
 */
SEC("tp_btf/kfree_skb")
int tr_kfree_skb_btf(__u64 *ctx)
{
	__u32 reason = kfree_skb_has_reason() ? ctx[2] : PP_DROP_NO_REASON;

	return stage_skb(true, (struct sk_buff *)ctx[0], NULL, PP_STAGE_DROP, reason, END_KIND,
			 ctx[1]);
}

SEC("raw_tp/kfree_skb")
int tr_kfree_skb_raw(__u64 *ctx)
{
	__u32 reason = kfree_skb_has_reason() ? ctx[2] : PP_DROP_NO_REASON;

	return stage_skb(false, (struct sk_buff *)ctx[0], NULL, PP_STAGE_DROP, reason, END_KIND,
			 ctx[1]);
}

SEC("tracepoint/skb/kfree_skb")
int tr_kfree_skb_tp(struct trace_event_raw_kfree_skb *ctx)
{
	__u32 reason = PP_DROP_NO_REASON;

	if (kfree_skb_has_reason())
		reason = BPF_CORE_READ(ctx, reason);
	return stage_skb(false, (void *)BPF_CORE_READ(ctx, skbaddr), NULL, PP_STAGE_DROP,
			 reason, END_KIND, (__u64)BPF_CORE_READ(ctx, location));
}

#include "trace_ctx_progs.bpf.h" /* the per-CPU receive context */

/* ---- function stages (--stage): PP_STAGE_FN_SLOTS slots, trace_fn.bpf.h ---- */

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

char LICENSE[] SEC("license") = "GPL";
