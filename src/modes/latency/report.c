// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - read the in-kernel histograms and print them: for each
 * pair of consecutive stages that packets went through, the count and
 * p50/p90/p99/max; for the --from/--to span, the whole log2 histogram too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "user.h"
#include "modes/trace/stages.h"
#include "lib/counters.h"
#include "lib/log.h"
#include "lib/timefmt.h"

#define BAR_WIDTH 30

uint64_t lat_quantile(const struct lat_hist *h, double q)
{
	uint64_t rank, cum = 0;

	if (!h->count)
		return 0;
	rank = (uint64_t)(q * h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	for (int i = 0; i < LAT_SLOTS; i++) {
		uint64_t lo, hi, v;

		if (cum + h->slots[i] < rank) {
			cum += h->slots[i];
			continue;
		}
		if (!i)
			return 0;
		lo = 1ULL << (i - 1);
		hi = (1ULL << i) - 1;
		v = lo + (uint64_t)((double)(hi - lo) * (rank - cum) / h->slots[i]);
		return v < h->max_ns ? v : h->max_ns;
	}
	return h->max_ns;
}

static void hist_add(struct lat_hist *dst, const struct lat_hist *src)
{
	dst->count += src->count;
	dst->sum_ns += src->sum_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	for (int i = 0; i < LAT_SLOTS; i++)
		dst->slots[i] += src->slots[i];
}

uint32_t lat_flip(struct lat_state *s)
{
	struct trace_bpf *skel = s->setup.skel;
	uint32_t old = skel->bss->lat_epoch & 1;

	__atomic_store_n(&skel->bss->lat_epoch, old ^ 1, __ATOMIC_SEQ_CST);
	return old;
}

int lat_collect(struct lat_state *s)
{
	struct timespec grace = { 0, LAT_EPOCH_GRACE_NS };
	uint32_t old = lat_flip(s);

	nanosleep(&grace, NULL);
	return lat_drain(s, old);
}

int lat_drain(struct lat_state *s, uint32_t old)
{
	int fd = bpf_map__fd(s->setup.skel->maps.lat_hists);

	memset(s->period, 0, s->n_hists * sizeof(*s->period));
	for (uint32_t h = 0; h < s->n_hists; h++) {
		uint32_t key = old * s->n_hists + h;
		const struct lat_hist *v = s->percpu;
		bool any = false;

		if (bpf_map_lookup_elem(fd, &key, s->percpu))
			return -errno;
		for (int c = 0; c < s->ncpus; c++) {
			if (!v[c].count)
				continue;
			hist_add(&s->period[h], &v[c]);
			any = true;
		}
		if (any && bpf_map_update_elem(fd, &key, s->zeros, BPF_ANY))
			return -errno;
		hist_add(&s->total[h], &s->period[h]);
	}
	return 0;
}

/* ---- printing -------------------------------------------------------------- */

struct pair {
	unsigned int from, to;
	const struct lat_hist *h;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->h->count != y->h->count)
		return x->h->count < y->h->count ? 1 : -1;
	if (x->from != y->from)
		return x->from - y->from;
	return x->to - y->to;
}

static size_t pairs_of(const struct lat_state *s, const struct lat_hist *hists, struct pair *out)
{
	unsigned int stages = s->setup.lat_stages;
	size_t n = 0;

	for (unsigned int f = 1; f < stages; f++)
		for (unsigned int t = 1; t < stages; t++) {
			const struct lat_hist *h = &hists[f * stages + t];

			if (h->count)
				out[n++] = (struct pair){ f, t, h };
		}
	qsort(out, n, sizeof(*out), cmp_pair);
	return n;
}

static void json_hist(struct json_writer *w, const struct lat_hist *h)
{
	json_kv_u64(w, "count", h->count);
	json_kv_u64(w, "mean_ns", h->count ? h->sum_ns / h->count : 0);
	json_kv_u64(w, "p50_ns", lat_quantile(h, 0.50));
	json_kv_u64(w, "p90_ns", lat_quantile(h, 0.90));
	json_kv_u64(w, "p99_ns", lat_quantile(h, 0.99));
	json_kv_u64(w, "max_ns", h->max_ns);
	json_key(w, "hist");
	json_array_start(w);
	for (int i = 0; i < LAT_SLOTS; i++) {
		if (!h->slots[i])
			continue;
		json_object_start(w);
		json_kv_u64(w, "le_ns", i ? (1ULL << i) - 1 : 0);
		json_kv_u64(w, "count", h->slots[i]);
		json_object_end(w);
	}
	json_array_end(w);
}

