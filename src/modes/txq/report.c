// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - read txq's in-kernel tables and print them: per device, the
 * per-queue totals with a share bar and the flows × queues matrix, as text or
 * as one JSON object. Interval reports show what happened since the last
 * one; the final report shows the whole run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "txq.skel.h"
#include "user.h"
#include "lib/counters.h"
#include "lib/flow.h"
#include "lib/log.h"
#include "lib/names.h"
#include "lib/percpu_map.h"
#include "lib/queue_report.h"
#include "lib/report.h"
#include "lib/vec.h"

#define MATRIX_MAX_QUEUES 8 /* beyond this, flows list "qN:count" pairs */

static int cmp_queue_key(const void *a, const void *b)
{
	return memcmp(&((const struct txq_queue_row *)a)->key,
		      &((const struct txq_queue_row *)b)->key, sizeof(struct txq_queue_key));
}

static void sum_queue(void *dst, const void *percpu, int ncpus)
{
	const struct txq_queue_stats *v = percpu;
	struct txq_queue_stats *d = dst;

	for (int c = 0; c < ncpus; c++) {
		d->packets += v[c].packets;
		d->bytes += v[c].bytes;
		d->skbs += v[c].skbs;
	}
}

static void sum_flow(void *dst, const void *percpu, int ncpus)
{
	const struct txq_flow_stats *v = percpu;
	struct txq_flow_stats *d = dst;

	for (int c = 0; c < ncpus; c++) {
		d->packets += v[c].packets;
		d->bytes += v[c].bytes;
		d->skbs += v[c].skbs;
		d->ooo_okay += v[c].ooo_okay;
		if (v[c].skbs && (!d->first_ns || v[c].first_ns < d->first_ns)) {
			/* The first packet's details, whichever CPU sent it. */
			d->first_ns = v[c].first_ns;
			d->cpu = v[c].cpu;
			d->hash = v[c].hash;
			d->sk_queue = v[c].sk_queue;
		}
	}
}

static void fold_queue(void *row, const void *percpu, int ncpus)
{
	sum_queue(&((struct txq_queue_row *)row)->st, percpu, ncpus);
}

static void fold_flow(void *row, const void *percpu, int ncpus)
{
	sum_flow(&((struct flow_row *)row)->st, percpu, ncpus);
}

/* Append the per-queue totals kept in the slot array: for each device the
 * programs gave a slot, its TXQ_SLOT_QUEUES rows, summed over CPUs. */
static int read_queue_slots(struct txq_state *s, struct txq_tables *t)
{
	int ncpus = libbpf_num_possible_cpus(), dev_fd = bpf_map__fd(s->skel->maps.pp_devices);
	int fd = bpf_map__fd(s->skel->maps.txq_queue_slots);
	struct txq_queue_stats *vals = calloc(ncpus, sizeof(*vals));
	struct pp_dev_id id, next;
	struct pp_dev_info info;
	int err = 0;

	if (!vals)
		return -ENOMEM;
	for (void *prev = NULL; !err && !bpf_map_get_next_key(dev_fd, prev, &next); prev = &id) {
		id = next;
		if (bpf_map_lookup_elem(dev_fd, &id, &info) || info.slot >= PP_DEV_SLOTS)
			continue;
		for (__u32 q = 0; q < TXQ_SLOT_QUEUES; q++) {
			__u32 idx = info.slot * TXQ_SLOT_QUEUES + q;
			struct txq_queue_row row = { .key = { .dev = id, .queue = q } }, *r;

			if (bpf_map_lookup_elem(fd, &idx, vals))
				continue;
			sum_queue(&row.st, vals, ncpus);
			if (!row.st.skbs)
				continue;
			r = vec_push(&t->queues, &t->n_queues, &t->cap_queues, sizeof(*r));
			if (!r) {
				err = -ENOMEM;
				break;
			}
			*r = row;
		}
	}
	free(vals);
	return err;
}

