/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pktpath.h - the one header shared by the BPF programs and user space.
 *
 * Everything that crosses the user/kernel boundary is declared here: map keys
 * and values, ring-buffer events, run-time configuration written into the
 * programs' read-only data, and the counters that make sure no loss is silent.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PKTPATH_H
#define PKTPATH_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define PP_IFNAMSIZ 16

/*
 * Packet bytes a hook copies out of an skb for the tcpdump filter and the flow
 * parser. The copy starts at the link-layer header when the skb has one and
 * at the network header otherwise, and covers the linear part only.
 */
#define PP_SNAP_MAX 256

/*
 * Scratch area of the packet filter, one per CPU in a map. The filter that
 * user space splices into a program addresses it through one register, so
 * its layout is part of the contract with the cBPF-to-eBPF translator.
 */
struct pp_filter_scratch {
	__u32 caplen;          /* bytes valid in pkt[] */
	__u32 wirelen;         /* length of the packet from pkt[0] to its end */
	__u32 mem[16];         /* cBPF scratch memory M[0..15] */
	__u8 pkt[PP_SNAP_MAX]; /* the copied bytes */
};

/*
 * A packet's bytes as an event carries them for -w (pcapng): the snapshot
 * pp_snapshot() took, cut to --snaplen. drops, otherhost and txq events end
 * with one, and so does trace's packet record; the programs send it only
 * when -w sets their rodata targ_pcap_snaplen, and user space tells by the
 * size of the event whether it is there.
 */
#define PP_DIR_IN 1  /* received (pcapng epb_flags inbound) */
#define PP_DIR_OUT 2 /* sent from this host (outbound) */

struct pp_pkt {
	__u32 caplen;  /* bytes valid in data[]; 0 when none could be read */
	__u32 wirelen; /* from data[0] to the end of the packet */
	__u8 has_l2;   /* data[0] is an Ethernet header, else an IP header */
	__u8 dir;      /* PP_DIR_*; 0 unknown */
	__u8 pad[6];
	__u8 data[PP_SNAP_MAX];
};

/*
 * The marker a BPF program leaves where user space splices a filter: an
 * `r0 = PP_FILTER_MARK_* ll` instruction. Until a filter is spliced it loads a
 * non-zero constant, so an unpatched marker means "match".
 */
#define PP_FILTER_MARK_L2 0x7f9c2a11 /* expression compiled for Ethernet */
#define PP_FILTER_MARK_L3 0x7f9c2a13 /* the same expression for raw IP */

/*
 * Filters on things that are not packet bytes. Lives in each program's
 * read-only data, so a filter that is not set costs nothing: the verifier
 * sees the constant and removes the check.
 */
struct pp_meta_filter {
	char dev_name[PP_IFNAMSIZ]; /* match by name in any namespace; "" = any */
	__u32 ifindex;              /* 0 = any */
	__u32 netns;                /* network namespace inode; 0 = any */
	__s32 cpu;                  /* -1 = any */
	__s32 queue;                /* TX or RX queue; -1 = any */
	__s32 irq;                  /* hard IRQ number (receive modes); -1 = any */
	__u8 pkt_filter;            /* a tcpdump expression is spliced in */
	__u8 pkt_filter_l3;         /* ... and it also compiled for raw IP */
	__u16 snaplen;              /* bytes the expression needs, <= PP_SNAP_MAX */
};

/*
 * Per-CPU counters of everything that could otherwise go missing quietly.
 * Every program keeps the same array; user space sums it and reports the
 * non-zero entries with the sentences in src/lib/counters.c.
 */
