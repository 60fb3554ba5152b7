// SPDX-License-Identifier: GPL-2.0
/*
 * txq.c - TX queues as metrics: the per-queue totals of `pktpath
 * txq` (txq_tables_read, pending bursts included) per device and queue;
 * queue changes per device, counted from txq's change events; and, with
 * --flows N, packets of up to N flows (the busiest when they first appear;
 * every later flow is counted as flow="other").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "txq.skel.h"
#include "user.h"
#include "modes/txq/user.h"
#include "lib/flow.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/session.h"
#include "lib/vec.h"

#define TXQ_DEFAULT_MAX_FLOWS 16384

struct dev_changes {
	struct dev_name dev; /* the name the change event carried */
	uint64_t changes;
};

struct export_txq {
	struct txq_opts opts;
	struct txq_state s;
	struct mode_run run;
	struct dev_names devs; /* of struct dev_changes; bounded by the programs' device table */
	struct prom_family fam[4]; /* F_PACKETS... */
};

/* The flows' family last: it is only written with --flows. */
enum { F_PACKETS, F_BYTES, F_CHANGES, F_FLOWS, N_FAM };

/* Events: a new flow (nothing to do) or a flow moved to another queue. */
static int on_event(void *ctx, void *data, size_t len)
{
	struct export_txq *t = mode_state_owner(((struct pp_session *)ctx)->ctx, struct export_txq, s);
	const struct txq_event *e = data;
	struct dev_changes *d;

	if (len < sizeof(*e) || e->type != PP_EV_TXQ_CHANGE)
		return 0;
	d = dev_names_find(&t->devs, sizeof(*d), &e->dev, true);
	if (!d)
		return 0; /* out of memory: this change goes uncounted */
	if (!d->dev.named && e->dev_name[0]) {
		snprintf(d->dev.info.name, sizeof(d->dev.info.name), "%.*s",
			 (int)sizeof(e->dev_name), e->dev_name);
		d->dev.named = true;
	}
	d->changes++;
	return 0;
}

static void txq_stop(void *st)
{
	struct export_txq *t = st;

	mode_stop(&t->run);
	prom_families_free(t->fam, N_FAM);
	dev_names_free(&t->devs);
	free(t);
}

static void families_init(struct export_txq *t, struct export_ctx *x)
{
	t->fam[F_PACKETS] = (struct prom_family){
		.name = "pktpath_txq_packets_total",
		.help = "Packets (segments, as qdiscs count them) sent on each TX queue, at "
			"net_dev_start_xmit.",
		.label_names = { "dev", "netns", "queue" },
		.limit = x->opts->max_series,
	};
	t->fam[F_BYTES] = t->fam[F_PACKETS];
	t->fam[F_BYTES].name = "pktpath_txq_bytes_total";
	t->fam[F_BYTES].help = "Bytes sent on each TX queue.";
	t->fam[F_CHANGES] = (struct prom_family){
		.name = "pktpath_txq_queue_changes_total",
		.help = "Times a flow moved to another TX queue of the device.",
		.label_names = { "dev", "netns" },
		.limit = x->opts->max_series,
	};
	t->fam[F_FLOWS] = (struct prom_family){
		.name = "pktpath_txq_flow_packets_total",
		.help = "Packets of a flow (--flows N: up to N flows, the busiest when first "
			"seen; the rest are flow=\"other\").",
		.label_names = { "dev", "netns", "flow" },
		.limit = x->opts->flows,
	};
	for (int i = 0; i < N_FAM; i++)
		if (i != F_FLOWS || x->opts->flows)
			export_register(x, &t->fam[i]);
}

static void *txq_start(struct export_ctx *x, int *ret)
{
	struct export_txq *t = calloc(1, sizeof(*t));

	if (!t) {
		*ret = PP_EXIT_FAIL;
		return NULL;
	}
	t->opts.max_flows = TXQ_DEFAULT_MAX_FLOWS;
	t->s.co = x->co;
	t->s.opts = &t->opts;
	families_init(t, x);
	*ret = mode_start(&t->run, &txq_mode, "export", x->co, &t->s, on_event);
	if (*ret) {
		txq_stop(t);
		return NULL;
	}
	return t;
}

static int add_queues(struct export_txq *t, struct export_ctx *x, const struct txq_tables *tb)
{
	int err = 0;

	for (size_t i = 0; i < tb->n_queues && !err; i++) {
		const struct txq_queue_row *r = &tb->queues[i];
		struct txq_device *d = txq_device(&t->s, &r->key.dev);
		char queue[16];
		const char *values[3] = { export_dev_name(&x->names, &r->key.dev,
							  d && d->dev.named ? d->dev.info.name : NULL),
					  export_netns_name(r->key.dev.netns), queue };

		snprintf(queue, sizeof(queue), "%u", r->key.queue);
		err = prom_family_add(&t->fam[F_PACKETS], values, r->st.packets);
		if (!err)
			err = prom_family_add(&t->fam[F_BYTES], values, r->st.bytes);
	}
	for (size_t i = 0; i < t->devs.n && !err; i++) {
		const struct dev_changes *d = (const struct dev_changes *)t->devs.entries + i;
		const char *values[2] = { export_dev_name(&x->names, &d->dev.id,
							  d->dev.named ? d->dev.info.name : NULL),
					  export_netns_name(d->dev.id.netns) };

		err = prom_family_add(&t->fam[F_CHANGES], values, d->changes);
	}
	return err;
}

static int cmp_packets(const void *a, const void *b)
{
	const struct flow_row *x = a, *y = b;

	return x->st.packets < y->st.packets ? 1 : x->st.packets > y->st.packets ? -1 : 0;
}

static int add_flows(struct export_txq *t, struct export_ctx *x, struct txq_tables *tb)
{
	int err = 0;

	/* Busiest first: a flow new to this scrape takes a free series before
	 * the quieter ones. */
	if (tb->n_flows)
		qsort(tb->flows, tb->n_flows, sizeof(*tb->flows), cmp_packets);
	for (size_t i = 0; i < tb->n_flows && !err; i++) {
		const struct flow_row *r = &tb->flows[i];
		struct txq_device *d = txq_device(&t->s, &r->key.dev);
		char flow[160];
		const char *values[3] = { export_dev_name(&x->names, &r->key.dev,
							  d && d->dev.named ? d->dev.info.name : NULL),
					  export_netns_name(r->key.dev.netns),
					  flow_format(&r->key.flow, flow, sizeof(flow)) };

		err = prom_family_add(&t->fam[F_FLOWS], values, r->st.packets);
	}
	return err;
}

static int txq_collect(void *st, struct export_ctx *x, FILE *out)
{
	struct export_txq *t = st;
	struct txq_tables tb;
	int err = txq_tables_read(&t->s, &tb);

	prom_families_begin(t->fam, N_FAM);
	if (!err)
		err = add_queues(t, x, &tb);
	if (!err && x->opts->flows)
		err = add_flows(t, x, &tb);
	free(tb.queues);
	free(tb.flows);
	prom_families_end_write(t->fam, x->opts->flows ? N_FAM : F_FLOWS, out);
	return err;
}

EXPORT_SKEL_ACCESSORS(txq, struct export_txq, s.skel)
EXPORT_EVENT_ACCESSORS(txq, struct export_txq)

const struct export_mode export_txq = {
	.name = "txq",
	.start = txq_start,
	.collect = txq_collect,
	.object = txq_object,
	.counters = txq_counters,
	.event_fd = txq_event_fd,
	.events = txq_events,
	.stop = txq_stop,
};
