/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rxq.h - what rxq.bpf.c and the user half of pktpath rxq share.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PP_MODES_RXQ_H
#define PP_MODES_RXQ_H

#include "pktpath.h"

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

#endif /* PP_MODES_RXQ_H */
