// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - read rxq's in-kernel tables and print them: per device,
 * its RPS/RFS set-up, the per-RX-queue totals and one row per flow with
 * the way it came in (queue, IRQ, softirq CPU, stack CPU, reader), then a
 * line for each flow that came in more than one way. Text or one JSON
 * object. Interval reports show what happened since the last one; the
 * final report shows the whole run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "rxq.skel.h"
#include "user.h"
#include "lib/counters.h"
#include "lib/flow.h"
#include "lib/log.h"
#include "lib/netns.h"
#include "lib/percpu_map.h"
#include "lib/timefmt.h"
#include "lib/vec.h"

#define TEXT_MAX_FLOWS 20 /* per device in text; JSON has them all */
#define MAX_PATHS 64      /* ways in listed per flow */
#define BAR_WIDTH 20

static int add_path_rows(const void *key, const void *values, int ncpus, void *arg)
{
	struct rxq_tables *t = arg;

	for (int c = 0; c < ncpus; c++) {
		const struct rxq_flow_stats *v = percpu_value(values, sizeof(*v), c);
		struct rxq_path_row *r;

		if (!v->skbs)
			continue;
		r = vec_push(&t->paths, &t->n_paths, &t->cap_paths, sizeof(*r));
		if (!r)
			return -ENOMEM;
		memset(r, 0, sizeof(*r));
		memcpy(&r->key, key, sizeof(r->key));
		r->rps_cpu = c;
		r->st = *v;
	}
	return 0;
}

static void queue_add(struct rxq_queue_stats *sum, const struct rxq_queue_stats *v)
{
	sum->packets += v->packets;
	sum->bytes += v->bytes;
	sum->skbs += v->skbs;
	sum->steered += v->steered;
}

/* One row per queue, or with t->per_cpu one per stack CPU that counted. */
static int add_queue_rows(const void *key, const void *values, int ncpus, void *arg)
{
	struct rxq_tables *t = arg;
	struct rxq_queue_row *r = NULL;

	for (int c = 0; c < ncpus; c++) {
		const struct rxq_queue_stats *v = percpu_value(values, sizeof(*v), c);

		if (!r || t->per_cpu) {
			if (t->per_cpu && !v->skbs)
				continue;
			r = vec_push(&t->queues, &t->n_queues, &t->cap_queues, sizeof(*r));
			if (!r)
				return -ENOMEM;
			memset(r, 0, sizeof(*r));
			memcpy(&r->key, key, sizeof(r->key));
			r->rps_cpu = t->per_cpu ? (uint32_t)c : RXQ_NO_CPU;
		}
		queue_add(&r->st, v);
	}
	return 0;
}

/* Key and stack CPU (the same in every row unless per CPU). */
static int cmp_queue(const void *a, const void *b)
{
	return memcmp(a, b, offsetof(struct rxq_queue_row, st));
}

/* Key and stack CPU: what makes a path row. */
static int cmp_path(const void *a, const void *b)
{
	return memcmp(a, b, offsetof(struct rxq_path_row, pad));
}

int rxq_tables_read(struct rxq_state *s, struct rxq_tables *t, bool per_cpu)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->per_cpu = per_cpu;
	err = percpu_map_each(s->skel->maps.rxq_queues, sizeof(struct rxq_queue_key),
			      sizeof(struct rxq_queue_stats), add_queue_rows, t);
	if (!err)
		err = percpu_map_each(s->skel->maps.rxq_flows, sizeof(struct rxq_flow_key),
				      sizeof(struct rxq_flow_stats), add_path_rows, t);
	if (err)
		pp_err("reading the in-kernel tables: %s", strerror(-err));
	if (t->n_queues)
		qsort(t->queues, t->n_queues, sizeof(*t->queues), cmp_queue);
	return err;
}

static bool subtract_queue(void *row, const void *prev)
{
	struct rxq_queue_row *r = row;
	const struct rxq_queue_row *p = prev;

	r->st.packets -= p->st.packets;
	r->st.bytes -= p->st.bytes;
	r->st.skbs -= p->st.skbs;
	r->st.steered -= p->st.steered;
	return true;
}

/* An idle path is left out; a smaller total means the LRU evicted the
 * flow and it was counted afresh. */
static bool subtract_path(void *row, const void *prev)
{
	struct rxq_path_row *r = row;
	const struct rxq_path_row *p = prev;

	if (p->st.skbs <= r->st.skbs) {
		r->st.packets -= p->st.packets;
		r->st.bytes -= p->st.bytes;
		r->st.skbs -= p->st.skbs;
		r->st.ksoftirqd -= p->st.ksoftirqd;
	}
	return r->st.skbs;
}

