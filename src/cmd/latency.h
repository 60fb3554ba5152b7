/* SPDX-License-Identifier: GPL-2.0 */
/* latency.h - what latency.c (running) and latency_report.c (reporting) share. */
#ifndef PP_CMD_LATENCY_H
#define PP_CMD_LATENCY_H

#include <stdbool.h>
#include <stdint.h>

#include "pktpath.h"
#include "cmd/trace.h"
#include "lib/json.h"

struct lat_state {
	struct trace_setup setup;
	const struct pp_common_opts *co;
	const struct trace_opts *opts;
	struct json_writer json;
	int64_t wall_offset_ns;
	uint64_t start_ns;
	uint64_t last_ns;          /* of the previous report */
	struct lat_hist *total;    /* n_hists, the whole run */
	struct lat_hist *period;   /* n_hists, since the previous report */
	unsigned int n_hists;      /* pairs of stage ids, then the --from/--to span */
	void *percpu;              /* one entry's values on every CPU */
	void *zeros;
	int ncpus;
};

/* Move what the programs counted since the last call into period and total:
 * the programs switch to the other half of the map first (lat_epoch). */
int lat_collect(struct lat_state *s);

/* Print period (an interval) or total (final). */
int lat_report(struct lat_state *s, bool final);

/* The value at quantile q (0..1) of a log2 histogram, interpolated inside
 * its bucket, never above the maximum seen. */
uint64_t lat_quantile(const struct lat_hist *h, double q);

#endif