/* The row with this key, appended (zeroed) when missing. */
#define FIND_OR_ADD(arr, n, cap, k)                                                        \
	({                                                                                 \
		__typeof__(&(arr)[0]) __r = NULL;                                          \
		for (size_t __i = 0; __i < (n) && !__r; __i++)                             \
			if (!memcmp(&(arr)[__i].key, (k), sizeof(*(k))))                   \
				__r = &(arr)[__i];                                         \
		if (!__r && (__r = vec_push(&(arr), &(n), &(cap), sizeof(*__r))))          \
			__r->key = *(k);                                                   \
		__r;                                                                       \
	})

static struct txq_queue_row *find_queue_row(struct txq_tables *t, const struct txq_queue_key *key)
{
	return FIND_OR_ADD(t->queues, t->n_queues, t->cap_queues, key);
}

static struct flow_row *find_flow_row(struct txq_tables *t, const struct txq_flow_key *key)
{
	return FIND_OR_ADD(t->flows, t->n_flows, t->cap_flows, key);
}

/* Add what each CPU still holds in its last-flow entry (see struct
 * txq_last_flow). Exact once the programs are detached; while they run, a
 * burst being flushed during the read may be counted in the next report. */
static int read_pending(struct txq_state *s, struct txq_tables *t)
{
	int ncpus = libbpf_num_possible_cpus();
	struct txq_last_flow *last = calloc(ncpus, sizeof(*last));
	__u32 zero = 0;
	int err = 0;

	if (!last)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.txq_last), &zero, last))
		goto out;
	for (int c = 0; c < ncpus; c++) {
		struct txq_queue_key qkey = { .dev = last[c].key.dev, .queue = last[c].key.queue };
		struct txq_queue_row *q;
		struct flow_row *f;

		if (!last[c].gen || !last[c].skbs)
			continue;
		f = find_flow_row(t, &last[c].key);
		q = find_queue_row(t, &qkey);
		if (!f || !q) {
			err = -ENOMEM;
			break;
		}
		f->st.packets += last[c].packets;
		f->st.bytes += last[c].bytes;
		f->st.skbs += last[c].skbs;
		f->st.ooo_okay += last[c].ooo_okay;
		q->st.packets += last[c].packets;
		q->st.bytes += last[c].bytes;
		q->st.skbs += last[c].skbs;
	}
out:
	free(last);
	return err;
}

/* Every queue of a device gets a row, idle ones too: a queue nothing
 * was sent on is worth seeing. */
static int add_idle_queues(struct txq_state *s, struct txq_tables *t)
{
	size_t n = t->n_queues;

	for (size_t i = 0; i < n; i++) {
		struct txq_device *d = txq_device(s, &t->queues[i].key.dev);

		for (__u32 q = 0; d && q < d->dev.info.real_num_tx_queues && q < 1024; q++) {
			struct txq_queue_key key = { .dev = d->dev.id, .queue = q };

			if (!find_queue_row(t, &key))
				return -ENOMEM;
		}
	}
	return 0;
}

int txq_tables_read(struct txq_state *s, struct txq_tables *t)
{
	int err;

	memset(t, 0, sizeof(*t));
	err = percpu_map_rows(s->skel->maps.txq_queues, sizeof(struct txq_queue_key),
			      sizeof(struct txq_queue_stats), fold_queue, sizeof(struct txq_queue_row),
			      &t->queues, &t->n_queues, &t->cap_queues);
	if (!err)
		err = read_queue_slots(s, t);
	if (!err)
		err = percpu_map_rows(s->skel->maps.txq_flows, sizeof(struct txq_flow_key),
				      sizeof(struct txq_flow_stats), fold_flow, sizeof(struct flow_row),
				      &t->flows, &t->n_flows, &t->cap_flows);
	if (!err)
		err = read_pending(s, t);
	if (!err)
		err = add_idle_queues(s, t);
	if (err)
		pp_err("reading the in-kernel tables: %s", strerror(-err));
	if (t->n_queues) /* an empty table may be NULL, which qsort() must not get */
		qsort(t->queues, t->n_queues, sizeof(*t->queues), cmp_queue_key);
	return err;
}

