// SPDX-License-Identifier: GPL-2.0
/*
 * drops.c - drops as metrics: the drop table of `pktpath drops`
 * (read by drops_rows_read), per reason, function, device and namespace.
 * The live events are off (rate 0): only the table counts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "drops.skel.h"
#include "modes/drops/user.h"
#include "user.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/session.h"

struct export_drops {
	struct drops_opts opts;
	struct drops_state s;
	struct mode_run run;
	struct prom_family fam[2]; /* F_DROPS, F_BYTES */
};

enum { F_DROPS, F_BYTES, N_FAM };

static void drops_stop(void *st)
{
	struct export_drops *d = st;

	mode_stop(&d->run);
	prom_families_free(d->fam, N_FAM);
	free(d);
}

static void *drops_start(struct export_ctx *x, int *ret)
{
	static const char *const labels[] = { "reason", "function", "dev", "netns", NULL };
	struct export_drops *d = calloc(1, sizeof(*d));

	if (!d) {
		*ret = PP_EXIT_FAIL;
		return NULL;
	}
	d->opts.rate = 0; /* no live events: the table counts every drop */
	d->s.co = x->co;
	d->s.opts = &d->opts;
	d->fam[F_DROPS] = (struct prom_family){
		.name = "pktpath_drops_total",
		.help = "Packets the kernel dropped (kfree_skb), by drop reason, the function "
			"that dropped them, device and network namespace.",
		.limit = x->opts->max_series,
	};
	memcpy(d->fam[F_DROPS].label_names, labels, sizeof(labels));
	d->fam[F_BYTES] = d->fam[F_DROPS];
	d->fam[F_BYTES].name = "pktpath_drop_bytes_total";
	d->fam[F_BYTES].help = "Bytes of the dropped packets, from their network header.";
	export_register(x, &d->fam[F_DROPS]);
	export_register(x, &d->fam[F_BYTES]);
	*ret = mode_start(&d->run, &drops_mode, "export", x->co, &d->s, NULL);
	if (*ret) {
		drops_stop(d);
		return NULL;
	}
	return d;
}

static int drops_collect(void *st, struct export_ctx *x, FILE *out)
{
	struct export_drops *d = st;
	struct drops_row *rows;
	size_t n;
	int err = drops_rows_read(&d->s, &rows, &n);

	if (err)
		return err;
	prom_families_begin(d->fam, N_FAM);
	for (size_t i = 0; i < n && !err; i++) {
		const struct drops_row *r = &rows[i];
		char reason[64], fn[256];
		const char *values[4];

		drop_location_text(&d->s.names, r->key.location, false, fn, sizeof(fn));
		fn[strcspn(fn, "+")] = 0; /* the function, without the offset */
		values[0] = drop_reason_text(&d->s.names, r->key.reason, reason, sizeof(reason));
		values[1] = fn;
		values[2] = export_dev_name(&x->names, &r->key.dev, r->dev_name);
		values[3] = export_netns_name(r->key.dev.ifindex ? r->key.dev.netns : 0);
		err = prom_family_add(&d->fam[F_DROPS], values, r->count);
		if (!err)
			err = prom_family_add(&d->fam[F_BYTES], values, r->bytes);
	}
	free(rows);
	prom_families_end_write(d->fam, N_FAM, out);
	return err;
}

EXPORT_SKEL_ACCESSORS(drops, struct export_drops, s.skel)

const struct export_mode export_drops = {
	.name = "drops",
	.start = drops_start,
	.collect = drops_collect,
	.object = drops_object,
	.counters = drops_counters,
	.stop = drops_stop,
};