enum pp_counter {
	PP_CNT_EVENTS_LOST,     /* ring buffer full: an event was not delivered */
	PP_CNT_SNAP_FAILED,     /* packet bytes could not be read */
	PP_CNT_FILTER_NO_L3,    /* L3-only packet, expression needs a link layer */
	PP_CNT_FLOW_NEW,        /* entries created in the flow table */
	PP_CNT_FLOW_UPDATE_FAILED, /* flow table insert failed (full, or no memory) */
	PP_CNT_QUEUE_UPDATE_FAILED, /* per-queue table insert failed */
	PP_CNT_DEV_UPDATE_FAILED,   /* device table insert failed */
	PP_CNT_SKB_TABLE_FULL,  /* per-skb tracking table had no room */
	PP_CNT_SKB_EVICTED,     /* per-skb state created (evictions = new - live) */
	PP_CNT_RATE_LIMITED,    /* events held back by the rate limit */
	PP_CNT_TXQ_MISATTRIBUTED, /* txq fast path: same socket and hash, other flow */
	PP_CNT_DROP_TABLE_FULL, /* drops: (reason, location, device) table had no room */
	PP_CNT_OTHERHOST_TABLE_FULL, /* otherhost: (device, MAC) table had no room */
	PP_CNT_STACK_COLLISION, /* stack map bucket held another stack (-EEXIST) */
	PP_CNT_STACK_LOST,      /* stack not stored: map full or stack unreadable */
	PP_CNT_RXQ_UNPAIRED,    /* rxq: the stack met an skb whose hand-off was not seen */
	PP_CNT_MAX,
};

/* Where a device lives: ifindex is only unique inside its namespace. */
struct pp_dev_id {
	__u32 netns;   /* inode number of the network namespace */
	__u32 ifindex;
};

/* What a program learned about a device, written once per new device. */
struct pp_dev_info {
	char name[PP_IFNAMSIZ];
	__u32 real_num_tx_queues;
	__u32 real_num_rx_queues;
	__u32 flags;             /* IFF_* from dev->flags (IFF_PROMISC...) */
	__u16 type;              /* ARPHRD_* */
	__u8 addr[6];            /* dev_addr */
	__u32 slot;              /* the device's row in per-device arrays */
	__u32 pad;
};

/* A flow: the 5-tuple for IPv4 and IPv6; family 0 for anything else. */
struct pp_flow {
	__u8 family;       /* 4, 6, or 0 when not IP */
	__u8 proto;        /* IPPROTO_* (IP) */
	__u16 ethertype;   /* host byte order; set for every packet */
	__u16 sport;       /* host byte order; 0 without ports */
	__u16 dport;
	__u8 saddr[16];    /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
};

/* ---- pktpath txq ------------------------------------------------------ */

struct txq_flow_key {
	struct pp_dev_id dev;
	struct pp_flow flow;
	__u32 queue;
};

/* Per CPU; user space sums the CPUs. */
struct txq_flow_stats {
	__u64 packets;     /* segments, as qdisc counters count them */
	__u64 bytes;
	__u64 skbs;
	__u64 ooo_okay;    /* skbs with ooo_okay set */
	/* Of the flow's first packet on this CPU (kept off the per-packet
	 * path; the flow's current queue is in txq_flow_state): */
	__u64 first_ns;    /* CLOCK_MONOTONIC */
	__u32 cpu;
	__u32 hash;        /* skb->hash */
	__s32 sk_queue;    /* the socket's cached queue, -1 none */
	__u32 dev_slot;    /* the device's slot + 1; 0 = not looked up yet */
};

/*
 * Per-queue totals live in a per-CPU array indexed by
 * (device slot * TXQ_SLOT_QUEUES + queue), so counting them costs no hash
 * look-up; a device beyond TXQ_DEV_SLOTS or a queue beyond TXQ_SLOT_QUEUES
 * is counted in the txq_queues hash instead. User space reads both.
 */
#define TXQ_DEV_SLOTS 64
#define TXQ_SLOT_QUEUES 64

struct txq_flow_state_key {
	struct pp_dev_id dev;
	struct pp_flow flow;
};

/* A txq_flow_key starts with its txq_flow_state_key: one serves as both. */
_Static_assert(__builtin_offsetof(struct txq_flow_key, queue) == sizeof(struct txq_flow_state_key),
	       "txq_flow_key must begin with a txq_flow_state_key");

/* The queue a flow was last seen on; shared by all CPUs. */
struct txq_flow_state {
	__u32 queue;
	__u32 changes;
};

/*
 * Per CPU: the flow and queue of this CPU's previous packets, with the
 * counts not yet added to the tables. A burst of one flow on one queue is
 * counted here with no map look-up at all, and flushed into txq_flows and
 * the queue totals when the CPU sees another flow. While no queue change
 * has happened anywhere (gen), a packet that matches cannot be a change.
 * User space adds what is pending here when it reads the tables.
 *
 * Without a tcpdump filter, a packet is recognised as part of the burst by
 * (socket, skb->hash, device, queue) without reading its headers: a socket's
 * packets with one hash share one 5-tuple (the hash is the socket's own
 * txhash or the flow dissector's over the 5-tuple). Every TXQ_VERIFY_EVERY-th
 * packet is parsed anyway and compared; a mismatch is counted
 * (PP_CNT_TXQ_MISATTRIBUTED). Device and queue are always compared, so the
 * per-queue totals are exact either way.
 */
