// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpumask.h"
#include "names.h"
#include "netns.h"
#include "rps.h"

/* Runs inside the device's namespace: "q rps_cpus rps_flow_cnt" lines. */
static int read_queues(void *arg, char *buf, size_t len)
{
	const char *dev = arg;
	size_t off = 0;

	for (unsigned int q = 0; q < RPS_MAX_QUEUES; q++) {
		char path[256], cpus[256] = "", cnt[32] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%u", dev, q);
		if (access(path, F_OK))
			break; /* no such queue: done */
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%u/rps_cpus", dev, q);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(cpus, sizeof(cpus), f))
				cpus[0] = 0;
			fclose(f);
		}
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%u/rps_flow_cnt", dev, q);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(cnt, sizeof(cnt), f))
				cnt[0] = 0;
			fclose(f);
		}
		cpus[strcspn(cpus, "\n")] = 0;
		off += snprintf(buf + off, off < len ? len - off : 0, "%u %s %lu\n", q,
				cpus[0] ? cpus : "0", strtoul(cnt, NULL, 10));
	}
	return off < len ? (int)off : -1;
}

/* The socket flow table is global: its sysctl exists in the initial
 * namespace only, which is where pktpath runs. */
static uint32_t read_sock_flow_entries(void)
{
	long v = 0;

	names_read_long("/proc/sys/net/core/rps_sock_flow_entries", &v);
	return v > 0 ? v : 0;
}

int rps_read(uint32_t netns, const char *dev, struct rps_dev *out)
{
	char *buf, *line, *save = NULL;

	memset(out, 0, sizeof(*out));
	buf = netns_run_text(netns, 1, read_queues, (void *)dev);
	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char cpus[256];
		unsigned long cnt;
		unsigned int q;

		if (sscanf(line, "%u %255s %lu", &q, cpus, &cnt) != 3 || q >= RPS_MAX_QUEUES)
			continue;
		out->any_cpus |= cpumask_parse(cpus, out->cpus[q], RPS_MAX_CPUS);
		out->flow_cnt[q] = cnt;
		if (q + 1 > out->nqueues)
			out->nqueues = q + 1;
	}
	free(buf);
	out->sock_flow_entries = read_sock_flow_entries();
	return 0;
}

void rps_cpu_list(const struct rps_dev *r, unsigned int q, char *buf, unsigned long len)
{
	static const uint64_t none[RPS_MAX_CPUS / 64];

	cpumask_list(q < RPS_MAX_QUEUES ? r->cpus[q] : none, RPS_MAX_CPUS, buf, len);
}

bool rps_rfs_on(const struct rps_dev *r, unsigned int q)
{
	return q < RPS_MAX_QUEUES && r->flow_cnt[q] && r->sock_flow_entries;
}

int rps_cpu_for_hash(const struct rps_dev *r, unsigned int q, uint32_t hash)
{
	unsigned int len = 0, idx;

	if (q >= RPS_MAX_QUEUES || !hash)
		return -1;
	for (unsigned int c = 0; c < RPS_MAX_CPUS; c++)
		len += r->cpus[q][c / 64] >> (c % 64) & 1;
	if (!len)
		return -1;
	idx = (uint32_t)(((uint64_t)hash * len) >> 32);
	for (unsigned int c = 0; c < RPS_MAX_CPUS; c++)
		if ((r->cpus[q][c / 64] >> (c % 64) & 1) && !idx--)
			return c;
	return -1;
}

const char *rps_reason_name(enum rxq_reason r)
{
	switch (r) {
	case RXQ_WHY_NONE:
		return "none";
	case RXQ_WHY_RPS:
		return "rps";
	case RXQ_WHY_RFS:
		return "rfs";
	case RXQ_WHY_NO_HASH:
		return "no-hash";
	default:
		return "other";
	}
}

enum rxq_reason rps_explain(const struct rps_dev *r, int rx_queue, uint32_t hash,
			    int softirq_cpu, int rps_cpu, int app_cpu)
{
	/* get_rps_cpu() looks at queue 0 when the driver recorded none. */
	unsigned int q = rx_queue < 0 ? 0 : rx_queue;
	bool rfs = r && rps_rfs_on(r, q);
	int want = r ? rps_cpu_for_hash(r, q, hash) : -1;
	bool map = r && q < RPS_MAX_QUEUES && rps_cpu_for_hash(r, q, 1) >= 0;

	if ((map || rfs) && !hash)
		return rps_cpu == softirq_cpu ? RXQ_WHY_NO_HASH : RXQ_WHY_UNKNOWN;
	/* RFS first, as the kernel: the reader's CPU wins over the map. */
	if (rfs && app_cpu >= 0 && rps_cpu == app_cpu)
		return RXQ_WHY_RFS;
	if (want >= 0 && rps_cpu == want)
		return RXQ_WHY_RPS;
	/* No map, or RFS with no reader recorded yet: not steered. */
	if (rps_cpu == softirq_cpu && (!map || rfs))
		return RXQ_WHY_NONE;
	return RXQ_WHY_UNKNOWN;
}