static int cmp_flow_key(const void *a, const void *b)
{
	return memcmp(&((const struct flow_row *)a)->key, &((const struct flow_row *)b)->key,
		      sizeof(struct txq_flow_key));
}

/* Interval counts (row_delta): every queue is shown, idle or not. */
static bool subtract_queue(void *row, const void *prev)
{
	struct txq_queue_row *r = row;
	const struct txq_queue_row *p = prev;

	r->st.packets -= p->st.packets;
	r->st.bytes -= p->st.bytes;
	r->st.skbs -= p->st.skbs;
	return true;
}

/* A flow idle during the interval is left out; a smaller total means the
 * LRU evicted the flow and it was counted afresh. */
static bool subtract_flow(void *row, const void *prev)
{
	struct flow_row *r = row;
	const struct flow_row *p = prev;

	if (p->st.skbs <= r->st.skbs) {
		r->st.packets -= p->st.packets;
		r->st.bytes -= p->st.bytes;
		r->st.ooo_okay -= p->st.ooo_okay;
		r->st.skbs -= p->st.skbs;
	}
	return r->st.skbs;
}

static int interval_deltas(struct txq_state *s, struct txq_tables *t)
{
	int err = row_delta(&s->prev_queues, t->queues, &t->n_queues, sizeof(*t->queues),
			    cmp_queue_key, subtract_queue);

	return err ? err
		   : row_delta(&s->prev_flows, t->flows, &t->n_flows, sizeof(*t->flows),
			       cmp_flow_key, subtract_flow);
}

/* A flow on a device, all its queues together. */
struct flow_view {
	union {
		struct queue_flow f;
		struct txq_flow_state_key key;
	};
	uint64_t ooo_okay;
	uint64_t per_queue[MATRIX_MAX_QUEUES];
	const struct flow_row *rows[64]; /* its rows (one per queue used) */
	unsigned int n_rows;
	const struct flow_row *first;    /* the row of its first packet */
	int queue;                       /* current queue, -1 unknown */
};

_Static_assert(offsetof(struct txq_flow_state_key, flow) == offsetof(struct queue_flow, flow) &&
		       sizeof(struct txq_flow_state_key) <= offsetof(struct queue_flow, packets),
	       "a view's key and head share the device and flow");

static size_t build_views(const struct txq_tables *t, const struct pp_dev_id *dev,
			  struct flow_view *views)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_flows; i++) {
		const struct flow_row *r = &t->flows[i];
		struct flow_view *v;

		if (!names_dev_equal(&r->key.dev, dev))
			continue;
		v = queue_flow_view(views, &n, sizeof(*views), dev, &r->key.flow);
		queue_flow_add(&v->f, r->st.packets, r->st.bytes, r->st.skbs);
		v->ooo_okay += r->st.ooo_okay;
		if (r->key.queue < MATRIX_MAX_QUEUES)
			v->per_queue[r->key.queue] += r->st.packets;
		if (v->n_rows < 64)
			v->rows[v->n_rows++] = r;
		if (!v->first || r->st.first_ns < v->first->st.first_ns)
			v->first = r;
	}
	qsort(views, n, sizeof(*views), queue_flow_cmp);
	return n;
}

/* The queue a flow is on now, from the programs' change-detection state. */
static void current_queues(struct txq_state *s, struct flow_view *views, size_t n)
{
	int fd = bpf_map__fd(s->skel->maps.txq_flow_state);

	for (size_t i = 0; i < n; i++) {
		struct txq_flow_state st;

		views[i].queue = bpf_map_lookup_elem(fd, &views[i].key, &st) ? -1 : (int)st.queue;
	}
}