#define TXQ_VERIFY_EVERY 64

struct txq_last_flow {
	__u64 sk;          /* skb->sk of the burst */
	__u32 hash;        /* skb->hash of the burst; 0 = recognise by headers */
	__u32 hits;        /* fast-path packets, for the periodic check */
	struct txq_flow_key key;
	__u32 dev_slot;    /* as in txq_flow_stats */
	__u64 gen;         /* txq_change_gen + 1 when filled; 0 = empty */
	__u64 packets;     /* pending */
	__u64 bytes;
	__u64 skbs;
	__u64 ooo_okay;
};

struct txq_queue_key {
	struct pp_dev_id dev;
	__u32 queue;
};

struct txq_queue_stats {
	__u64 packets;
	__u64 bytes;
	__u64 skbs;
};

/*
 * What txq's optional hook on netdev_core_pick_tx saw for one skb: the
 * kernel's queue pick with the socket's cached queue before and after it.
 * Kept per skb until net_dev_start_xmit reports the skb in an event.
 */
#define TXQ_PICK_SEEN 0x1     /* the pick hook saw this skb */
#define TXQ_PICK_REPICKED 0x2 /* no valid cached queue, or ooo_okay: picked afresh */
#define TXQ_PICK_DRIVER 0x4   /* the driver's ndo_select_queue chose */
#define TXQ_PICK_SINGLE 0x8   /* one TX queue: nothing to choose */

struct txq_pick {
	__s32 sk_before;     /* the socket's cached TX queue before the pick; -1 none */
	__s32 sk_after;      /* ... and after it */
	__u32 queue;         /* the queue picked (skb->queue_mapping) */
	__u32 cpu;           /* the CPU that picked (XPS looks at its maps) */
	__u32 len;           /* skb->len, to tell a reused skb address apart */
	__u32 flags;         /* TXQ_PICK_* */
};

/* Picks per (device, queue), per CPU: to compare with what was sent. */
struct txq_pick_stats {
	__u64 skbs;
	__u64 repicked;      /* skbs with TXQ_PICK_REPICKED */
};

enum pp_event_type {
	PP_EV_TXQ_NEW_FLOW = 1,
	PP_EV_TXQ_CHANGE,
	PP_EV_TRACE_STAGE,
	PP_EV_DROP,
	PP_EV_OTHERHOST,
};

/* A flow seen for the first time, or moved to another queue. */
struct txq_event {
	__u32 type;          /* PP_EV_TXQ_NEW_FLOW or PP_EV_TXQ_CHANGE */
	__u32 cpu;
	__u64 ts_ns;         /* CLOCK_MONOTONIC */
	struct pp_dev_id dev;
	struct pp_flow flow;
	__s32 old_queue;     /* -1 for a new flow */
	__u32 new_queue;
	__s32 sk_queue;      /* socket's cached TX queue after the pick; -1 none */
	__u32 hash;          /* skb->hash */
	__u32 real_num_tx_queues;
	__u8 ooo_okay;
	__u8 has_sk;         /* the skb carries a full socket */
	__u16 pad;
	char dev_name[PP_IFNAMSIZ];
	struct txq_pick pick; /* flags 0 when the pick hook did not see it */
	struct pp_pkt pkt;    /* last: only with -w (see struct pp_pkt) */
};

/* ---- tests/helpers/hookcount (src/bpf/hookcount.bpf.c) -------------- */

/* What the catalog's function hooks saw, counted exactly (atomic adds). */
struct hookcount {
	__u64 ip_rcv;           /* packets into ip_rcv */
	__u64 ip_rcv_otherhost; /* ... with pkt_type PACKET_OTHERHOST (the first seed) */
	__u64 ip_rcv_core;      /* packets into ip_rcv_core */
	__u64 ip_rcv_core_drop; /* ... that it dropped */
	__u64 poll;             /* NAPI polls */
	__u64 poll_work;        /* packets those polls handled */
};

