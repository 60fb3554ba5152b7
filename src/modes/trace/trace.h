/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.h - what trace.bpf.c and the user halves of pktpath trace and latency
 * share: the stages, per-packet records and latency histograms.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PP_MODES_TRACE_H
#define PP_MODES_TRACE_H

#include "pktpath.h"

/*
 * The points of a packet's path that trace and latency time, in the order a
 * packet meets them. The names user space prints are the tracepoints'
 * (src/modes/trace/stages.c); the receive context stages (IRQ to NAPI poll) are
 * per-CPU events carried onto the packets they brought in.
 */
enum pp_stage {
	PP_STAGE_NONE,
	/* receive */
	PP_STAGE_IRQ,            /* irq:irq_handler_entry of the NIC's interrupt */
	PP_STAGE_SOFTIRQ_RAISE,  /* irq:softirq_raise, NET_RX */
	PP_STAGE_SOFTIRQ_ENTRY,  /* irq:softirq_entry, NET_RX */
	PP_STAGE_NAPI_POLL,      /* start of the NAPI poll that carried it */
	PP_STAGE_GRO_RECEIVE,    /* net:napi_gro_receive_entry: driver hand-off */
	PP_STAGE_GRO_FRAGS,      /* net:napi_gro_frags_entry */
	PP_STAGE_RECEIVE_ENTRY,  /* net:netif_receive_skb_entry */
	PP_STAGE_RECEIVE_LIST,   /* net:netif_receive_skb_list_entry */
	PP_STAGE_RX_ENTRY,       /* net:netif_rx_entry */
	PP_STAGE_RX,             /* net:netif_rx: queued to a CPU's backlog */
	PP_STAGE_RECEIVE,        /* net:netif_receive_skb: the stack meets it */
	PP_STAGE_TCP_PROBE,      /* tcp:tcp_probe: TCP receive, established */
	PP_STAGE_DATA_READY,     /* sock:sk_data_ready: the socket is woken */
	PP_STAGE_COPY,           /* skb:skb_copy_datagram_iovec: copy to the user */
	/* transmit */
	PP_STAGE_DEV_QUEUE,      /* net:net_dev_queue */
	PP_STAGE_QDISC_ENQUEUE,  /* qdisc:qdisc_enqueue */
	PP_STAGE_QDISC_DEQUEUE,  /* qdisc:qdisc_dequeue */
	PP_STAGE_START_XMIT,     /* net:net_dev_start_xmit: to the driver */
	PP_STAGE_XMIT,           /* net:net_dev_xmit: the driver returned */
	/* the end of the skb */
	PP_STAGE_CONSUME,        /* skb:consume_skb */
	PP_STAGE_DROP,           /* skb:kfree_skb */
	PP_STAGE_MAX,
};

/*
 * Function stages (--stage FUNC): kernel functions met by fentry/fexit or
 * kprobe/kretprobe, one program slot each. User space numbers them after
 * the tracepoint stages, entries then returns, as densely as it can (the
 * latency histograms are indexed by pairs of stage ids).
 */
#define PP_STAGE_FN_SLOTS 64
#define PP_STAGE_IDS (PP_STAGE_MAX + 2 * PP_STAGE_FN_SLOTS) /* every stage id is below */

/* Stages kept per packet; more are counted in stages_lost. */
#define PP_TRACE_MAX_STAGES 24

/* One stage of a packet. */
struct trace_stage {
	__u64 ts_ns;      /* CLOCK_MONOTONIC */
	__u32 netns;      /* the skb's device here: namespace inode ... */
	__u32 ifindex;    /* ... and index; 0 when the stage has no device */
	__u32 len;        /* skb->len here (0 for the per-CPU context stages) */
	__s32 aux;        /* by stage: see trace_stage_aux in src/modes/trace/stages.c */
	__u16 cpu;
	__u8 stage;       /* enum pp_stage */
	__u8 pad[5];
};

/* How the packet's record ended. */
enum pp_trace_end {
	PP_END_CONSUMED,  /* consume_skb: delivered or used up */
	PP_END_DROPPED,   /* kfree_skb, with a drop reason */
	PP_END_DELIVERED, /* it reached a socket, and its skb's address came back as
			   * another packet: freed without a tracepoint (6.x frees
			   * received skbs with skb_attempt_defer_free) */
	PP_END_VANISHED,  /* the same before it reached a socket (a GRO merge,
			   * TCP coalescing) */
	PP_END_EXPIRED,   /* no stage for --linger seconds: freed silently, or still
			   * queued somewhere */
	PP_END_RUNNING,   /* still in flight when tracing stopped */
};

/* Which interrupt brought a packet in, and how pktpath knows. */
enum pp_irq_source {
	PP_IRQ_NONE,      /* no hard interrupt (veth, loopback, a local sender) */
	PP_IRQ_RAISED,    /* the one IRQ whose handler raised the NET_RX softirq
			   * that polled it (or, among several, the one learned) */
	PP_IRQ_HANDLER,   /* netif_rx called inside that IRQ's handler */
	PP_IRQ_LEARNED,   /* the IRQ its NAPI instance was seen to be raised by;
			   * polled without a fresh interrupt (NAPI kept polling) */
	PP_IRQ_AMBIGUOUS, /* several IRQs raised that softirq, none known for it */
};

