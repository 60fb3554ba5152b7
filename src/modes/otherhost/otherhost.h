/* SPDX-License-Identifier: GPL-2.0 */
/*
 * otherhost.h - what otherhost.bpf.c and the user half of pktpath otherhost
 * share.
 * Only fixed-width types, so both compilers lay the structs out the same way.
 */
#ifndef PP_MODES_OTHERHOST_H
#define PP_MODES_OTHERHOST_H

#include "pktpath.h"

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

#endif /* PP_MODES_OTHERHOST_H */
