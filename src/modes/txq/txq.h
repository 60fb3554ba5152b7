/* SPDX-License-Identifier: GPL-2.0 */
/*
 * txq.h - what txq.bpf.c and the user half of pktpath txq share:
 * map keys and values and ring-buffer events.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PP_MODES_TXQ_H
#define PP_MODES_TXQ_H

#include "pktpath.h"

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
 * look-up; a device beyond PP_DEV_SLOTS or a queue beyond TXQ_SLOT_QUEUES
 * is counted in the txq_queues hash instead. User space reads both.
 */
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

#endif /* PP_MODES_TXQ_H */
