// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - read the in-kernel drop table and print it: rows per
 * (reason, location, device[, stack]) sorted by count, grouped by network
 * namespace, as text that fits 80 columns or as one JSON object. Interval
 * reports show what happened since the last one; the final report shows
 * the whole run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "drops.skel.h"
#include "user.h"
#include "lib/counters.h"
#include "lib/log.h"
#include "lib/percpu_map.h"
#include "lib/row_delta.h"
#include "lib/names.h"
#include "lib/report.h"
#include "lib/vec.h"

#define TEXT_WIDTH 80
#define MIN_LOCATION_WIDTH 24

struct drops_table {
	struct drops_row *rows;
	size_t n;
};

static void fold_row(void *row, const void *values, int ncpus)
{
	struct drops_row *r = row;

	for (int c = 0; c < ncpus; c++) {
		const struct drops_stats *v = percpu_value(values, sizeof(*v), c);

		r->count += v->count;
		r->bytes += v->bytes;
		if (v->last_ns > r->last_ns)
			r->last_ns = v->last_ns;
		names_dev_take(r->dev_name, v->dev_name);
	}
}

int drops_rows_read(struct drops_state *s, struct drops_row **rows, size_t *n)
{
	size_t cap = 0;

	*rows = NULL;
	*n = 0;
	return percpu_map_rows(s->skel->maps.drops_table, sizeof(struct drops_key),
			       sizeof(struct drops_stats), fold_row, sizeof(**rows), rows, n, &cap);
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(&((const struct drops_row *)a)->key, &((const struct drops_row *)b)->key,
		      sizeof(struct drops_key));
}

/* Interval counts (row_delta): a row without drops since the last is left
 * out. A smaller total means the entry was evicted and counted afresh. */
static bool subtract(void *row, const void *prev)
{
	struct drops_row *r = row;
	const struct drops_row *p = prev;

	if (p->count <= r->count) {
		r->count -= p->count;
		r->bytes -= p->bytes;
	}
	return r->count;
}

/* Fill each row's netns_total: namespaces are ordered by their drops. */
static int netns_totals(struct drops_table *t)
{
	struct ns_sum {
		uint32_t netns;
		uint64_t total;
	} *sums = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct ns_sum *e = NULL;

		for (size_t j = 0; j < n && !e; j++)
			if (sums[j].netns == t->rows[i].key.dev.netns)
				e = &sums[j];
		if (!e) {
			e = vec_push(&sums, &n, &cap, sizeof(*e));
			if (!e) {
				free(sums);
				return -ENOMEM;
			}
			e->netns = t->rows[i].key.dev.netns;
		}
		e->total += t->rows[i].count;
	}
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < n; j++)
			if (sums[j].netns == t->rows[i].key.dev.netns)
				t->rows[i].netns_total = sums[j].total;
	free(sums);
	return 0;
}

/* Namespaces by their totals, then rows by count; stable on keys. */
static int cmp_count(const void *a, const void *b)
{
	const struct drops_row *x = a, *y = b;

	if (x->netns_total != y->netns_total)
		return x->netns_total < y->netns_total ? 1 : -1;
	if (x->key.dev.netns != y->key.dev.netns)
		return x->key.dev.netns < y->key.dev.netns ? -1 : 1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return cmp_key(a, b);
}

static void json_rows(struct drops_state *s, const struct drops_table *t)
{
	struct json_writer *w = &s->json;
	uint64_t ips[PP_STACK_DEPTH];
	int fd = bpf_map__fd(s->skel->maps.drops_stacks);

	json_key(w, "drops");
	json_array_start(w);
	for (size_t i = 0; i < t->n; i++) {
		const struct drops_row *r = &t->rows[i];

		json_object_start(w);
		json_kv_u64(w, "count", r->count);
		json_kv_u64(w, "bytes", r->bytes);
		drop_reason_json(w, &s->names, r->key.reason);
		drop_location_json(w, &s->names, r->key.location);
		names_dev_json(w, &r->key.dev, r->dev_name);
		if (s->opts->stack) {
			int depth = drop_stack_read(fd, r->key.stack_id, &s->names, ips);

			if (r->key.stack_id >= 0) {
				drop_stack_json(w, &s->names, ips, depth);
			} else {
				json_key(w, "stack");
				json_null(w);
			}
		}
		json_object_end(w);
	}
	json_array_end(w);
}

