// SPDX-License-Identifier: GPL-2.0
/* queue_report.c - the parts of txq's and rxq's reports that are one. */
#include <stdio.h>

#include "lib/json.h"
#include "lib/log.h"
#include "lib/names.h"
#include "lib/queue_report.h"
#include "lib/report.h"

#define BAR_WIDTH 20

void queue_text_device(const struct dev_name *d, unsigned int nq, const char *dir)
{
	printf("\n%s (netns %s, ifindex %u): %u %s queue%s", d->info.name,
	       names_netns(d->id.netns), d->id.ifindex, nq, dir, nq == 1 ? "" : "s");
}

void queue_text_cpu_lists(const char *what, const char *q_prefix, const void *maps,
			  unsigned int n, queue_cpu_list_fn *list)
{
	char cpus[64];

	if (!maps) {
		printf(", no %s", what);
		return;
	}
	printf(", %s cpus:", what);
	for (unsigned int q = 0; q < n; q++) {
		list(maps, q, cpus, sizeof(cpus));
		printf(" %s%u=%s", q_prefix, q, cpus);
	}
}

void queue_json_cpu_lists(struct json_writer *w, const char *key, const void *maps,
			  unsigned int n, queue_cpu_list_fn *list)
{
	char cpus[64];

	json_key(w, key);
	json_array_start(w);
	for (unsigned int q = 0; maps && q < n; q++) {
		list(maps, q, cpus, sizeof(cpus));
		json_string(w, cpus);
	}
	json_array_end(w);
}

void queue_text_table_head(const char *col)
{
	printf("  %5s %12s %14s %7s\n", col, "packets", "bytes", "share");
}

void queue_text_row(const char *queue, uint64_t packets, uint64_t bytes, uint64_t total)
{
	double share = total ? (double)packets / total : 0;
	int filled = (int)(share * BAR_WIDTH + 0.5);
	char bar[BAR_WIDTH + 1];

	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '#' : ' ';
	bar[BAR_WIDTH] = 0;
	printf("  %5s %12llu %14llu %6.1f%% |%s|\n", queue, (unsigned long long)packets,
	       (unsigned long long)bytes, share * 100, bar);
}

void queue_json_row(struct json_writer *w, const char *key, int64_t queue, uint64_t packets,
		    uint64_t bytes, uint64_t skbs, uint64_t total)
{
	json_object_start(w);
	json_key(w, key);
	if (queue < 0)
		json_null(w);
	else
		json_u64(w, queue);
	json_kv_u64(w, "packets", packets);
	json_kv_u64(w, "bytes", bytes);
	json_kv_u64(w, "skbs", skbs);
	json_kv_double(w, "share", total ? (double)packets / total : 0);
	json_object_end(w);
}

void queue_text_more_flows(size_t n)
{
	if (n > QUEUE_TEXT_MAX_FLOWS)
		printf("  ... and %zu more flows (--json lists all)\n", n - QUEUE_TEXT_MAX_FLOWS);
}

void queue_report_devices(const struct report *r)
{
	if (!r->json)
		return;
	json_key(r->json, "devices");
	json_array_start(r->json);
}

void queue_report_devices_end(const struct report *r, int empty)
{
	if (r->json)
		json_array_end(r->json);
	else if (empty)
		printf("  no packets matched\n");
}

void queue_report_end(const struct report *r, const struct pp_counters *cnt, uint64_t evicted,
		      unsigned long max_flows)
{
	if (r->json)
		json_kv_u64(r->json, "flows_evicted", evicted);
	report_end(r, cnt);
	if (evicted && !r->json)
		pp_warn("%llu flows were evicted from the flow table (--max-flows %lu); their "
			"packets still count in the per-queue totals",
			(unsigned long long)evicted, max_flows);
}
