/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog_stats.h - what pktpath's own BPF programs cost the kernel, from the
 * kernel's BPF statistics (run_time_ns and run_cnt of struct bpf_prog_info).
 *
 * The kernel counts them only while statistics are on: while a
 * BPF_ENABLE_STATS file descriptor is open (CAP_SYS_ADMIN, Linux 5.8+), or
 * while the sysctl kernel.bpf_stats_enabled is 1. Counting wraps every
 * program run, on the whole machine, in two clock reads: the figures include
 * the one between them (tens of ns), and every program pays both.
 *
 * The other source, and the default where the object has it: the
 * programs' own accounting (src/bpf/cost.bpf.h), every run counted and one
 * in PP_COST_SAMPLE timed, at no cost to the rest of the machine.
 *
 * A mode says which program serves which of its stages (prog_costs_add);
 * the summaries then print, per program, runs, ns per run and the total,
 * for the whole run or since the previous report (prog_costs_mark).
 */
#ifndef PP_PROG_STATS_H
#define PP_PROG_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/json.h"

struct bpf_map;
struct bpf_object;
struct bpf_program;

/* The cumulative run count and run time of a loaded program. 0 or -errno. */
int prog_stats_read(int prog_fd, uint64_t *runs, uint64_t *run_ns);

/* The sysctl kernel.bpf_stats_enabled is 1 (counting for everyone). */
bool prog_stats_sysctl_on(void);

/*
 * Turn counting on for as long as the returned descriptor is open
 * (BPF_ENABLE_STATS). -errno when the kernel refuses (no privilege, a
 * kernel before 5.8).
 */
int prog_stats_enable(void);

/* The kernel's id of a loaded program (what bpftool shows); 0 if unknown. */
uint32_t prog_id(int prog_fd);

struct prog_cost {
	char label[96];      /* the stage(s) it serves, or "" when none */
	const char *hook;    /* its hook point (or its program's name) */
	const char *mech;    /* "tp_btf", "fexit"...: how it is attached */
	const char *name;    /* the BPF program's name */
	int fd;              /* owned by the mode's skeleton */
	uint32_t id;         /* the kernel's program id, as bpftool shows it */
	int slot;            /* in the in-program accounting; -1 none */
	/* Cumulative, at the last prog_costs_read(): every run, the runs
	 * timed (all of them under the kernel's statistics) and their ns. */
	uint64_t runs, sampled, ns;
	uint64_t mark_runs, mark_sampled, mark_ns; /* at the last prog_costs_mark() */
};

struct prog_costs {
	int stats_fd;        /* BPF_ENABLE_STATS's, when source says so */
	const char *source;  /* what counts: "in-program", "BPF_ENABLE_STATS" or
			      * "kernel.bpf_stats_enabled"; NULL: not measured */
	const char *method;  /* "sampled 1/64", or "every run" */
	const struct bpf_object *obj;  /* in-program: the programs' object */
	const struct bpf_map *sample_map; /* ... and its per-CPU slots */
	struct prog_cost *v;
	size_t n, cap;
};

/*
 * Turn counting on for the run (before the programs are attached, so it
 * counts from their first run). Where it cannot, one note says why and the
 * summaries leave the figures out: not an error.
 */
void prog_costs_start(struct prog_costs *pc);
/* Or read the in-program accounting of obj's programs from map (its
 * programs must have it turned on before they load). */
void prog_costs_start_sampled(struct prog_costs *pc, const struct bpf_object *obj,
			      const struct bpf_map *map);

/*
 * Program p (skipped when not loaded) serves stage (NULL: no stage) at hook,
 * attached by mech. A program met again (one program at several hooks) gets
 * the other stage added to its label.
 */
void prog_costs_add(struct prog_costs *pc, const struct bpf_program *p, const char *stage,
		    const char *hook, const char *mech);
/* Whether the program with this descriptor is in the table. */
bool prog_costs_has(const struct prog_costs *pc, int prog_fd);

/* Read every program's figures now (after a detach they stay as they are). */
void prog_costs_read(struct prog_costs *pc);
/* Make the figures read last the start of the next "since" report. */
void prog_costs_mark(struct prog_costs *pc);

/* A line per program that ran (since the mark when since_mark), and the
 * total over `seconds` as a share of one CPU. Nothing when not measured. */
void prog_costs_text(const struct prog_costs *pc, bool since_mark, double seconds);
/* "probe_cost_source", "probe_cost_method" and "probe_cost": [{stage, hook,
 * mechanism, prog, prog_id, runs, sampled_runs, total_ns, ns_per_run}],
 * every attached program. Sampled, total_ns is ns_per_run times runs. */
void prog_costs_json(const struct prog_costs *pc, struct json_writer *w, bool since_mark);

/* Counting off again (if pktpath turned it on), the table freed. */
void prog_costs_free(struct prog_costs *pc);

#endif