static int interval_deltas(struct rxq_state *s, struct rxq_tables *t)
{
	int err = row_delta(&s->prev_queues, t->queues, &t->n_queues, sizeof(*t->queues),
			    cmp_queue, subtract_queue);

	return err ? err
		   : row_delta(&s->prev_paths, t->paths, &t->n_paths, sizeof(*t->paths), cmp_path,
			       subtract_path);
}

static bool same_dev(const struct pp_dev_id *a, const struct pp_dev_id *b)
{
	return a->netns == b->netns && a->ifindex == b->ifindex;
}

/* A flow on a device, all its ways in together. */
struct flow_view {
	struct rxq_flow_state_key key;
	uint64_t packets, bytes, skbs, ksoftirqd, steered;
	const struct rxq_path_row *paths[MAX_PATHS];
	unsigned int n_paths;
	struct rxq_flow_state st; /* where it was last seen */
	bool has_st;              /* else st is the way of one of its rows */
	struct rxq_reader reader; /* its socket's reader */
	bool has_reader;
};

static int cmp_view(const void *a, const void *b)
{
	const struct flow_view *x = a, *y = b;

	if (x->packets != y->packets)
		return x->packets < y->packets ? 1 : -1;
	return flow_compare(&x->key.flow, &y->key.flow);
}

static size_t build_views(struct rxq_state *s, const struct rxq_tables *t,
			  const struct pp_dev_id *dev, struct flow_view *views)
{
	int fd = bpf_map__fd(s->skel->maps.rxq_flow_state);
	size_t n = 0;

	for (size_t i = 0; i < t->n_paths; i++) {
		const struct rxq_path_row *r = &t->paths[i];
		struct flow_view *v = NULL;

		if (!same_dev(&r->key.dev, dev))
			continue;
		for (size_t j = 0; j < n && !v; j++)
			if (!memcmp(&views[j].key.flow, &r->key.flow, sizeof(r->key.flow)))
				v = &views[j];
		if (!v) {
			v = &views[n++];
			memset(v, 0, sizeof(*v));
			v->key.dev = *dev;
			v->key.flow = r->key.flow;
			v->has_st = !bpf_map_lookup_elem(fd, &v->key, &v->st);
			v->has_reader = v->has_st && rxq_reader(s, &v->st, &v->reader);
			if (!v->has_st) /* evicted: the way of its first row */
				v->st = (struct rxq_flow_state){
					.rx_queue = r->key.rx_queue,
					.softirq_cpu = r->key.softirq_cpu,
					.rps_cpu = r->rps_cpu,
					.irq = r->key.irq,
					.hash = r->st.hash,
				};
		}
		v->packets += r->st.packets;
		v->bytes += r->st.bytes;
		v->skbs += r->st.skbs;
		v->ksoftirqd += r->st.ksoftirqd;
		if (r->key.softirq_cpu != RXQ_NO_CPU && r->key.softirq_cpu != r->rps_cpu)
			v->steered += r->st.packets;
		if (v->n_paths < MAX_PATHS)
			v->paths[v->n_paths++] = r;
	}
	if (n)
		qsort(views, n, sizeof(*views), cmp_view);
	return n;
}

/* The costly cases, as flag names. */
static unsigned int view_flags(const struct flow_view *v, const char **flags)
{
	unsigned int n = 0;

	if (v->steered)
		flags[n++] = "steered";
	if (v->has_reader && v->reader.app_cpu != v->st.rps_cpu)
		flags[n++] = "app-remote";
	if (v->ksoftirqd)
		flags[n++] = "ksoftirqd";
	return n;
}

static const char *view_why(struct rxq_state *s, const struct flow_view *v)
{
	return rps_reason_name(
		rxq_explain(s, &v->key.dev, &v->st, v->has_reader ? &v->reader : NULL));
}

static void bar(double share, char *buf)
{
	int n = (int)(share * BAR_WIDTH + 0.5);

	for (int i = 0; i < BAR_WIDTH; i++)
		buf[i] = i < n ? '#' : ' ';
	buf[BAR_WIDTH] = 0;
}

static void text_cpu(char *buf, size_t len, int cpu)
{
	if (cpu < 0 || cpu == RXQ_NO_CPU)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d", cpu);
}

