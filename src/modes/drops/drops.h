/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drops.h - what drops.bpf.c and the user half of pktpath drops share.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PP_MODES_DROPS_H
#define PP_MODES_DROPS_H

#include "pktpath.h"

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

#endif /* PP_MODES_DROPS_H */
