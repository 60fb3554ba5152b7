// SPDX-License-Identifier: GPL-2.0
/*
 * self.c - the exporter's own metrics: what its programs lost, what
 * they cost the kernel, how long scrapes take and how many series were
 * folded into "other".
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "user.h"
#include "lib/counters.h"
#include "lib/prog_stats.h"

void export_register(struct export_ctx *x, const struct prom_family *f)
{
	if (x->n_families < EXPORT_MAX_FAMILIES)
		x->families[x->n_families++] = f;
}

void export_self_losses(struct export_running *r, size_t n, FILE *out)
{
	prom_header(out, "pktpath_losses_total", "counter",
		    "Data a mode's BPF programs could not count or deliver (a full table, a "
		    "full ring buffer...): non-zero means some metric is short by this much.");
	for (size_t i = 0; i < n; i++) {
		struct pp_counters c;

		if (counters_read(r[i].mode->counters(r[i].st), &c))
			continue;
		for (int k = 0; k < PP_CNT_MAX; k++) {
			if (!counters_is_loss(k))
				continue;
			if (c.v[k] > r[i].losses_served[k])
				r[i].losses_served[k] = c.v[k];
			fprintf(out, "pktpath_losses_total{mode=\"%s\",counter=\"%s\"} %llu\n",
				r[i].mode->name, counters_name(k),
				(unsigned long long)r[i].losses_served[k]);
		}
	}
}

void export_self_prog_stats(const struct export_running *r, size_t n, bool stats_on, FILE *out)
{
	static const char *const names[2] = { "pktpath_bpf_prog_run_seconds_total",
					      "pktpath_bpf_prog_runs_total" };
	static const char *const helps[2] = {
		"Time the kernel spent in each of pktpath's BPF programs (the kernel counts "
		"it only while BPF statistics are on: see pktpath_bpf_stats_enabled).",
		"Runs of each of pktpath's BPF programs (counted while BPF statistics are on)."
	};

	prom_header(out, "pktpath_bpf_stats_enabled", "gauge",
		    "1 when the kernel counts BPF run time (--prog-stats, or the sysctl "
		    "kernel.bpf_stats_enabled).");
	fprintf(out, "pktpath_bpf_stats_enabled %d\n", stats_on);
	for (int k = 0; k < 2; k++) {
		prom_header(out, names[k], "counter", helps[k]);
		for (size_t i = 0; i < n; i++) {
			struct bpf_program *p;

			bpf_object__for_each_program(p, r[i].mode->object(r[i].st)) {
				uint64_t runs, ns;

				if (prog_stats_read(bpf_program__fd(p), &runs, &ns))
					continue; /* not loaded: not chosen on this kernel */
				fprintf(out, "%s{mode=\"%s\",prog=\"%s\"} ", names[k],
					r[i].mode->name, bpf_program__name(p));
				if (k)
					fprintf(out, "%llu\n", (unsigned long long)runs);
				else
					fprintf(out, "%.9f\n", ns / 1e9);
			}
		}
	}
}

/* Upper bounds of the scrape-duration buckets, seconds. */
static const double scrape_le[EXPORT_SCRAPE_BUCKETS] = { 0.001, 0.0025, 0.005, 0.01, 0.025,
							 0.05,  0.1,    0.25,  0.5,  1 };

void export_scrapes_add(struct export_scrapes *s, double seconds)
{
	for (int i = 0; i < EXPORT_SCRAPE_BUCKETS; i++)
		if (seconds <= scrape_le[i]) {
			s->buckets[i]++;
			break;
		}
	s->count++;
	s->sum += seconds;
}

void export_scrapes_write(const struct export_scrapes *s, FILE *out)
{
	uint64_t cum = 0;

	prom_header(out, "pktpath_export_scrape_duration_seconds", "histogram",
		    "Time to answer /metrics, of the scrapes before this one.");
	for (int i = 0; i < EXPORT_SCRAPE_BUCKETS; i++) {
		cum += s->buckets[i];
		fprintf(out, "pktpath_export_scrape_duration_seconds_bucket{le=\"%g\"} %llu\n",
			scrape_le[i], (unsigned long long)cum);
	}
	fprintf(out, "pktpath_export_scrape_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
		(unsigned long long)s->count);
	fprintf(out, "pktpath_export_scrape_duration_seconds_sum %.6f\n", s->sum);
	fprintf(out, "pktpath_export_scrape_duration_seconds_count %llu\n",
		(unsigned long long)s->count);
}

void export_family_stats(const struct export_ctx *x, FILE *out)
{
	prom_header(out, "pktpath_export_series", "gauge",
		    "Series a metric has (at most --max-series, plus one \"other\").");
	for (size_t i = 0; i < x->n_families; i++)
		fprintf(out, "pktpath_export_series{metric=\"%s\"} %zu\n", x->families[i]->name,
			x->families[i]->n);
	prom_header(out, "pktpath_export_folded_rows", "gauge",
		    "Rows counted in a metric's \"other\" series at the last scrape, because "
		    "the metric had reached its series limit.");
	for (size_t i = 0; i < x->n_families; i++)
		fprintf(out, "pktpath_export_folded_rows{metric=\"%s\"} %llu\n",
			x->families[i]->name, (unsigned long long)x->families[i]->folded);
}