static void text_header(struct rxq_state *s, struct rxq_device *d)
{
	const struct rps_dev *r = rxq_device_rps(s, d, 0.1);
	unsigned int nq = d->info.real_num_rx_queues;
	bool rfs = false;

	printf("\n%s (netns %s, ifindex %u): %u RX queue%s", d->info.name,
	       netns_name(d->id.netns), d->id.ifindex, nq, nq == 1 ? "" : "s");
	if (r && r->any_cpus) {
		printf(", RPS cpus:");
		for (unsigned int q = 0; q < r->nqueues && q < nq; q++) {
			char list[64];

			rps_cpu_list(r, q, list, sizeof(list));
			printf(" rx-%u=%s", q, list);
		}
	} else {
		printf(", no RPS");
	}
	for (unsigned int q = 0; r && q < r->nqueues; q++)
		rfs |= rps_rfs_on(r, q);
	printf(rfs ? ", RFS on (%u socket flow entries)\n" : ", no RFS\n",
	       r ? r->sock_flow_entries : 0);
}

static void text_flow(struct rxq_state *s, const struct flow_view *v)
{
	char flow[160], q[8] = "-", irq[12] = "-", sirq[8], rps[8], app[8], who[40] = "";
	const char *flags[3];
	unsigned int nf = view_flags(v, flags);

	if (v->st.rx_queue != RXQ_NO_QUEUE)
		snprintf(q, sizeof(q), "%u", v->st.rx_queue);
	if (v->st.irq >= 0)
		snprintf(irq, sizeof(irq), "%d", v->st.irq);
	if (v->has_reader)
		snprintf(who, sizeof(who), "  %.16s/%u", v->reader.app_comm, v->reader.app_pid);
	text_cpu(sirq, sizeof(sirq), v->st.softirq_cpu);
	text_cpu(rps, sizeof(rps), v->st.rps_cpu);
	text_cpu(app, sizeof(app), v->has_reader ? v->reader.app_cpu : -1);
	printf("  %9llu %4s %5s %4s %4s %4s  %-7s %s%s", (unsigned long long)v->packets, q, irq,
	       sirq, rps, app, view_why(s, v), flow_format(&v->key.flow, flow, sizeof(flow)),
	       who);
	for (unsigned int i = 0; i < nf; i++)
		printf("%s%s", i ? "," : "  [", flags[i]);
	printf("%s\n", nf ? "]" : "");
}

/* One line per flow that came in more than one way: each way's count. */
static void text_moves(const struct flow_view *views, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct flow_view *v = &views[i];
		char flow[160];

		if (v->n_paths < 2 && !v->st.changes)
			continue;
		printf("  moved: %s:", flow_format(&v->key.flow, flow, sizeof(flow)));
		for (unsigned int k = 0; k < v->n_paths; k++) {
			const struct rxq_path_row *p = v->paths[k];
			char sirq[8], q[8] = "-";

			text_cpu(sirq, sizeof(sirq), p->key.softirq_cpu);
			if (p->key.rx_queue != RXQ_NO_QUEUE)
				snprintf(q, sizeof(q), "%u", p->key.rx_queue);
			printf("%s rxq %s cpu %s->%u: %llu", k ? "," : "", q, sirq, p->rps_cpu,
			       (unsigned long long)p->st.packets);
		}
		printf("\n");
	}
}

static void text_device(struct rxq_state *s, const struct rxq_tables *t, struct rxq_device *d,
			struct flow_view *views, size_t n_views)
{
	uint64_t total = 0;
	char b[BAR_WIDTH + 1];

	text_header(s, d);
	for (size_t i = 0; i < t->n_queues; i++)
		if (same_dev(&t->queues[i].key.dev, &d->id))
			total += t->queues[i].st.packets;
	printf("  %5s %12s %14s %7s\n", "rxq", "packets", "bytes", "share");
	for (size_t i = 0; i < t->n_queues; i++) {
		const struct rxq_queue_row *r = &t->queues[i];
		double share = total ? (double)r->st.packets / total : 0;
		char q[8] = "-";

		if (!same_dev(&r->key.dev, &d->id))
			continue;
		if (r->key.queue != RXQ_NO_QUEUE)
			snprintf(q, sizeof(q), "%u", r->key.queue);
		bar(share, b);
		printf("  %5s %12llu %14llu %6.1f%% |%s|\n", q, (unsigned long long)r->st.packets,
		       (unsigned long long)r->st.bytes, share * 100, b);
	}
	if (!n_views)
		return;
	printf("  %9s %4s %5s %4s %4s %4s  %-7s %s\n", "packets", "rxq", "irq", "sirq", "rps",
	       "app", "why", "flow  reader  [flags]");
	for (size_t i = 0; i < n_views && i < TEXT_MAX_FLOWS; i++)
		text_flow(s, &views[i]);
	if (n_views > TEXT_MAX_FLOWS)
		printf("  ... and %zu more flows (--json lists all)\n", n_views - TEXT_MAX_FLOWS);
	text_moves(views, n_views < TEXT_MAX_FLOWS ? n_views : TEXT_MAX_FLOWS);
	printf("  sirq: CPU of the hand-off to the stack; rps: CPU that processed it (after\n"
	       "  RPS/RFS); app: CPU of the last reader. why: rps (rps_cpus and the hash),\n"
	       "  rfs (the reader's CPU), none (not steered).\n");
}

