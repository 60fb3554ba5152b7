// SPDX-License-Identifier: GPL-2.0
/* queue_report.c - the parts of txq's and rxq's reports that are one. */
#include <stdio.h>
#include <string.h>

#include "lib/flow.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/names.h"
#include "lib/queue_report.h"
#include "lib/report.h"

#define BAR_WIDTH 20

void queue_text_device(const struct dev_name *d, unsigned int nq, const char *dir)
{
	printf("\n%s (netns %s, ifindex %u): %u %s queue%s", d->info.name, names_netns(d->id.netns),
	       d->id.ifindex, nq, dir, nq == 1 ? "" : "s");
}

void queue_text_cpu_lists(const char *what, const char *q_prefix, const void *maps, unsigned int n,
			  queue_cpu_list_fn *list)
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

void queue_json_cpu_lists(struct json_writer *w, const char *key, const void *maps, unsigned int n,
			  queue_cpu_list_fn *list)
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

static uint64_t cells_packets(const struct queue_cell *cells, size_t n)
{
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += cells[i].packets;
	return total;
}

void queue_text_table(const char *col, const struct queue_cell *cells, size_t n)
{
	uint64_t total = cells_packets(cells, n);
	char bar[BAR_WIDTH + 1], queue[24];

	printf("  %5s %12s %14s %7s\n", col, "packets", "bytes", "share");
	for (size_t i = 0; i < n; i++) {
		double share = total ? (double)cells[i].packets / total : 0;
		int filled = (int)(share * BAR_WIDTH + 0.5);

		for (int b = 0; b < BAR_WIDTH; b++)
			bar[b] = b < filled ? '#' : ' ';
		bar[BAR_WIDTH] = 0;
		if (cells[i].queue < 0)
			snprintf(queue, sizeof(queue), "-");
		else
			snprintf(queue, sizeof(queue), "%lld", (long long)cells[i].queue);
		printf("  %5s %12llu %14llu %6.1f%% |%s|\n", queue,
		       (unsigned long long)cells[i].packets, (unsigned long long)cells[i].bytes,
		       share * 100, bar);
	}
}

void queue_json_table(struct json_writer *w, const char *key, const char *queue_key,
		      const struct queue_cell *cells, size_t n)
{
	uint64_t total = cells_packets(cells, n);

	json_key(w, key);
	json_array_start(w);
	for (size_t i = 0; i < n; i++) {
		json_object_start(w);
		json_key(w, queue_key);
		if (cells[i].queue < 0)
			json_null(w);
		else
			json_u64(w, cells[i].queue);
		json_kv_u64(w, "packets", cells[i].packets);
		json_kv_u64(w, "bytes", cells[i].bytes);
		json_kv_u64(w, "skbs", cells[i].skbs);
		json_kv_double(w, "share", total ? (double)cells[i].packets / total : 0);
		json_object_end(w);
	}
	json_array_end(w);
}

void *queue_flow_view(void *views, size_t *n, size_t view_size, const struct pp_dev_id *dev,
		      const struct pp_flow *flow)
{
	struct queue_flow *f;

	for (size_t i = 0; i < *n; i++) {
		f = (struct queue_flow *)((char *)views + i * view_size);
		if (!memcmp(&f->flow, flow, sizeof(*flow)))
			return f;
	}
	f = memset((char *)views + (*n)++ * view_size, 0, view_size);
	f->dev = *dev;
	f->flow = *flow;
	return f;
}

void queue_flow_add(struct queue_flow *f, uint64_t packets, uint64_t bytes, uint64_t skbs)
{
	f->packets += packets;
	f->bytes += bytes;
	f->skbs += skbs;
}

int queue_flow_cmp(const void *a, const void *b)
{
	const struct queue_flow *x = a, *y = b;

	if (x->packets != y->packets)
		return x->packets < y->packets ? 1 : -1;
	return flow_compare(&x->flow, &y->flow);
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