/* Column widths that fit the rows; the location takes what is left. */
struct widths {
	int count, reason, dev, location;
};

static struct widths measure(struct drops_state *s, const struct drops_table *t)
{
	struct widths w = { 5, 6, 6, 0 };
	char buf[64];

	for (size_t i = 0; i < t->n; i++) {
		const struct drops_row *r = &t->rows[i];
		int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r->count);

		if (n > w.count)
			w.count = n;
		n = strlen(drop_reason_text(&s->names, r->key.reason, buf, sizeof(buf)));
		if (n > w.reason)
			w.reason = n;
		n = strlen(r->dev_name);
		if (n > w.dev)
			w.dev = n;
	}
	/* Indent 4, three gaps of 2. */
	w.location = TEXT_WIDTH - 4 - w.count - w.reason - w.dev - 6;
	if (w.location < MIN_LOCATION_WIDTH)
		w.location = MIN_LOCATION_WIDTH;
	return w;
}

/* "a_very_long_function_n..+0x1a": keep the offset, shorten the name. */
static void fit(char *loc, int width)
{
	int len = strlen(loc);
	char *plus = strrchr(loc, '+');

	if (len <= width || !plus || plus - loc <= len - width + 2)
		return;
	memmove(plus - (len - width) - 2, "..", 2);
	memmove(plus - (len - width), plus, strlen(plus) + 1);
}

static void text_rows(struct drops_state *s, const struct drops_table *t)
{
	struct widths w = measure(s, t);
	int fd = bpf_map__fd(s->skel->maps.drops_stacks);
	uint64_t ips[PP_STACK_DEPTH];

	for (size_t i = 0; i < t->n; i++) {
		const struct drops_row *r = &t->rows[i];
		char reason[64], loc[256];

		if (!i || r->key.dev.netns != t->rows[i - 1].key.dev.netns) {
			printf("  netns %s: %llu drop%s\n",
			       names_netns(r->key.dev.netns),
			       (unsigned long long)r->netns_total, r->netns_total == 1 ? "" : "s");
			printf("    %*s  %-*s  %-*s  %s\n", w.count, "count", w.reason, "reason",
			       w.dev, "device", "location");
		}
		drop_location_text(&s->names, r->key.location, false, loc, sizeof(loc));
		fit(loc, w.location);
		printf("    %*llu  %-*s  %-*s  %s\n", w.count, (unsigned long long)r->count,
		       w.reason, drop_reason_text(&s->names, r->key.reason, reason, sizeof(reason)),
		       w.dev, r->dev_name[0] ? r->dev_name : NAMES_NONE, loc);
		if (s->opts->stack) {
			int depth = drop_stack_read(fd, r->key.stack_id, &s->names, ips);

			if (depth)
				drop_stack_print(stdout, &s->names, ips, depth, "        ");
			else
				printf("        (stack not recorded)\n");
		}
	}
}

int drops_report(struct drops_state *s, bool final)
{
	struct report r = report_now(s->co->json ? &s->json : NULL, final, &s->clock);
	struct pp_counters cnt = { 0 };
	struct drops_table t = { 0 };
	uint64_t total = 0;
	char tail[48];
	int err;

	err = drops_rows_read(s, &t.rows, &t.n);
	if (!err && !final)
		err = row_delta(&s->prev, t.rows, &t.n, sizeof(*t.rows), cmp_key, subtract);
	if (!err)
		err = netns_totals(&t);
	if (err) {
		pp_err("reading the in-kernel drop table: %s", strerror(-err));
		free(t.rows);
		return PP_EXIT_FAIL;
	}
	counters_read(s->skel->maps.pp_counters, &cnt);
	qsort(t.rows, t.n, sizeof(*t.rows), cmp_count);
	for (size_t i = 0; i < t.n; i++)
		total += t.rows[i].count;
	snprintf(tail, sizeof(tail), ", %llu drop%s", (unsigned long long)total,
		 total == 1 ? "" : "s");
	report_begin(&r, tail);
	if (r.json) {
		json_kv_u64(r.json, "total", total);
		json_rows(s, &t);
	} else {
		text_rows(s, &t);
	}
	report_end(&r, &cnt);
	free(t.rows);
	return 0;
}
