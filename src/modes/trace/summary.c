// SPDX-License-Identifier: GPL-2.0
/*
 * summary.c - the records the kernel still holds (closed as expired
 * after --linger, or shown as in flight at the end), and the summary: how
 * packets ended, drop reasons, what each interrupt did, and every loss.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "user.h"
#include "lib/counters.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "lib/vec.h"

/*
 * The records of packets idle for --linger (all: every record left). The
 * state table is an array of slots (state.bpf.h) that only the
 * programs write: a slot whose packet is closed here keeps its state until
 * a new packet takes it, and deleting the packet's log from trace_logs is
 * what closes it (the programs or this, whichever deletes it first; the
 * other finds no log). Slots are read in batches of SWEEP_BATCH.
 */
#define SWEEP_BATCH 1024

static void close_slot(struct trace_state *s, int log_fd, const struct trace_skb *st,
		       struct trace_packet *p, uint64_t now, uint64_t linger, bool all)
{
	bool idle = now > st->last_ts && now - st->last_ts > linger;

	if (!st->skb || st->verdict != TRACE_MATCH || (!idle && !all))
		return;
	if (bpf_map_lookup_elem(log_fd, &st->skb, p) || bpf_map_delete_elem(log_fd, &st->skb))
		return;
	/* 6.x frees received skbs without a tracepoint: one that reached its
	 * socket has come to its end. */
	p->end = st->flags & SKB_F_SOCKET ? PP_END_DELIVERED : idle ? PP_END_EXPIRED : PP_END_RUNNING;
	trace_print_packet(s, p);
}

void trace_flush_table(struct trace_state *s, bool all)
{
	struct trace_bpf *skel = s->setup.skel;
	int fd = bpf_map__fd(skel->maps.trace_skbs), log_fd = bpf_map__fd(skel->maps.trace_logs);
	uint64_t now = timefmt_mono_now_ns(), linger = (uint64_t)(s->opts->linger * 1e9);
	uint32_t slots = bpf_map__max_entries(skel->maps.trace_skbs), keys[SWEEP_BATCH];
	struct trace_packet *p = malloc(sizeof(*p));
	struct trace_skb *st = calloc(SWEEP_BATCH, sizeof(*st));

	/* latency keeps no logs: nothing to close. */
	if (p && st && !s->setup.latency) {
		uint32_t token = 0, *in = NULL, count, seen = 0;
		int err;

		do {
			count = SWEEP_BATCH;
			err = bpf_map_lookup_batch(fd, in, &token, keys, st, &count, NULL);
			if (err && errno != ENOENT)
				break;
			for (uint32_t i = 0; i < count; i++)
				close_slot(s, log_fd, &st[i], p, now, linger, all);
			in = &token;
			seen += count;
		} while (!err && seen < slots);
	}
	free(st);
	free(p);
}

/* ---- per IRQ ---------------------------------------------------------- */

struct irq_row {
	int32_t irq;
	struct trace_irq_stats st;
};

static int cmp_irq(const void *a, const void *b)
{
	return ((const struct irq_row *)a)->irq - ((const struct irq_row *)b)->irq;
}

static struct irq_row *read_irqs(struct trace_state *s, size_t *n)
{
	int fd = bpf_map__fd(s->setup.skel->maps.trace_irqs);
	size_t cap = 0, max = bpf_map__max_entries(s->setup.skel->maps.trace_irqs);
	struct irq_row *rows = NULL, *r;
	int32_t key, *prev = NULL, last;

	*n = 0;
	/* Bounded like table_keys(), for the same reason. */
	while (*n < max && !bpf_map_get_next_key(fd, prev, &key)) {
		last = key;
		prev = &last;
		r = vec_push(&rows, n, &cap, sizeof(*r));
		if (!r)
			break;
		r->irq = key;
		if (bpf_map_lookup_elem(fd, &key, &r->st))
			(*n)--;
	}
	if (*n)
		qsort(rows, *n, sizeof(*rows), cmp_irq);
	return rows;
}

