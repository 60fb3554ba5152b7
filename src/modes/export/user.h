/* SPDX-License-Identifier: GPL-2.0 */
/*
 * user.h - what `pktpath export` (export.c: options, the loop, /metrics)
 * shares with its modes (drops.c, txq.c, latency.c,
 * otherhost.c, rxq.c) and its names and self metrics (names.c,
 * self.c).
 *
 * Each mode loads the BPF side of the command of the same name, keeps its
 * in-kernel aggregation running for the whole run, and on every scrape
 * reads the tables with that command's own reader and writes them as
 * Prometheus metrics. A mode is one entry in export_modes[].
 */
#ifndef PP_CMD_EXPORT_H
#define PP_CMD_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pktpath.h"
#include "lib/opts.h"
#include "lib/prom.h"

struct bpf_map;
struct bpf_object;

#define EXPORT_DEFAULT_LISTEN "127.0.0.1:9464"
#define EXPORT_DEFAULT_MODES "drops,txq,latency,otherhost"
#define EXPORT_DEFAULT_MAX_SERIES 1000
#define EXPORT_TICK_MS 20

struct export_opts {
	const char *listen;       /* ADDR:PORT */
	const char *modes;        /* the --modes list, as given */
	unsigned long flows;      /* --flows N: per-flow series; 0 none */
	unsigned long max_series; /* per metric, before "other" */
	bool prog_stats;          /* --prog-stats: BPF_ENABLE_STATS while running */
};

/* Device and namespace names: cached, and read again on SIGHUP. */
struct export_dev_name {
	struct pp_dev_id id;
	char name[PP_IFNAMSIZ];
};

struct export_ns_name {
	uint32_t inode;
	char name[64];
	double checked;  /* when a name was last looked for (unnamed ones) */
};

struct export_names {
	struct export_dev_name *devs;
	size_t n, cap;
	struct export_ns_name *ns;
	size_t n_ns, cap_ns;
};

/* The name of a device ("none" without one); bpf_name is what the
 * programs recorded, used when the device is new to the cache. */
const char *export_dev_name(struct export_names *n, const struct pp_dev_id *id,
			    const char *bpf_name);
/* "host", an `ip netns` name, "pid:N", "ns:INODE", or "none" for 0. A
 * namespace nobody names (a dead one) is looked up again at most every
 * EXPORT_UNNAMED_RETRY_S: a lookup scans /proc. */
#define EXPORT_UNNAMED_RETRY_S 10.0
const char *export_netns_name(struct export_names *n, uint32_t inode);
/* SIGHUP: every cached device's current name, from inside its namespace,
 * and the namespace names afresh. */
void export_names_reload(struct export_names *n);
void export_names_free(struct export_names *n);

#define EXPORT_MAX_FAMILIES 16

/* What every mode gets. */
struct export_ctx {
	const struct pp_common_opts *co;
	const struct export_opts *opts;
	struct export_names names;
	/* The bounded families of all modes, for their bookkeeping metrics. */
	const struct prom_family *families[EXPORT_MAX_FAMILIES];
	size_t n_families;
};

/* A mode's bounded family, registered when the mode starts. */
void export_register(struct export_ctx *x, const struct prom_family *f);

struct export_mode {
	const char *name;
	/* Load and attach; returns the mode's state, or NULL with *ret set. */
	void *(*start)(struct export_ctx *x, int *ret);
	/* Read the tables and write the mode's metrics. Returns 0 or -errno. */
	int (*collect)(void *st, struct export_ctx *x, FILE *out);
	struct bpf_object *(*object)(void *st);
	const struct bpf_map *(*counters)(void *st); /* its pp_counters */
	/* Optional: called every loop round (at most EXPORT_TICK_MS apart). */
	void (*tick)(void *st);
	/* Optional: an fd to poll for events, and what to do when it fires. */
	int (*event_fd)(void *st);
	void (*events)(void *st);
	void (*stop)(void *st);
};

extern const struct export_mode export_drops, export_txq, export_latency, export_otherhost,
	export_rxq;

/* ---- self.c: the exporter's own metrics ------------------------- */

struct export_running {
	const struct export_mode *mode;
	void *st;
};

/* Loss counters of every mode's programs (pktpath_losses_total). */
void export_self_losses(const struct export_running *r, size_t n, FILE *out);
/* BPF run time and runs per program (pktpath_bpf_prog_*). */
void export_self_prog_stats(const struct export_running *r, size_t n, bool stats_on, FILE *out);

/* Scrape durations as a histogram (pktpath_export_scrape_duration_seconds). */
#define EXPORT_SCRAPE_BUCKETS 10
struct export_scrapes {
	uint64_t buckets[EXPORT_SCRAPE_BUCKETS]; /* not cumulative */
	uint64_t count;
	double sum;
};

void export_scrapes_add(struct export_scrapes *s, double seconds);
void export_scrapes_write(const struct export_scrapes *s, FILE *out);

/* Every registered family's series, and rows folded into "other". */
void export_family_stats(const struct export_ctx *x, FILE *out);

#endif
