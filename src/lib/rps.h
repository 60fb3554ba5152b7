/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rps.h - a device's receive steering (RPS and RFS) configuration, read
 * from sysfs in the device's own namespace, and the kernel's choice of CPU
 * re-derived from it (get_rps_cpu in net/core/dev.c), so pktpath can say
 * why a flow was processed where it was.
 */
#ifndef PP_RPS_H
#define PP_RPS_H

#include <stdbool.h>
#include <stdint.h>

#define RPS_MAX_QUEUES 64
#define RPS_MAX_CPUS 256

struct rps_dev {
	unsigned int nqueues;                          /* rx-N directories found */
	bool any_cpus;                                 /* some rps_cpus is non-empty */
	uint64_t cpus[RPS_MAX_QUEUES][RPS_MAX_CPUS / 64]; /* rps_cpus per RX queue */
	uint32_t flow_cnt[RPS_MAX_QUEUES];             /* rps_flow_cnt per RX queue */
	uint32_t sock_flow_entries; /* net.core.rps_sock_flow_entries (global) */
};

/* Read /sys/class/net/DEV/queues/rx-N/{rps_cpus,rps_flow_cnt} in namespace
 * netns, and /proc/sys/net/core/rps_sock_flow_entries. Returns 0 or -1
 * (the device is gone, or no sysfs). */
int rps_read(uint32_t netns, const char *dev, struct rps_dev *out);

/* "0-3,5" (or "-") of RX queue q's rps_cpus. */
void rps_cpu_list(const struct rps_dev *r, unsigned int q, char *buf, unsigned long len);

/* Is RFS on for RX queue q (a flow table there and a socket flow table)? */
bool rps_rfs_on(const struct rps_dev *r, unsigned int q);

/*
 * The CPU RPS maps this hash to on RX queue q, as get_rps_cpu() computes
 * it: the map's CPUs in ascending order, indexed by
 * reciprocal_scale(hash, len) = ((u64)hash * len) >> 32. -1 when the queue
 * has no map or the hash is 0 (no steering then).
 */
int rps_cpu_for_hash(const struct rps_dev *r, unsigned int q, uint32_t hash);

enum rxq_reason {
	RXQ_WHY_UNKNOWN, /* none of the below */
	RXQ_WHY_NONE,    /* not steered: processed where it was handed over */
	RXQ_WHY_RPS,     /* the RPS map's CPU for the flow's hash */
	RXQ_WHY_RFS,     /* RFS: the CPU of the flow's reader */
	RXQ_WHY_NO_HASH, /* steering is on but the skb had no hash */
};

const char *rps_reason_name(enum rxq_reason r);

/*
 * Why was a packet processed on rps_cpu? rx_queue is the recorded RX queue
 * (-1: none, the kernel then uses queue 0); app_cpu the reader's CPU or -1.
 */
enum rxq_reason rps_explain(const struct rps_dev *r, int rx_queue, uint32_t hash,
			    int softirq_cpu, int rps_cpu, int app_cpu);

#endif