static void summary_json(struct trace_state *s, bool final, const struct irq_row *irqs,
			 size_t n_irqs, const struct pp_counters *cnt, double elapsed)
{
	struct json_writer *w = &s->json;
	char when[40], name[160];

	timefmt_iso(timefmt_mono_now_ns(), s->wall_offset_ns, when, sizeof(when));
	json_object_start(w);
	json_kv_str(w, "type", final ? "summary" : "interval");
	json_kv_str(w, "time", when);
	json_kv_double(w, "elapsed_s", elapsed);
	json_kv_u64(w, "packets", s->packets);
	json_kv_double(w, "packets_per_s", elapsed > 0 ? s->packets / elapsed : 0);
	json_kv_u64(w, "stages", s->stages);
	json_key(w, "ends");
	json_object_start(w);
	for (unsigned int e = 0; e <= PP_END_RUNNING; e++)
		json_kv_u64(w, trace_end_name(e), s->ends[e]);
	json_object_end(w);
	json_kv_u64(w, "clones", s->clones);
	json_key(w, "drop_reasons");
	json_object_start(w);
	for (unsigned int i = 0; i < s->n_drop_reasons; i++)
		json_kv_u64(w, trace_reason_name(s, s->drops[i].reason, name, sizeof(name)),
			    s->drops[i].count);
	json_object_end(w);
	json_key(w, "irqs");
	json_array_start(w);
	for (size_t i = 0; i < n_irqs; i++) {
		json_object_start(w);
		json_kv_i64(w, "irq", irqs[i].irq);
		json_kv_str(w, "name", irqs[i].st.name);
		json_kv_u64(w, "interrupts", irqs[i].st.interrupts);
		json_kv_u64(w, "raised_net_rx", irqs[i].st.raised);
		json_kv_u64(w, "packets", irqs[i].st.packets);
		json_object_end(w);
	}
	json_array_end(w);
	json_kv_str(w, "stages_missing", s->setup.missing);
	json_kv_u64(w, "stages_lost", s->stages_lost);
	prog_costs_json(&s->setup.cost, w, false);
	counters_report(cnt, w);
	json_object_end(w);
}

static void summary_text(struct trace_state *s, bool final, const struct irq_row *irqs,
			 size_t n_irqs, const struct pp_counters *cnt, double elapsed)
{
	char name[160];

	printf("\n%s after %.1f s: %llu packets traced (%.0f/s)", final ? "Summary" : "So far",
	       elapsed, (unsigned long long)s->packets, elapsed > 0 ? s->packets / elapsed : 0);
	for (unsigned int e = 0; e <= PP_END_RUNNING; e++)
		if (s->ends[e])
			printf(", %llu %s", (unsigned long long)s->ends[e], trace_end_name(e));
	if (s->clones)
		printf(", %llu clones", (unsigned long long)s->clones);
	printf("\n");
	for (unsigned int i = 0; i < s->n_drop_reasons; i++)
		printf("  dropped: %llu %s\n", (unsigned long long)s->drops[i].count,
		       trace_reason_name(s, s->drops[i].reason, name, sizeof(name)));
	for (size_t i = 0; i < n_irqs; i++) {
		/* The interrupts that had to do with receiving. */
		if (!irqs[i].st.raised && !irqs[i].st.packets)
			continue;
		printf("  IRQ %d %s: %llu interrupts, %llu raised NET_RX, %llu packets\n",
		       irqs[i].irq, irqs[i].st.name, (unsigned long long)irqs[i].st.interrupts,
		       (unsigned long long)irqs[i].st.raised,
		       (unsigned long long)irqs[i].st.packets);
	}
	if (s->stages_lost)
		pp_warn("%llu stages were not kept: packets had more than %d",
			(unsigned long long)s->stages_lost, PP_TRACE_MAX_STAGES);
	prog_costs_text(&s->setup.cost, false, elapsed);
	counters_report(cnt, NULL);
}

int trace_summary(struct trace_state *s, bool final)
{
	double elapsed = (timefmt_mono_now_ns() - s->start_ns) / 1e9;
	struct pp_counters cnt = { 0 };
	struct irq_row *irqs;
	size_t n_irqs;

	if (final)
		trace_flush_table(s, true);
	counters_read(s->setup.skel->maps.pp_counters, &cnt);
	prog_costs_read(&s->setup.cost);
	irqs = read_irqs(s, &n_irqs);
	if (s->co->json)
		summary_json(s, final, irqs, n_irqs, &cnt, elapsed);
	else
		summary_text(s, final, irqs, n_irqs, &cnt, elapsed);
	free(irqs);
	return 0;
}
