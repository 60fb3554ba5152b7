/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pktpath.h - what every mode's BPF programs share with user space.
 *
 * The filter's scratch area and packet snapshot, the run-time configuration
 * written into the programs' read-only data, device and flow identities, and
 * the counters that make sure no loss is silent. What only one mode's two
 * halves share lives beside them, in src/modes/MODE/MODE.h.
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
	PP_CNT_RXQ_HANDED_OFF,  /* rxq: segments handed to the stack on traced devices */
	PP_CNT_RXQ_STACK_MET,   /* rxq: ... and met by the stack stage */
	PP_CNT_RXQ_UNSEEN,      /* rxq: handed off - met, filled in by user space */
	PP_CNT_SAMPLED_OUT,     /* trace/latency: packets --sample left out */
	PP_CNT_MAX,
};

/* Where a device lives: ifindex is only unique inside its namespace. */
struct pp_dev_id {
	__u32 netns;   /* inode number of the network namespace */
	__u32 ifindex;
};

/* Devices that get a slot of their own in per-device arrays (txq, rxq). */
#define PP_DEV_SLOTS 64

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

enum pp_event_type {
	PP_EV_TXQ_NEW_FLOW = 1,
	PP_EV_TXQ_CHANGE,
	PP_EV_TRACE_STAGE,
	PP_EV_DROP,
	PP_EV_OTHERHOST,
};

/*
 * The reason of a drop as the kernel numbers it (enum skb_drop_reason; the
 * numbers differ between kernels, user space reads the names from BTF), or
 * this value on kernels whose kfree_skb tracepoint has no reason.
 */
#define PP_DROP_NO_REASON 0xffffffffU

#endif /* PKTPATH_H */
