/* SPDX-License-Identifier: GPL-2.0 */
/* user.h - what latency.c (running) and report.c (reporting) share. */
#ifndef PP_CMD_LATENCY_H
#define PP_CMD_LATENCY_H

#include <stdbool.h>
#include <stdint.h>

#include "pktpath.h"
#include "modes/trace/user.h"
#include "lib/json.h"

struct lat_state {
	struct trace_setup setup;
	const struct pp_common_opts *co;
	struct trace_opts *opts; /* function stages resolve their ids in it */
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

/* The mode, for the driver (lib/mode.h): `pktpath latency`, and export. */
extern const struct mode_desc latency_mode;

/* Move what the programs counted since the last call into period and total:
 * the programs switch to the other half of the map first (lat_epoch). */
int lat_collect(struct lat_state *s);

/* lat_collect() in two steps, for a caller that must not sleep: switch
 * halves (returns the old one), then, LAT_EPOCH_GRACE_NS later at least
 * (programs that read the old lat_epoch may still be running), move the
 * old half into period and total. */
#define LAT_EPOCH_GRACE_NS 5000000L
uint32_t lat_flip(struct lat_state *s);
int lat_drain(struct lat_state *s, uint32_t old);

/* Print period (an interval) or total (final). */
int lat_report(struct lat_state *s, bool final);

/* The value at quantile q (0..1) of a log2 histogram, interpolated inside
 * its bucket, never above the maximum seen. */
uint64_t lat_quantile(const struct lat_hist *h, double q);

#endif
