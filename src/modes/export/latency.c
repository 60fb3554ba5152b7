// SPDX-License-Identifier: GPL-2.0
/*
 * latency.c - the stage-to-stage histograms of `pktpath latency` as
 * Prometheus histograms in seconds. lat_collect() moves what the programs
 * counted into the run's totals (which only grow); a log2 slot i holds
 * times in [2^(i-1), 2^i) ns, so its cumulative bucket is le = 2^i ns.
 * At most PP_STAGE_MAX^2 pairs exist: the cardinality is bounded by the
 * stages, not by traffic.
 *
 * A scrape does not read the maps itself: lat_collect() would sleep for
 * its grace period and hold every other client. The loop's tick switches
 * the programs to the other half of the map every LAT_EXPORT_PERIOD_S and
 * drains the old half once its grace period is over, so a scrape shows
 * what packets did until at most LAT_EXPORT_PERIOD_S plus a tick ago.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "user.h"
#include "modes/latency/user.h"
#include "modes/trace/stages.h"
#include "modes/trace/user.h"
#include "lib/log.h"
#include "lib/session.h"

#define METRIC "pktpath_latency_seconds"

#define LAT_EXPORT_PERIOD_S 0.25

struct export_latency {
	struct trace_opts opts;
	struct lat_state s;
	struct mode_run run;
	bool draining;     /* a half was switched out and is not read yet */
	uint32_t old;      /* ... which one */
	double flip_time;  /* when */
	int err;           /* the last drain's error, for the next scrape */
};

static void latency_tick(void *st)
{
	struct export_latency *l = st;
	double now = session_now();

	if (l->draining && now - l->flip_time >= LAT_EPOCH_GRACE_NS / 1e9) {
		l->err = lat_drain(&l->s, l->old);
		l->draining = false;
	}
	if (!l->draining && now - l->flip_time >= LAT_EXPORT_PERIOD_S) {
		l->old = lat_flip(&l->s);
		l->flip_time = now;
		l->draining = true;
	}
}

static void latency_stop(void *st)
{
	struct export_latency *l = st;

	mode_stop(&l->run);
	free(l);
}

static void *latency_start(struct export_ctx *x, int *ret)
{
	struct export_latency *l = calloc(1, sizeof(*l));

	if (!l) {
		*ret = PP_EXIT_FAIL;
		return NULL;
	}
	trace_opts_init(&l->opts);
	l->opts.no_probe_cost = true; /* --prog-stats is the exporter's choice */
	l->s.co = x->co;
	l->s.opts = &l->opts;
	*ret = mode_start(&l->run, &latency_mode, "latency", x->co, &l->s, NULL);
	if (*ret) {
		latency_stop(l);
		return NULL;
	}
	return l;
}

static void write_hist(FILE *out, const char *from, const char *to, const struct lat_hist *h)
{
	uint64_t cum = 0;

	/* Every slot, every scrape: a bucket that appeared later would make
	 * rate() over its first minutes wrong. */
	for (int i = 0; i < LAT_SLOTS; i++) {
		cum += h->slots[i];
		fprintf(out, METRIC "_bucket{from=\"%s\",to=\"%s\",le=\"%.10g\"} %llu\n", from, to,
			(double)(1ULL << i) / 1e9, (unsigned long long)cum);
	}
	fprintf(out, METRIC "_bucket{from=\"%s\",to=\"%s\",le=\"+Inf\"} %llu\n", from, to,
		(unsigned long long)h->count);
	fprintf(out, METRIC "_sum{from=\"%s\",to=\"%s\"} %.9f\n", from, to, h->sum_ns / 1e9);
	fprintf(out, METRIC "_count{from=\"%s\",to=\"%s\"} %llu\n", from, to,
		(unsigned long long)h->count);
}

static int latency_collect(void *st, struct export_ctx *x, FILE *out)
{
	struct export_latency *l = st;
	int err = l->err;

	prom_header(out, METRIC, "histogram",
		    "Time from one stage of a packet's path to its next stage (stage names "
		    "are the tracepoints'), from pktpath latency's log2 histograms.");
	for (unsigned int f = 1; f < PP_STAGE_MAX; f++)
		for (unsigned int t = 1; t < PP_STAGE_MAX; t++) {
			const struct lat_hist *h = &l->s.total[f * PP_STAGE_MAX + t];

			if (h->count)
				write_hist(out, stage_name(f), stage_name(t), h);
		}
	return err;
}

EXPORT_SKEL_ACCESSORS(latency, struct export_latency, s.setup.skel)

const struct export_mode export_latency = {
	.name = "latency",
	.start = latency_start,
	.collect = latency_collect,
	.tick = latency_tick,
	.object = latency_object,
	.counters = latency_counters,
	.stop = latency_stop,
};
