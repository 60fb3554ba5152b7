// SPDX-License-Identifier: GPL-2.0
/*
 * otherhost.c - frames for another host's MAC, per device: the
 * (device, foreign MAC) table of `pktpath otherhost` (otherhost_rows_read)
 * summed over the MACs, which are not labels (a flood of random MACs would
 * be a flood of series).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "otherhost.skel.h"
#include "modes/drops/user.h"
#include "user.h"
#include "modes/otherhost/user.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/session.h"

struct export_otherhost {
	struct drops_opts opts;
	struct otherhost_state s;
	struct mode_run run;
	struct prom_family fam[2]; /* F_FRAMES, F_DROPPED */
};

enum { F_FRAMES, F_DROPPED, N_FAM };

static void otherhost_stop(void *st)
{
	struct export_otherhost *o = st;

	mode_stop(&o->run);
	prom_families_free(o->fam, N_FAM);
	free(o);
}

static void *otherhost_start(struct export_ctx *x, int *ret)
{
	struct export_otherhost *o = calloc(1, sizeof(*o));

	if (!o) {
		*ret = PP_EXIT_FAIL;
		return NULL;
	}
	o->opts.rate = 0; /* no live events */
	o->s.co = x->co;
	o->s.opts = &o->opts;
	o->fam[F_FRAMES] = (struct prom_family){
		.name = "pktpath_otherhost_frames_total",
		.help = "Frames whose destination MAC is another host's (PACKET_OTHERHOST), as "
			"netif_receive_skb met them, by device and network namespace.",
		.label_names = { "dev", "netns" },
		.limit = x->opts->max_series,
	};
	o->fam[F_DROPPED] = o->fam[F_FRAMES];
	o->fam[F_DROPPED].name = "pktpath_otherhost_dropped_total";
	o->fam[F_DROPPED].help = "Of those frames, the ones the kernel then dropped.";
	export_register(x, &o->fam[F_FRAMES]);
	export_register(x, &o->fam[F_DROPPED]);
	*ret = mode_start(&o->run, &otherhost_mode, "export", x->co, &o->s, NULL);
	if (*ret) {
		otherhost_stop(o);
		return NULL;
	}
	return o;
}

static int otherhost_collect(void *st, struct export_ctx *x, FILE *out)
{
	struct export_otherhost *o = st;
	struct otherhost_row *rows;
	size_t n;
	int err = otherhost_rows_read(&o->s, &rows, &n);

	if (err)
		return err;
	prom_families_begin(o->fam, N_FAM);
	for (size_t i = 0; i < n && !err; i++) {
		const struct otherhost_row *r = &rows[i];
		const char *values[2] = { export_dev_name(&x->names, &r->key.dev, r->dev_name),
					  export_netns_name(r->key.dev.netns) };

		err = prom_family_add(&o->fam[F_FRAMES], values, r->received);
		if (!err)
			err = prom_family_add(&o->fam[F_DROPPED], values, r->dropped);
	}
	free(rows);
	prom_families_end_write(o->fam, N_FAM, out);
	return err;
}

EXPORT_SKEL_ACCESSORS(otherhost, struct export_otherhost, s.skel)

const struct export_mode export_otherhost = {
	.name = "otherhost",
	.start = otherhost_start,
	.collect = otherhost_collect,
	.object = otherhost_object,
	.counters = otherhost_counters,
	.stop = otherhost_stop,
};
