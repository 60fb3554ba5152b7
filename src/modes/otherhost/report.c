// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - read the (device, foreign destination MAC) table and
 * print it, per namespace, as text that fits 80 columns or as one JSON
 * object. Interval reports show what happened since the last one; the
 * final report shows the whole run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "otherhost.skel.h"
#include "user.h"
#include "lib/counters.h"
#include "lib/log.h"
#include "lib/percpu_map.h"
#include "lib/row_delta.h"
#include "lib/names.h"
#include "lib/report.h"

struct otherhost_table {
	struct otherhost_row *rows;
	size_t n;
};

static void fold_row(void *row, const void *values, int ncpus)
{
	struct otherhost_row *r = row;

	for (int c = 0; c < ncpus; c++) {
		const struct otherhost_stats *v = percpu_value(values, sizeof(*v), c);

		r->received += v->received;
		r->dropped += v->dropped;
		r->bytes += v->bytes;
		names_dev_take(r->dev_name, v->dev_name);
		if (v->last_ns <= r->last_ns)
			continue;
		/* The newest frame's details, whichever CPU saw it. */
		r->last_ns = v->last_ns;
		memcpy(r->dev_mac, v->dev_mac, 6);
		if (v->received)
			memcpy(r->src_mac, v->src_mac, 6);
		r->promisc = v->promisc;
	}
}

int otherhost_rows_read(struct otherhost_state *s, struct otherhost_row **rows, size_t *n)
{
	size_t cap = 0;

	*rows = NULL;
	*n = 0;
	return percpu_map_rows(s->skel->maps.otherhost_table, sizeof(struct otherhost_key),
			       sizeof(struct otherhost_stats), fold_row, sizeof(**rows), rows, n,
			       &cap);
}

static int cmp_key(const void *a, const void *b)
{
	return memcmp(&((const struct otherhost_row *)a)->key,
		      &((const struct otherhost_row *)b)->key, sizeof(struct otherhost_key));
}

/* Namespace, device, then the busiest foreign MAC first. */
static int cmp_show(const void *a, const void *b)
{
	const struct otherhost_row *x = a, *y = b;

	if (x->key.dev.netns != y->key.dev.netns)
		return x->key.dev.netns < y->key.dev.netns ? -1 : 1;
	if (x->key.dev.ifindex != y->key.dev.ifindex)
		return x->key.dev.ifindex < y->key.dev.ifindex ? -1 : 1;
	if (x->received + x->dropped != y->received + y->dropped)
		return x->received + x->dropped < y->received + y->dropped ? 1 : -1;
	return cmp_key(a, b);
}

/* Interval counts (row_delta): a row without frames since the last is left
 * out. Smaller totals mean the entry was evicted and counted afresh. */
static bool subtract(void *row, const void *prev)
{
	struct otherhost_row *r = row;
	const struct otherhost_row *p = prev;

	if (p->received <= r->received && p->dropped <= r->dropped) {
		r->received -= p->received;
		r->dropped -= p->dropped;
		r->bytes -= p->bytes;
	}
	return r->received || r->dropped;
}

static void json_rows(struct otherhost_state *s, const struct otherhost_table *t)
{
	struct json_writer *w = &s->json;
	char mac[18];

	json_key(w, "otherhost");
	json_array_start(w);
	for (size_t i = 0; i < t->n; i++) {
		const struct otherhost_row *r = &t->rows[i];

		json_object_start(w);
		names_dev_json(w, &r->key.dev, r->dev_name);
		json_kv_str(w, "dev_mac", mac_text(r->dev_mac, mac));
		json_kv_str(w, "dst_mac", mac_text(r->key.dst_mac, mac));
		json_kv_str(w, "src_mac", mac_text(r->src_mac, mac));
		json_kv_bool(w, "promisc", r->promisc);
		json_kv_u64(w, "received", r->received);
		json_kv_u64(w, "dropped", r->dropped);
		json_kv_u64(w, "bytes", r->bytes);
		json_object_end(w);
	}
	json_array_end(w);
}

static void text_rows(struct otherhost_state *s, const struct otherhost_table *t)
{
	int dev_w = 6;

	for (size_t i = 0; i < t->n; i++)
		if ((int)strlen(t->rows[i].dev_name) > dev_w)
			dev_w = strlen(t->rows[i].dev_name);
	for (size_t i = 0; i < t->n; i++) {
		const struct otherhost_row *r = &t->rows[i];
		char own[18], dst[18];

		if (!i || r->key.dev.netns != t->rows[i - 1].key.dev.netns) {
			printf("  netns %s\n", names_netns(r->key.dev.netns));
			printf("    %-*s  %-17s  %-17s  %8s  %8s  %s\n", dev_w, "device", "its MAC",
			       "frames for", "received", "dropped", "promisc");
		}
		printf("    %-*s  %-17s  %-17s  %8llu  %8llu  %s\n", dev_w, r->dev_name,
		       mac_text(r->dev_mac, own), mac_text(r->key.dst_mac, dst),
		       (unsigned long long)r->received, (unsigned long long)r->dropped,
		       r->promisc ? "yes" : "no");
	}
}

int otherhost_report(struct otherhost_state *s, bool final)
{
	struct report r = report_now(s->co->json ? &s->json : NULL, final, &s->clock);
	uint64_t received = 0, dropped = 0;
	struct pp_counters cnt = { 0 };
	struct otherhost_table t = { 0 };
	char tail[80];
	int err;

	err = otherhost_rows_read(s, &t.rows, &t.n);
	if (!err && !final)
		err = row_delta(&s->prev, t.rows, &t.n, sizeof(*t.rows), cmp_key, subtract);
	if (err) {
		pp_err("reading the in-kernel table: %s", strerror(-err));
		free(t.rows);
		return PP_EXIT_FAIL;
	}
	counters_read(s->skel->maps.pp_counters, &cnt);
	qsort(t.rows, t.n, sizeof(*t.rows), cmp_show);
	for (size_t i = 0; i < t.n; i++) {
		received += t.rows[i].received;
		dropped += t.rows[i].dropped;
	}
	snprintf(tail, sizeof(tail), ", %llu foreign frame%s, %llu dropped",
		 (unsigned long long)received, received == 1 ? "" : "s",
		 (unsigned long long)dropped);
	report_begin(&r, tail);
	if (r.json) {
		json_kv_u64(r.json, "received", received);
		json_kv_u64(r.json, "dropped", dropped);
		json_rows(s, &t);
	} else {
		text_rows(s, &t);
	}
	report_end(&r, &cnt);
	free(t.rows);
	return 0;
}
