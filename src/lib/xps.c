// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpumask.h"
#include "netns.h"
#include "xps.h"

/* sysfs prints a CPU mask as comma-separated 32-bit hex words. */
static bool parse_mask(const char *s, uint64_t *mask)
{
	return cpumask_parse(s, mask, XPS_MAX_CPUS);
}

struct read_arg {
	const char *dev;
};

/* Runs inside the device's namespace: dump both maps of every queue as
 * "q cpus rxqs" lines. */
static int read_maps(void *arg, char *buf, size_t len)
{
	const struct read_arg *a = arg;
	size_t off = 0;

	for (unsigned int q = 0; q < XPS_MAX_QUEUES; q++) {
		char path[256], cpus[256] = "", rxqs[256] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/tx-%u/xps_cpus", a->dev, q);
		f = fopen(path, "r");
		if (!f) {
			snprintf(path, sizeof(path), "/sys/class/net/%s/queues/tx-%u", a->dev, q);
			if (access(path, F_OK))
				break; /* no such queue: done */
		} else {
			if (!fgets(cpus, sizeof(cpus), f))
				cpus[0] = 0;
			fclose(f);
		}
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/tx-%u/xps_rxqs", a->dev, q);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(rxqs, sizeof(rxqs), f))
				rxqs[0] = 0;
			fclose(f);
		}
		cpus[strcspn(cpus, "\n")] = 0;
		rxqs[strcspn(rxqs, "\n")] = 0;
		off += snprintf(buf + off, off < len ? len - off : 0, "%u %s %s\n", q,
				cpus[0] ? cpus : "0", rxqs[0] ? rxqs : "0");
	}
	return off < len ? (int)off : -1;
}

int xps_read(uint32_t netns, const char *dev, struct xps_dev *out)
{
	struct read_arg a = { .dev = dev };
	char *buf, *line, *save = NULL;

	memset(out, 0, sizeof(*out));
	buf = netns_run_text(netns, 1, read_maps, &a);
	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char cpus[256], rxqs[256];
		unsigned int q;

		if (sscanf(line, "%u %255s %255s", &q, cpus, rxqs) != 3 || q >= XPS_MAX_QUEUES)
			continue;
		out->any_cpus |= parse_mask(cpus, out->cpus[q]);
		out->any_rxqs |= parse_mask(rxqs, out->rxqs[q]);
		if (q + 1 > out->nqueues)
			out->nqueues = q + 1;
	}
	free(buf);
	return 0;
}

uint64_t xps_queues_for_cpu(const struct xps_dev *x, unsigned int cpu)
{
	uint64_t queues = 0;

	if (cpu >= XPS_MAX_CPUS)
		return 0;
	for (unsigned int q = 0; q < x->nqueues; q++)
		if (x->cpus[q][cpu / 64] >> (cpu % 64) & 1)
			queues |= 1ULL << q;
	return queues;
}

void xps_cpu_list(const struct xps_dev *x, unsigned int q, char *buf, unsigned long len)
{
	static const uint64_t none[XPS_MAX_CPUS / 64];

	cpumask_list(q < XPS_MAX_QUEUES ? x->cpus[q] : none, XPS_MAX_CPUS, buf, len);
}

const char *xps_reason_name(enum txq_reason r)
{
	switch (r) {
	case TXQ_WHY_HASH:
		return "hash";
	case TXQ_WHY_XPS:
		return "xps";
	case TXQ_WHY_SOCKET:
		return "socket-cache";
	default:
		return "other";
	}
}

enum txq_reason xps_explain(const struct xps_dev *x, unsigned int queue, unsigned int cpu,
			    uint32_t hash, unsigned int real_num_tx, int sk_queue, bool ooo_okay,
			    bool first)
{
	uint64_t xps = x ? xps_queues_for_cpu(x, cpu) : 0;

	/* A valid cached queue is kept unless the flow may be reordered. */
	if (!first && sk_queue >= 0 && (unsigned int)sk_queue == queue && !ooo_okay &&
	    queue < real_num_tx)
		return TXQ_WHY_SOCKET;
	if (xps && queue < 64 && (xps >> queue & 1))
		return TXQ_WHY_XPS;
	/* skb_tx_hash() without traffic classes: reciprocal_scale(). */
	if (real_num_tx && (unsigned int)(((uint64_t)hash * real_num_tx) >> 32) == queue)
		return TXQ_WHY_HASH;
	return TXQ_WHY_UNKNOWN;
}