/* ---- pktpath drops ---------------------------------------------------- */

/*
 * The reason of a drop as the kernel numbers it (enum skb_drop_reason; the
 * numbers differ between kernels, user space reads the names from BTF), or
 * this value on kernels whose kfree_skb tracepoint has no reason.
 */
#define PP_DROP_NO_REASON 0xffffffffU

/* Frames kept per stack with --stack (the kernel's PERF_MAX_STACK_DEPTH). */
#define PP_STACK_DEPTH 127

/* One row of the drop table: what dropped packets, where, on which device. */
struct drops_key {
	__u32 reason;         /* enum skb_drop_reason, or PP_DROP_NO_REASON */
	__s32 stack_id;       /* in the stack map; -1 without --stack or when lost */
	__u64 location;       /* return address into the code that freed the skb */
	struct pp_dev_id dev; /* skb->dev; ifindex 0 when the skb had none */
};

/* Per CPU; user space sums the CPUs. */
struct drops_stats {
	__u64 count;
	__u64 bytes;                /* sum of the lengths from the network header */
	__u64 last_ns;              /* CLOCK_MONOTONIC of the last drop */
	char dev_name[PP_IFNAMSIZ]; /* set on the CPU that created the row */
};

/* A drop, for the live lines (rate limited; the table counts them all). */
struct drops_event {
	__u32 type;           /* PP_EV_DROP */
	__u32 cpu;
	__u64 ts_ns;          /* CLOCK_MONOTONIC */
	__u64 location;
	__u32 reason;
	__s32 stack_id;
	struct pp_dev_id dev;
	struct pp_flow flow;
	__u32 len;            /* from the network header to the end */
	__u8 pkt_type;        /* PACKET_HOST, PACKET_OTHERHOST... */
	__u8 pad[3];
	char dev_name[PP_IFNAMSIZ];
	struct pp_pkt pkt;    /* last: only with -w (see struct pp_pkt) */
};

/* Frames whose destination MAC is not the receiving device's (otherhost). */
struct otherhost_key {
	struct pp_dev_id dev;
	__u8 dst_mac[6];
	__u16 pad;
};

/* Per CPU; user space sums counts and keeps the newest details. */
struct otherhost_stats {
	__u64 received;       /* met at netif_receive_skb */
	__u64 dropped;        /* freed by kfree_skb as drops */
	__u64 bytes;          /* of the received frames */
	__u64 last_ns;
	char dev_name[PP_IFNAMSIZ];
	__u8 dev_mac[6];      /* the device's own address, at the last frame */
	__u8 src_mac[6];      /* of the last frame */
	__u8 promisc;         /* IFF_PROMISC was set at the last frame */
	__u8 pad[3];
};

enum otherhost_stage {
	OTHERHOST_RECEIVED = 1, /* netif_receive_skb: the stack meets the frame */
	OTHERHOST_DROPPED,      /* kfree_skb: the stack dropped it */
};

struct otherhost_event {
	__u32 type;           /* PP_EV_OTHERHOST */
	__u32 stage;          /* enum otherhost_stage */
	__u64 ts_ns;
	__u64 location;       /* OTHERHOST_DROPPED: where */
	__u32 reason;         /* OTHERHOST_DROPPED: why, or PP_DROP_NO_REASON */
	__u32 cpu;
	struct pp_dev_id dev;
	struct pp_flow flow;
	__u32 len;            /* from the network header to the end */
	__u8 dst_mac[6];
	__u8 src_mac[6];
	__u8 dev_mac[6];
	__u8 promisc;
	__u8 has_mac;         /* the MAC addresses were readable */
	char dev_name[PP_IFNAMSIZ];
	struct pp_pkt pkt;    /* last: only with -w (see struct pp_pkt) */
};

/* ---- pktpath trace / latency ---------------------------------------------- */

/*
 * The points of a packet's path that trace and latency time, in the order a
 * packet meets them. The names user space prints are the tracepoints'
 * (src/cmd/stages.c); the receive context stages (IRQ to NAPI poll) are
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
	__s32 aux;        /* by stage: see trace_stage_aux in src/cmd/stages.c */
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
 * address: src/bpf/trace_state.bpf.h).
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

