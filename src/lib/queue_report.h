/* SPDX-License-Identifier: GPL-2.0 */
/*
 * queue_report.h - what the per-device reports of txq and rxq share: the
 * device line with its steering maps (XPS, RPS), the per-queue table with
 * a share bar, and the devices array and flow-eviction foot of the report.
 */
#ifndef PP_QUEUE_REPORT_H
#define PP_QUEUE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "pktpath.h"

struct dev_name;
struct json_writer;
struct pp_counters;
struct report;

#define QUEUE_TEXT_MAX_FLOWS 20 /* per device in text; JSON has them all */

/* Queue q's CPU list of a steering map set ("0-3,6"): xps_cpu_list() or
 * rps_cpu_list() behind a void pointer. */
typedef void queue_cpu_list_fn(const void *maps, unsigned int q, char *buf, unsigned long len);

/* "\neth0 (netns host, ifindex 2): 4 TX queues", without a newline. */
void queue_text_device(const struct dev_name *d, unsigned int nq, const char *dir);
/* ", XPS cpus: q0=0 q1=1" (what "XPS", q_prefix "q"), at most n queues;
 * ", no XPS" when maps is NULL. */
void queue_text_cpu_lists(const char *what, const char *q_prefix, const void *maps, unsigned int n,
			  queue_cpu_list_fn *list);
/* key: [the CPU list of each of n queues] (empty when maps is NULL). */
void queue_json_cpu_lists(struct json_writer *w, const char *key, const void *maps, unsigned int n,
			  queue_cpu_list_fn *list);

/* A device's queue as the table shows it. */
struct queue_cell {
	int64_t queue; /* -1: the driver recorded none */
	uint64_t packets, bytes, skbs;
};

/* The table of a device's queues, each with its share of the device's
 * packets (text: as a bar; col names the queue column, "-" for none). */
void queue_text_table(const char *col, const struct queue_cell *cells, size_t n);
/* key: [{queue_key: queue (null for none), "packets", "bytes", "skbs",
 * "share"}]. */
void queue_json_table(struct json_writer *w, const char *key, const char *queue_key,
		      const struct queue_cell *cells, size_t n);
/*
 * The head of a flow view of txq and rxq (a flow on a device, its rows
 * together): the layout of their flow-state keys, then the flow's totals.
 * A view puts it in a union with its mode's key.
 */
struct queue_flow {
	struct pp_dev_id dev;
	struct pp_flow flow;
	uint64_t packets, bytes, skbs;
};

/* The view of (dev, flow) among the n views (of view_size bytes, each
 * starting with a struct queue_flow, room for one more): appended, zeroed
 * but for dev and flow, when missing. */
void *queue_flow_view(void *views, size_t *n, size_t view_size, const struct pp_dev_id *dev,
		      const struct pp_flow *flow);
/* A row's counts into its view. */
void queue_flow_add(struct queue_flow *f, uint64_t packets, uint64_t bytes, uint64_t skbs);
/* qsort() of views: the busiest first, then by flow. */
int queue_flow_cmp(const void *a, const void *b);

/* "... and N more flows" when n flows are more than text shows. */
void queue_text_more_flows(size_t n);

/* After report_begin(): the "devices" array (JSON). */
void queue_report_devices(const struct report *r);
/* Its end; text says when no device had packets. */
void queue_report_devices_end(const struct report *r, int empty);
/* The foot: "flows_evicted", the losses, and a warning when the LRU flow
 * table (--max-flows) evicted flows. */
void queue_report_end(const struct report *r, const struct pp_counters *cnt, uint64_t evicted,
		      unsigned long max_flows);

#endif
