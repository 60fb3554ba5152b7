// SPDX-License-Identifier: GPL-2.0
/*
 * rxq.c - RX queues and CPUs as metrics: the per-queue totals of
 * `pktpath rxq` (rxq_tables_read, one row per stack CPU) per device, RX
 * queue and the CPU that processed the packets after RPS/RFS; packets
 * steered to another CPU than the hand-off's, per device; and, with
 * --flows N, packets of up to N flows (the busiest when they first appear;
 * every later flow is counted as flow="other").
 *
 * The queue table is never evicted from, so its counters only grow; the
 * flow table is an LRU, and prom.c keeps a flow's series from going down.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "rxq.skel.h"
#include "user.h"
#include "modes/rxq/user.h"
#include "lib/flow.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/session.h"

#define RXQ_EXPORT_MAX_FLOWS 16384
#define RXQ_EXPORT_MAX_PACKETS 16384

struct export_rxq {
	struct rxq_opts opts;
	struct rxq_state s;
	struct mode_run run;
	struct prom_family fam[4]; /* F_PACKETS... */
};

/* The flows' family last: it is only written with --flows. */
enum { F_PACKETS, F_BYTES, F_STEERED, F_FLOWS, N_FAM };

/* New flows and moves are rxq's screen output; the metrics come from the
 * tables. Reading the ring keeps it from filling (events_lost). */
static int on_event(void *ctx, void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

static void rxq_stop(void *st)
{
	struct export_rxq *t = st;

	mode_stop(&t->run);
	prom_families_free(t->fam, N_FAM);
	free(t);
}

static void families_init(struct export_rxq *t, struct export_ctx *x)
{
	t->fam[F_PACKETS] = (struct prom_family){
	    .name = "pktpath_rxq_packets_total",
	    .help = "Packets (segments) received on each RX queue (\"none\": the driver "
		    "recorded none), by the CPU that processed them at netif_receive_skb "
		    "(after RPS/RFS).",
	    .label_names = {"dev", "netns", "queue", "rps_cpu"},
	    .limit = x->opts->max_series,
	};
	t->fam[F_BYTES] = t->fam[F_PACKETS];
	t->fam[F_BYTES].name = "pktpath_rxq_bytes_total";
	t->fam[F_BYTES].help = "Bytes received on each RX queue, by processing CPU.";
	t->fam[F_STEERED] = (struct prom_family){
	    .name = "pktpath_rxq_steered_packets_total",
	    .help = "Packets processed on another CPU than the one that handed them to the "
		    "stack (RPS/RFS: an inter-processor interrupt per batch).",
	    .label_names = {"dev", "netns"},
	    .limit = x->opts->max_series,
	};
	t->fam[F_FLOWS] = (struct prom_family){
	    .name = "pktpath_rxq_flow_packets_total",
	    .help = "Packets received of a flow (--flows N: up to N flows, the busiest when "
		    "first seen; the rest are flow=\"other\").",
	    .label_names = {"dev", "netns", "flow"},
	    .limit = x->opts->flows,
	};
	for (int i = 0; i < N_FAM; i++)
		if (i != F_FLOWS || x->opts->flows)
			export_register(x, &t->fam[i]);
}

static void *rxq_start(struct export_ctx *x, int *ret)
{
	struct export_rxq *t = calloc(1, sizeof(*t));

	if (!t) {
		*ret = PP_EXIT_FAIL;
		return NULL;
	}
	t->opts.max_flows = RXQ_EXPORT_MAX_FLOWS;
	t->opts.max_packets = RXQ_EXPORT_MAX_PACKETS;
	t->s.co = x->co;
	t->s.opts = &t->opts;
	families_init(t, x);
	*ret = mode_start(&t->run, &rxq_mode, "export", x->co, &t->s, on_event);
	if (*ret) {
		rxq_stop(t);
		return NULL;
	}
	return t;
}

/* dev and netns label values of a device. */
static void dev_labels(struct export_rxq *t, struct export_ctx *x, const struct pp_dev_id *id,
		       const char **values)
{
	struct rxq_device *d = rxq_device(&t->s, id);

	values[0] = export_dev_name(&x->names, id, d && d->dev.named ? d->dev.info.name : NULL);
	values[1] = export_netns_name(id->netns);
}

static int add_queues(struct export_rxq *t, struct export_ctx *x, const struct rxq_tables *tb)
{
	int err = 0;

	for (size_t i = 0; i < tb->n_queues && !err; i++) {
		const struct rxq_queue_row *r = &tb->queues[i];
		char queue[16] = "none", cpu[16];
		const char *values[4] = {NULL, NULL, queue, cpu};

		dev_labels(t, x, &r->key.dev, values);
		if (r->key.queue != RXQ_NO_QUEUE)
			snprintf(queue, sizeof(queue), "%u", r->key.queue);
		snprintf(cpu, sizeof(cpu), "%u", r->rps_cpu);
		err = prom_family_add(&t->fam[F_PACKETS], values, r->st.packets);
		if (!err)
			err = prom_family_add(&t->fam[F_BYTES], values, r->st.bytes);
		if (!err) /* rows of a device add up */
			err = prom_family_add(&t->fam[F_STEERED], values, r->st.steered);
	}
	return err;
}

static int cmp_packets(const void *a, const void *b)
{
	const struct rxq_path_row *x = a, *y = b;

	return x->st.packets < y->st.packets ? 1 : x->st.packets > y->st.packets ? -1 : 0;
}

static int add_flows(struct export_rxq *t, struct export_ctx *x, struct rxq_tables *tb)
{
	int err = 0;

	/* Busiest first: a flow new to this scrape takes a free series before
	 * the quieter ones. A flow's ways in add up in its series. */
	if (tb->n_paths)
		qsort(tb->paths, tb->n_paths, sizeof(*tb->paths), cmp_packets);
	for (size_t i = 0; i < tb->n_paths && !err; i++) {
		const struct rxq_path_row *r = &tb->paths[i];
		char flow[160];
		const char *values[3] = {NULL, NULL, flow_format(&r->key.flow, flow, sizeof(flow))};

		dev_labels(t, x, &r->key.dev, values);
		err = prom_family_add(&t->fam[F_FLOWS], values, r->st.packets);
	}
	return err;
}

static int rxq_collect(void *st, struct export_ctx *x, FILE *out)
{
	struct export_rxq *t = st;
	struct rxq_tables tb;
	int err = rxq_tables_read(&t->s, &tb, true);

	prom_families_begin(t->fam, N_FAM);
	if (!err)
		err = add_queues(t, x, &tb);
	if (!err && x->opts->flows)
		err = add_flows(t, x, &tb);
	free(tb.queues);
	free(tb.paths);
	prom_families_end_write(t->fam, x->opts->flows ? N_FAM : F_FLOWS, out);
	return err;
}

EXPORT_SKEL_ACCESSORS(rxq, struct export_rxq, s.skel)
EXPORT_EVENT_ACCESSORS(rxq, struct export_rxq)

const struct export_mode export_rxq = {
    .name = "rxq",
    .start = rxq_start,
    .collect = rxq_collect,
    .object = rxq_object,
    .counters = rxq_counters,
    .event_fd = rxq_event_fd,
    .events = rxq_events,
    .stop = rxq_stop,
};