/* ---- pktpath rxq ------------------------------------------------------ */

#define RXQ_NO_QUEUE 0xffff /* the driver recorded no RX queue */
#define RXQ_NO_CPU 0xffff   /* the hand-off was not seen */

/*
 * A flow on a device by the way it came in: RX queue, IRQ and the CPU that
 * handed it to the stack. The CPU that processed it (after RPS/RFS) is the
 * per-CPU slot of the value: the stack stage counts on that CPU.
 */
struct rxq_flow_key {
	struct pp_dev_id dev;
	struct pp_flow flow;
	__u16 rx_queue;    /* RXQ_NO_QUEUE when not recorded */
	__u16 softirq_cpu; /* RXQ_NO_CPU when unknown */
	__s32 irq;         /* -1: none (veth, loopback, netif_rx) or unknown */
};

/* Per CPU (= the CPU the stack processed on); user space sums the CPUs. */
struct rxq_flow_stats {
	__u64 packets;     /* segments (gso_segs of a GRO packet) */
	__u64 bytes;
	__u64 skbs;
	__u64 ksoftirqd;   /* skbs processed in a ksoftirqd thread */
	__u32 hash;        /* skb->hash of the last skb (what RPS used) */
	__u32 pad;
};

struct rxq_flow_state_key {
	struct pp_dev_id dev;
	struct pp_flow flow;
};

_Static_assert(__builtin_offsetof(struct rxq_flow_key, rx_queue) ==
		       sizeof(struct rxq_flow_state_key),
	       "rxq_flow_key must begin with an rxq_flow_state_key");

/* Where a flow was last seen; shared by all CPUs. */
struct rxq_flow_state {
	__u16 rx_queue;
	__u16 softirq_cpu;
	__u16 rps_cpu;
	__u16 pad;
	__s32 irq;
	__u32 hash;
	__u32 changes;     /* moves of softirq or stack CPU, queue or IRQ */
	__u32 pad2;
	__u64 sk;          /* the socket it was last delivered to; 0 unknown */
};

/* Per packet, by skb address, from the hand-off to the stack. */
struct rxq_skb {
	__u16 softirq_cpu;
	__u16 rx_queue;
	__s32 irq;
};

/*
 * A socket rxq delivered a flow to, and its reader: the task that last
 * received from it (sock_recv_length), by socket address. A socket may
 * receive several flows (unconnected UDP); they share its reader.
 */
struct rxq_reader {
	struct rxq_flow_state_key key; /* the flow last delivered to it */
	__u16 rps_cpu;     /* the stack's CPU for that delivery */
	__u16 app_cpu;     /* RXQ_NO_CPU until a task received */
	__u32 app_pid;     /* thread group id of the reader */
	__u64 reads;       /* receive calls that returned data */
	__u64 remote;      /* ... on another CPU than the last delivery's stack */
	char app_comm[16];
};
struct rxq_queue_key {
	struct pp_dev_id dev;
	__u32 queue;       /* RX queue, RXQ_NO_QUEUE when not recorded */
};

/* Per CPU (= the CPU the stack processed on, after RPS/RFS). */
struct rxq_queue_stats {
	__u64 packets;
	__u64 bytes;
	__u64 skbs;
	__u64 steered;     /* packets handed over on another CPU than this one */
};

enum rxq_event_type {
	RXQ_EV_NEW_FLOW = 0x100, /* apart from enum pp_event_type's */
	RXQ_EV_CHANGE,           /* queue, IRQ, softirq or stack CPU changed */
	RXQ_EV_APP,              /* the reader's CPU or task changed */
};

struct rxq_event {
	__u32 type;          /* enum rxq_event_type */
	__u32 cpu;           /* where the program ran */
	__u64 ts_ns;         /* CLOCK_MONOTONIC */
	struct pp_dev_id dev;
	struct pp_flow flow;
	struct rxq_flow_state now;
	struct rxq_flow_state old; /* RXQ_EV_CHANGE; else all zero */
	struct rxq_reader reader;  /* RXQ_EV_APP: the reader now ... */
	struct rxq_reader old_reader; /* ... and before; else all zero */
	__u32 real_num_rx_queues;
	__u32 pad;
	char dev_name[PP_IFNAMSIZ];
};

#endif /* PKTPATH_H */