static void json_cpu_or_null(struct json_writer *w, const char *key, int cpu)
{
	json_key(w, key);
	if (cpu < 0 || cpu == RXQ_NO_CPU)
		json_null(w);
	else
		json_u64(w, cpu);
}

/* Each way in of a flow, with its packets. */
static void json_paths(struct json_writer *w, const struct flow_view *v)
{
	json_key(w, "paths");
	json_array_start(w);
	for (unsigned int k = 0; k < v->n_paths; k++) {
		const struct rxq_path_row *p = v->paths[k];

		json_object_start(w);
		json_key(w, "rx_queue");
		if (p->key.rx_queue == RXQ_NO_QUEUE)
			json_null(w);
		else
			json_u64(w, p->key.rx_queue);
		json_key(w, "irq");
		if (p->key.irq < 0)
			json_null(w);
		else
			json_i64(w, p->key.irq);
		json_cpu_or_null(w, "softirq_cpu", p->key.softirq_cpu);
		json_kv_u64(w, "rps_cpu", p->rps_cpu);
		json_kv_u64(w, "packets", p->st.packets);
		json_kv_u64(w, "bytes", p->st.bytes);
		json_object_end(w);
	}
	json_array_end(w);
}

static void json_flow(struct rxq_state *s, struct rxq_device *d, const struct flow_view *v)
{
	const struct rps_dev *r = rxq_device_rps(s, d, 1.0);
	struct json_writer *w = &s->json;
	const char *flags[3];
	unsigned int nf = view_flags(v, flags);

	json_object_start(w);
	flow_json(w, &v->key.flow);
	json_kv_u64(w, "packets", v->packets);
	json_kv_u64(w, "bytes", v->bytes);
	json_kv_u64(w, "skbs", v->skbs);
	rxq_way_json(s, &v->st); /* rx_queue, irq, irq_name, softirq_cpu, rps_cpu, hash */
	rxq_reader_json(w, v->has_reader ? &v->reader : NULL);
	json_kv_str(w, "why", view_why(s, v));
	json_key(w, "flags");
	json_array_start(w);
	for (unsigned int i = 0; i < nf; i++)
		json_string(w, flags[i]);
	json_array_end(w);
	json_cpu_or_null(w, "rps_map_cpu",
			 r ? rps_cpu_for_hash(r, v->st.rx_queue == RXQ_NO_QUEUE ? 0 : v->st.rx_queue,
					      v->st.hash)
			   : -1);
	json_kv_u64(w, "changes", v->st.changes);
	json_kv_u64(w, "steered_packets", v->steered);
	json_kv_u64(w, "ksoftirqd_skbs", v->ksoftirqd);
	json_kv_u64(w, "app_reads", v->has_reader ? v->reader.reads : 0);
	json_kv_u64(w, "app_remote_reads", v->has_reader ? v->reader.remote : 0);
	json_paths(w, v);
	json_object_end(w);
}

static void json_device(struct rxq_state *s, const struct rxq_tables *t, struct rxq_device *d,
			struct flow_view *views, size_t n_views)
{
	const struct rps_dev *r = rxq_device_rps(s, d, 0.1);
	struct json_writer *w = &s->json;
	uint64_t total = 0;