static enum txq_reason view_reason(struct txq_state *s, struct txq_device *d,
				   const struct flow_view *v, uint32_t *changes)
{
	struct txq_flow_note *note = txq_note(s, &v->key, false);

	*changes = note ? note->changes : 0;
	if (note)
		return note->why;
	/* No event seen (the ring buffer was full): judge by the first packet. */
	return xps_explain(txq_device_xps(s, d, 1.0), v->first->key.queue, v->first->st.cpu,
			   v->first->st.hash, d->dev.info.real_num_tx_queues, v->first->st.sk_queue,
			   false, true);
}

/* A device's rows of the queue table, for the shared table. */
static size_t device_cells(const struct txq_tables *t, const struct pp_dev_id *dev,
			   struct queue_cell *cells)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_queues; i++)
		if (names_dev_equal(&t->queues[i].key.dev, dev))
			cells[n++] = (struct queue_cell){ t->queues[i].key.queue,
							  t->queues[i].st.packets,
							  t->queues[i].st.bytes, t->queues[i].st.skbs };
	return n;
}

static void xps_list(const void *xps, unsigned int q, char *buf, unsigned long len)
{
	xps_cpu_list(xps, q, buf, len);
}

static void text_device(struct txq_state *s, const struct queue_cell *cells, size_t n_cells,
			struct txq_device *d, struct flow_view *views, size_t n_views)
{
	unsigned int nq = d->dev.info.real_num_tx_queues;
	const struct xps_dev *xps = txq_device_xps(s, d, 0.1);
	bool matrix = nq && nq <= MATRIX_MAX_QUEUES;

	queue_text_device(&d->dev, nq, "TX");
	queue_text_cpu_lists("XPS", "q", xps && xps->any_cpus ? xps : NULL,
			     xps && xps->nqueues < nq ? xps->nqueues : nq, xps_list);
	printf("\n");
	queue_text_table("queue", cells, n_cells);
	if (!n_views)
		return;
	printf("  ");
	if (matrix)
		for (unsigned int q = 0; q < nq; q++)
			printf("%*s%u", q >= 10 ? 7 : 8, "q", q);
	else
		printf("%-24s", "queue:packets");
	printf("  %-12s  flow\n", "why");
	for (size_t i = 0; i < n_views && i < QUEUE_TEXT_MAX_FLOWS; i++) {
		const struct flow_view *v = &views[i];
		char flow[160], pairs[256] = "";
		uint32_t changes;
		enum txq_reason why = view_reason(s, d, v, &changes);
		size_t off = 0;

		printf("  ");
		if (matrix) {
			for (unsigned int q = 0; q < nq; q++)
				if (v->per_queue[q])
					printf("%9llu", (unsigned long long)v->per_queue[q]);
				else
					printf("%9s", ".");
		} else {
			for (unsigned int k = 0; k < v->n_rows && off < sizeof(pairs); k++)
				off += snprintf(pairs + off, sizeof(pairs) - off, "%sq%u:%llu",
						k ? " " : "", v->rows[k]->key.queue,
						(unsigned long long)v->rows[k]->st.packets);
			printf("%-24s", pairs);
		}
		printf("  %-12s  %s", xps_reason_name(why), flow_format(&v->f.flow, flow,
									sizeof(flow)));
		if (changes || v->n_rows > 1)
			printf("  *moved %ux", changes ? changes : v->n_rows - 1);
		printf("\n");
	}
	queue_text_more_flows(n_views);
	printf("  why: how the flow's current queue was picked (hash: skb_tx_hash; xps: the\n"
	       "  sending CPU's XPS map; socket-cache: the socket's cached queue; other:\n"
	       "  driver or tc). A socket keeps its queue until TCP sets ooo_okay.\n");
}

static void json_device(struct txq_state *s, const struct queue_cell *cells, size_t n_cells,
			struct txq_device *d, struct flow_view *views, size_t n_views)
{
	struct json_writer *w = &s->json;
	const struct xps_dev *xps = txq_device_xps(s, d, 0.1);

