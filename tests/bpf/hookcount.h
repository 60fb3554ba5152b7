/* SPDX-License-Identifier: GPL-2.0 */
/* hookcount.h - what tests/bpf/hookcount.bpf.c and tests/helpers/hookcount share. */
#ifndef PP_TESTS_HOOKCOUNT_H
#define PP_TESTS_HOOKCOUNT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* What the catalog's function hooks saw, counted exactly (atomic adds). */
struct hookcount {
	__u64 ip_rcv;           /* packets into ip_rcv */
	__u64 ip_rcv_otherhost; /* ... with pkt_type PACKET_OTHERHOST (the first seed) */
	__u64 ip_rcv_core;      /* packets into ip_rcv_core */
	__u64 ip_rcv_core_drop; /* ... that it dropped */
	__u64 poll;             /* NAPI polls */
	__u64 poll_work;        /* packets those polls handled */
};

#endif