	for (size_t i = 0; i < t->n_queues; i++)
		if (same_dev(&t->queues[i].key.dev, &d->id))
			total += t->queues[i].st.packets;
	json_object_start(w);
	json_kv_str(w, "dev", d->info.name);
	json_kv_u64(w, "ifindex", d->id.ifindex);
	json_kv_str(w, "netns", netns_name(d->id.netns));
	json_kv_u64(w, "netns_inode", d->id.netns);
	json_kv_u64(w, "rx_queues", d->info.real_num_rx_queues);
	json_key(w, "rps_cpus");
	json_array_start(w);
	for (unsigned int q = 0; r && q < r->nqueues; q++) {
		char list[64];

		rps_cpu_list(r, q, list, sizeof(list));
		json_string(w, list);
	}
	json_array_end(w);
	json_key(w, "rps_flow_cnt");
	json_array_start(w);
	for (unsigned int q = 0; r && q < r->nqueues; q++)
		json_u64(w, r->flow_cnt[q]);
	json_array_end(w);
	json_kv_u64(w, "rps_sock_flow_entries", r ? r->sock_flow_entries : 0);
	json_key(w, "queues");
	json_array_start(w);
	for (size_t i = 0; i < t->n_queues; i++) {
		const struct rxq_queue_row *q = &t->queues[i];

		if (!same_dev(&q->key.dev, &d->id))
			continue;
		json_object_start(w);
		json_key(w, "rx_queue");
		if (q->key.queue == RXQ_NO_QUEUE)
			json_null(w);
		else
			json_u64(w, q->key.queue);
		json_kv_u64(w, "packets", q->st.packets);
		json_kv_u64(w, "bytes", q->st.bytes);
		json_kv_u64(w, "skbs", q->st.skbs);
		json_kv_double(w, "share", total ? (double)q->st.packets / total : 0);
		json_object_end(w);
	}
	json_array_end(w);
	json_key(w, "flows");
	json_array_start(w);
	for (size_t i = 0; i < n_views; i++)
		json_flow(s, d, &views[i]);
	json_array_end(w);
	json_object_end(w);
}

static void report_start(struct rxq_state *s, bool final, uint64_t now)
{
	uint64_t since = final ? s->start_ns : s->last_report_ns;
	char when[40];

	if (s->co->json) {
		timefmt_iso(now, s->wall_offset_ns, when, sizeof(when));
		json_object_start(&s->json);
		json_kv_str(&s->json, "type", final ? "summary" : "interval");
		json_kv_str(&s->json, "time", when);
		json_kv_double(&s->json, "elapsed_s", (now - s->start_ns) / 1e9);
		json_kv_double(&s->json, "period_s", (now - since) / 1e9);
		json_kv_bool(&s->json, "irqs_traced", s->has_irq);
		json_kv_bool(&s->json, "readers_traced", s->has_reader);
		json_key(&s->json, "devices");
		json_array_start(&s->json);
	} else {
		timefmt_clock(now, s->wall_offset_ns, when, sizeof(when));
		printf("\n%s %s: %s %.1f s\n", when, final ? "summary" : "interval",
		       final ? "whole run," : "last", (now - since) / 1e9);
	}
}

static void report_end(struct rxq_state *s, const struct pp_counters *cnt, uint64_t evicted,
		       bool empty)
{
	if (s->co->json) {
		json_array_end(&s->json);
		json_kv_u64(&s->json, "flows_evicted", evicted);
		counters_report(cnt, &s->json);
		json_object_end(&s->json);
		return;
	}
	if (empty)
		printf("  no packets matched\n");
	counters_report(cnt, NULL);
	if (evicted)
		pp_warn("%llu flows were evicted from the flow table (--max-flows %lu); their "
			"packets still count in the per-queue totals",
			(unsigned long long)evicted, s->opts->max_flows);
}

int rxq_report(struct rxq_state *s, bool final)
{
	uint64_t now = timefmt_mono_now_ns(), evicted, live;
	struct pp_counters cnt = { 0 };
	struct flow_view *views = NULL;
	struct rxq_tables t;
	int ret = 0;

	if (rxq_tables_read(s, &t, false)) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	counters_read(s->skel->maps.pp_counters, &cnt);
	/* The flow table is LRU: whatever was created and is gone was evicted.
	 * A key's rows (one per stack CPU) are read one after the other. */
	live = 0;
	for (size_t i = 0; i < t.n_paths; i++)
		live += !i || memcmp(&t.paths[i].key, &t.paths[i - 1].key, sizeof(t.paths[i].key));
	evicted = cnt.v[PP_CNT_FLOW_NEW] > live ? cnt.v[PP_CNT_FLOW_NEW] - live : 0;
	if (!final && interval_deltas(s, &t)) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	views = calloc(t.n_paths + 1, sizeof(*views));
	if (!views) {
		ret = PP_EXIT_FAIL;
		goto out;
	}
	report_start(s, final, now);
	/* Devices in the order the queue table lists them. */
	for (size_t i = 0; i < t.n_queues; i++) {
		struct rxq_device *d;
		size_t n_views;

		if (i && same_dev(&t.queues[i].key.dev, &t.queues[i - 1].key.dev))
			continue;
		d = rxq_device(s, &t.queues[i].key.dev);
		if (!d)
			continue;
		n_views = build_views(s, &t, &d->id, views);
		if (s->co->json)
			json_device(s, &t, d, views, n_views);
		else
			text_device(s, &t, d, views, n_views);
	}
	report_end(s, &cnt, evicted, !t.n_queues);
	s->last_report_ns = now;
out:
	free(views);
	free(t.queues);
	free(t.paths);
	return ret;
}