/* One NAPI poll (net:napi_poll), as user space learns it per packet. */
struct trace_poll {
	__u64 seq;        /* the CPU's poll number; ~0: none */
	__u64 start_ns;   /* softirq entry or the previous poll's end; 0 unknown */
	__u64 end_ns;
	__u32 napi_id;
	__u32 netns;      /* napi->dev; ifindex 0: the CPU's backlog (no device) */
	__u32 ifindex;
	__s32 work;       /* packets the poll handled ... */
	__s32 budget;     /* ... of at most this many */
	__u32 pad;
};

/*
 * A packet's journey: the ring-buffer event of `pktpath trace`, written when
 * the skb ends (and kept in the trace_logs map until then).
 */
struct trace_packet {
	__u32 type;            /* PP_EV_TRACE_STAGE */
	__u8 n_stages;         /* valid entries of stages[] */
	__u8 end;              /* enum pp_trace_end */
	__u8 irq_source;       /* enum pp_irq_source */
	__u8 has_poll;         /* poll holds the NAPI poll that carried it */
	__u64 id;              /* unique for the run */
	__u64 parent_id;       /* the packet it is a clone of; 0 when none */
	__u64 hw_tstamp_ns;    /* the NIC's hardware timestamp (its clock); 0 none */
	__u64 drop_location;   /* kfree_skb: the code that dropped it */
	__s32 irq;             /* the IRQ that brought it in; -1 none */
	__u32 napi_id;         /* skb->napi_id at hand-off; 0 unknown */
	__u32 stages_lost;     /* stages beyond PP_TRACE_MAX_STAGES */
	__u32 pad;
	struct trace_poll poll;
	struct pp_flow flow;   /* where its bytes were first seen */
	struct trace_stage stages[PP_TRACE_MAX_STAGES];
	struct pp_pkt pkt;    /* last: only with -w (see struct pp_pkt) */
};

/*
 * The state of one skb being followed (trace_skbs, a slot chosen by its
 * address: src/modes/trace/state.bpf.h).
 * User space closes the records left idle for --linger.
 */
enum { TRACE_PENDING, TRACE_MATCH, TRACE_NO };

#define SKB_F_CTX 0x01    /* the softirq context is on the packet */
#define SKB_F_IRQ 0x02    /* its IRQ is known */
#define SKB_F_POLL 0x04   /* poll_cpu/poll_seq name its NAPI poll */
#define SKB_F_SOCKET 0x08 /* it reached a socket */
#define SKB_F_SPAN 0x10   /* latency: its --from/--to span was counted */
#define SKB_F_ENDING 0x20 /* freed inside a function whose return is a stage:
			   * the record closes at that return */

struct trace_skb {
	__u64 skb;      /* the tag: whose state the slot holds; 0 free */
	__u64 id;       /* 0 until it matches */
	__u64 head;     /* skb->head when last met: another means another packet */
	__u64 last_ts;  /* its latest stage's time */
	__u64 from_ts;  /* latency: when it met --from */
	__u64 queued_ts; /* when netif_rx queued it to a backlog; 0 */
	__u64 poll_seq; /* the NAPI poll that carried it, on poll_cpu */
	__u16 poll_cpu;
	__u8 verdict;   /* TRACE_PENDING, TRACE_MATCH or TRACE_NO */
	__u8 last_stage;
	__u8 flags;     /* SKB_F_* */
	__u8 end;       /* with SKB_F_ENDING: how it ended (enum pp_trace_end) */
	__u16 txq1;     /* its TX queue + 1 when it was sent from here; 0 */
	/* Where it last entered a path: receive or transmit, CPU, NET_RX run. */
	__u32 path_rx;
	__u32 path_cpu;
	__u64 path_sirq; /* that CPU's NET_RX run; 0 outside the softirq */
};

/* Per interrupt, whole run (atomic adds): what trace saw of each IRQ. */
struct trace_irq_stats {
	char name[32];         /* the action's name: "virtio3-input.0" */
	__u64 interrupts;      /* irq_handler_entry calls */
	__u64 raised;          /* ... that raised NET_RX */
	__u64 packets;         /* packets attributed to it */
};

/* latency: log2 histograms of the time between two stages, per CPU. */
#define LAT_SLOTS 42       /* slot i: [2^(i-1), 2^i) ns; slot 0: 0 ns */
#define LAT_PAIRS (PP_STAGE_MAX * PP_STAGE_MAX)
#define LAT_SPAN LAT_PAIRS /* the --from/--to histogram, after the pairs */
#define LAT_HISTS (LAT_PAIRS + 1)

struct lat_hist {
	__u64 count;
	__u64 sum_ns;
	__u64 max_ns;
	__u64 slots[LAT_SLOTS];
};

#endif /* PP_MODES_TRACE_H */
