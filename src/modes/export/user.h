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
#include "lib/names.h"
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

/* Device names (of struct dev_name): cached, and read again on SIGHUP. */
struct export_names {
	struct dev_names devs;
};

/* The name of a device ("none" without one); bpf_name is what the
 * programs recorded, taken while the cache has no name but "ifN". */
const char *export_dev_name(struct export_names *n, const struct pp_dev_id *id,
			    const char *bpf_name);
/* names_netns(), with "none" for 0 (a label cannot be null). */
const char *export_netns_name(uint32_t inode);
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

/*
 * A mode's object and counters accessors, for its state type whose member
 * `skel` (a path such as s.skel) is the skeleton; and the event ones, for
 * a state whose member sess is its session. One definition for every mode.
 */
#define EXPORT_SKEL_ACCESSORS(prefix, type, skel)                    \
	static struct bpf_object *prefix##_object(void *st)          \
	{                                                            \
		return ((type *)st)->skel->obj;                      \
	}                                                            \
	static const struct bpf_map *prefix##_counters(void *st)     \
	{                                                            \
		return ((type *)st)->skel->maps.pp_counters;         \
	}
#define EXPORT_EVENT_ACCESSORS(prefix, type)                         \
	static int prefix##_event_fd(void *st)                       \
	{                                                            \
		return ring_buffer__epoll_fd(((type *)st)->run.sess.rb); \
	}                                                            \
	static void prefix##_events(void *st)                        \
	{                                                            \
		ring_buffer__consume(((type *)st)->run.sess.rb);     \
	}

extern const struct export_mode export_drops, export_txq, export_latency, export_otherhost,
	export_rxq;

/* ---- self.c: the exporter's own metrics ------------------------- */

struct export_running {
	const struct export_mode *mode;
	void *st;
	/* The highest value of each loss counter served so far: a derived one
	 * (rxq_unseen, a difference of two counts read apart) may dip while
	 * packets are in flight, and a Prometheus counter must not go back. */
	uint64_t losses_served[PP_CNT_MAX];
};

/* Loss counters of every mode's programs (pktpath_losses_total). */
void export_self_losses(struct export_running *r, size_t n, FILE *out);
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