	json_object_start(w);
	names_dev_json(w, &d->dev.id, d->dev.info.name);
	json_kv_u64(w, "real_num_tx_queues", d->dev.info.real_num_tx_queues);
	queue_json_cpu_lists(w, "xps_cpus", xps, xps ? xps->nqueues : 0, xps_list);
	queue_json_table(w, "queues", "queue", cells, n_cells);
	json_key(w, "flows");
	json_array_start(w);
	for (size_t i = 0; i < n_views; i++) {
		const struct flow_view *v = &views[i];
		uint32_t changes;
		enum txq_reason why = view_reason(s, d, v, &changes);

		json_object_start(w);
		flow_json(w, &v->f.flow);
		json_kv_u64(w, "packets", v->f.packets);
		json_kv_u64(w, "bytes", v->f.bytes);
		json_kv_u64(w, "skbs", v->f.skbs);
		json_kv_u64(w, "ooo_okay_skbs", v->ooo_okay);
		json_kv_i64(w, "queue", v->queue);
		json_kv_str(w, "why", xps_reason_name(why));
		json_kv_u64(w, "changes", changes);
		json_kv_u64(w, "first_cpu", v->first->st.cpu);
		json_kv_i64(w, "first_sk_queue", v->first->st.sk_queue);
		json_key(w, "queues");
		json_array_start(w);
		for (unsigned int k = 0; k < v->n_rows; k++) {
			json_object_start(w);
			json_kv_u64(w, "queue", v->rows[k]->key.queue);
			json_kv_u64(w, "packets", v->rows[k]->st.packets);
			json_kv_u64(w, "bytes", v->rows[k]->st.bytes);
			json_kv_u64(w, "skbs", v->rows[k]->st.skbs);
			json_object_end(w);
		}
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

int txq_report(struct txq_state *s, bool final)
{
	struct report r = report_now(s->co->json ? &s->json : NULL, final, &s->clock);
	struct pp_counters cnt = { 0 };
	struct flow_view *views = NULL;
	struct queue_cell *cells = NULL;
	size_t n_live_flows;
	uint64_t evicted;
	struct txq_tables t;
	int ret = 0;

	if (txq_tables_read(s, &t)) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	n_live_flows = t.n_flows;
	counters_read(s->skel->maps.pp_counters, &cnt);
	/* The flow table is LRU: whatever was created and is gone was evicted. */
	evicted = cnt.v[PP_CNT_FLOW_NEW] > n_live_flows ? cnt.v[PP_CNT_FLOW_NEW] - n_live_flows : 0;
	if (!final && interval_deltas(s, &t)) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	views = calloc(t.n_flows + 1, sizeof(*views));
	cells = calloc(t.n_queues + 1, sizeof(*cells));
	if (!views || !cells) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	report_begin(&r, NULL);
	queue_report_devices(&r);
	/* Devices in the order the queue table lists them. */
	for (size_t i = 0; i < t.n_queues; i++) {
		struct txq_device *d;
		size_t n_views, n_cells;

		if (i && names_dev_equal(&t.queues[i].key.dev, &t.queues[i - 1].key.dev))
			continue;
		d = txq_device(s, &t.queues[i].key.dev);
		if (!d)
			continue;
		n_cells = device_cells(&t, &d->dev.id, cells);
		n_views = build_views(&t, &d->dev.id, views);
		current_queues(s, views, n_views);
		if (r.json)
			json_device(s, cells, n_cells, d, views, n_views);
		else
			text_device(s, cells, n_cells, d, views, n_views);
	}
	queue_report_devices_end(&r, !t.n_queues);
	if (r.json)
		txq_pick_summary_json(s);
	queue_report_end(&r, &cnt, evicted, s->opts->max_flows);
out:
	free(views);
	free(cells);
	free(t.queues);
	free(t.flows);
	return ret;
}
