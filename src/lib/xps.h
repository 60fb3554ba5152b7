/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xps.h - a device's transmit packet steering (XPS) maps, read from sysfs in
 * the device's own namespace, and the kernel's queue choice re-derived from
 * them, so pktpath can say why a flow got its TX queue.
 */
#ifndef PP_XPS_H
#define PP_XPS_H

#include <stdbool.h>
#include <stdint.h>

#define XPS_MAX_QUEUES 64
#define XPS_MAX_CPUS 256

struct xps_dev {
	unsigned int nqueues;                        /* tx-N directories found */
	bool any_cpus, any_rxqs;                     /* some map is non-empty */
	uint64_t cpus[XPS_MAX_QUEUES][XPS_MAX_CPUS / 64]; /* xps_cpus per TX queue */
	uint64_t rxqs[XPS_MAX_QUEUES][XPS_MAX_CPUS / 64]; /* xps_rxqs per TX queue */
};

/* Read /sys/class/net/DEV/queues/tx-N/xps_cpus and xps_rxqs in namespace netns.
 * Returns 0 or -1 (the device is gone, or no sysfs). */
int xps_read(uint32_t netns, const char *dev, struct xps_dev *out);

/* Queues XPS allows for a CPU, as a bitmask of queues; 0 when none. */
uint64_t xps_queues_for_cpu(const struct xps_dev *x, unsigned int cpu);

/* The "0-3,5" style list of CPUs of queue q's xps_cpus. */
void xps_cpu_list(const struct xps_dev *x, unsigned int q, char *buf, unsigned long len);

enum txq_reason {
	TXQ_WHY_UNKNOWN,    /* none of the below: driver select_queue, tc skbedit... */
	TXQ_WHY_HASH,       /* skb_tx_hash: reciprocal_scale(hash, real_num_tx_queues) */
	TXQ_WHY_XPS,        /* a queue XPS maps to the sending CPU */
	TXQ_WHY_SOCKET,     /* the socket's cached queue was reused */
};

const char *xps_reason_name(enum txq_reason r);

/*
 * Why did the kernel pick `queue`? Follows __netdev_pick_tx: a cached socket
 * queue is kept unless ooo_okay; otherwise XPS for the CPU, otherwise the
 * hash. `first` says this is the flow's first packet seen (so a cached
 * value was just written, not reused).
 */
enum txq_reason xps_explain(const struct xps_dev *x, unsigned int queue, unsigned int cpu,
			    uint32_t hash, unsigned int real_num_tx, int sk_queue, bool ooo_okay,
			    bool first);

#endif