static void text_hist(const struct lat_hist *h)
{
	uint64_t peak = 0;
	int lo = LAT_SLOTS, hi = -1;

	for (int i = 0; i < LAT_SLOTS; i++) {
		if (!h->slots[i])
			continue;
		lo = i < lo ? i : lo;
		hi = i;
		peak = h->slots[i] > peak ? h->slots[i] : peak;
	}
	printf("  %22s : %-10s distribution\n", "ns", "count");
	for (int i = lo; i <= hi; i++) {
		int n = (int)(h->slots[i] * BAR_WIDTH / peak);
		char bar[BAR_WIDTH + 1];

		memset(bar, '*', n);
		memset(bar + n, ' ', BAR_WIDTH - n);
		bar[BAR_WIDTH] = 0;
		printf("  %10llu -> %-9llu : %-10llu |%s|\n",
		       (unsigned long long)(i ? 1ULL << (i - 1) : 0),
		       (unsigned long long)(i ? (1ULL << i) - 1 : 0),
		       (unsigned long long)h->slots[i], bar);
	}
}

static void report_json(struct lat_state *s, const struct lat_hist *hists, bool final,
			double period, const struct pp_counters *cnt)
{
	struct pair *pairs = calloc(s->n_hists, sizeof(*pairs));
	struct json_writer *w = &s->json;
	size_t n = pairs ? pairs_of(s, hists, pairs) : 0;
	char when[40];

	timefmt_iso(timefmt_mono_now_ns(), s->wall_offset_ns, when, sizeof(when));
	json_object_start(w);
	json_kv_str(w, "type", final ? "summary" : "interval");
	json_kv_str(w, "time", when);
	json_kv_double(w, "elapsed_s", (timefmt_mono_now_ns() - s->start_ns) / 1e9);
	json_kv_double(w, "period_s", period);
	json_key(w, "pairs");
	json_array_start(w);
	for (size_t i = 0; i < n; i++) {
		json_object_start(w);
		json_kv_str(w, "from", stage_name(pairs[i].from));
		json_kv_str(w, "to", stage_name(pairs[i].to));
		json_hist(w, pairs[i].h);
		json_object_end(w);
	}
	json_array_end(w);
	if (s->opts->from) {
		json_key(w, "span");
		json_object_start(w);
		json_kv_str(w, "from", stage_name(s->opts->from));
		json_kv_str(w, "to", stage_name(s->opts->to));
		json_hist(w, &hists[s->n_hists - 1]);
		json_object_end(w);
	}
	json_kv_str(w, "stages_missing", s->setup.missing);
	prog_costs_json(&s->setup.cost, w, !final);
	counters_report(cnt, w);
	json_object_end(w);
	free(pairs);
}

static void report_text(struct lat_state *s, const struct lat_hist *hists, bool final,
			double period, const struct pp_counters *cnt)
{
	struct pair *pairs = calloc(s->n_hists, sizeof(*pairs));
	size_t n = pairs ? pairs_of(s, hists, pairs) : 0;
	char when[40];

	timefmt_clock(timefmt_mono_now_ns(), s->wall_offset_ns, when, sizeof(when));
	printf("\n%s %s %.1f s: time between consecutive stages, microseconds\n", when,
	       final ? "summary, whole run," : "interval, last", period);
	if (n)
		printf("  %-28s %-28s %9s %9s %9s %9s %9s\n", "from", "to", "count", "p50", "p90",
		       "p99", "max");
	for (size_t i = 0; i < n; i++) {
		const struct lat_hist *h = pairs[i].h;

		printf("  %-28s %-28s %9llu %9.3f %9.3f %9.3f %9.3f\n", stage_name(pairs[i].from),
		       stage_name(pairs[i].to), (unsigned long long)h->count,
		       lat_quantile(h, 0.5) / 1e3, lat_quantile(h, 0.9) / 1e3,
		       lat_quantile(h, 0.99) / 1e3, h->max_ns / 1e3);
	}
	if (!n)
		printf("  no packets went through two stages\n");
	if (s->opts->from) {
		const struct lat_hist *h = &hists[s->n_hists - 1];

		printf("\n  %s -> %s: %llu packets", stage_name(s->opts->from),
		       stage_name(s->opts->to), (unsigned long long)h->count);
		if (h->count) {
			printf(", p50 %.3f p90 %.3f p99 %.3f max %.3f us\n",
			       lat_quantile(h, 0.5) / 1e3, lat_quantile(h, 0.9) / 1e3,
			       lat_quantile(h, 0.99) / 1e3, h->max_ns / 1e3);
			text_hist(h);
		} else {
			printf("\n");
		}
	}
	prog_costs_text(&s->setup.cost, !final, period);
	counters_report(cnt, NULL);
	free(pairs);
}

int lat_report(struct lat_state *s, bool final)
{
	uint64_t now = timefmt_mono_now_ns();
	struct pp_counters cnt = { 0 };
	double period = (now - (final ? s->start_ns : s->last_ns)) / 1e9;
	int err = lat_collect(s);

	if (err) {
		pp_err("reading the histograms: %s", strerror(-err));
		return PP_EXIT_FAIL;
	}
	counters_read(s->setup.skel->maps.pp_counters, &cnt);
	prog_costs_read(&s->setup.cost);
	if (s->co->json)
		report_json(s, final ? s->total : s->period, final, period, &cnt);
	else
		report_text(s, final ? s->total : s->period, final, period, &cnt);
	prog_costs_mark(&s->setup.cost); /* the next interval's starting point */
	s->last_ns = now;
	return 0;
}
