// SPDX-License-Identifier: GPL-2.0
/*
 * prog_stats.c - pktpath's own cost in the kernel, per BPF program, from the
 * kernel's BPF statistics (see prog_stats.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "lib/names.h"
#include "lib/prog_sample.h"
#include "lib/prog_stats.h"
#include "lib/vec.h"

#define SRC_FD "BPF_ENABLE_STATS"
#define SRC_SYSCTL "kernel.bpf_stats_enabled"
#define SRC_SAMPLED "in-program"
#define STR_(x) #x
#define STR(x) STR_(x)
#define METHOD_SAMPLED "sampled 1/" STR(PP_COST_SAMPLE)
#define METHOD_ALL "every run"

int prog_stats_read(int prog_fd, uint64_t *runs, uint64_t *run_ns)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (prog_fd < 0)
		return -EBADF;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	*runs = info.run_cnt;
	*run_ns = info.run_time_ns;
	return 0;
}

uint32_t prog_id(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.id;
}

bool prog_stats_sysctl_on(void)
{
	long on = 0;

	return names_read_long("/proc/sys/kernel/bpf_stats_enabled", &on) == 0 && on == 1;
}

int prog_stats_enable(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);

	return fd < 0 ? (errno ? -errno : fd) : fd;
}

void prog_costs_start(struct prog_costs *pc)
{
	int fd = prog_stats_enable();

	pc->method = METHOD_ALL;
	if (fd >= 0) {
		pc->stats_fd = fd;
		pc->source = SRC_FD;
		return;
	}
	if (prog_stats_sysctl_on()) {
		pc->source = SRC_SYSCTL;
		return;
	}
	/* Not an error: the tracing itself does not depend on it. */
	pp_note("probe cost not measured: the kernel refused BPF statistics (BPF_ENABLE_STATS: "
		"%s) and kernel.bpf_stats_enabled is 0",
		strerror(-fd));
}

void prog_costs_start_sampled(struct prog_costs *pc, const struct bpf_object *obj,
			      const struct bpf_map *map)
{
	pc->source = SRC_SAMPLED;
	pc->method = METHOD_SAMPLED;
	pc->obj = obj;
	pc->sample_map = map;
}

static struct prog_cost *find_fd(const struct prog_costs *pc, int fd)
{
	for (size_t i = 0; i < pc->n; i++)
		if (pc->v[i].fd == fd)
			return &pc->v[i];
	return NULL;
}

bool prog_costs_has(const struct prog_costs *pc, int prog_fd)
{
	return find_fd(pc, prog_fd) != NULL;
}

void prog_costs_add(struct prog_costs *pc, const struct bpf_program *p, const char *stage,
		    const char *hook, const char *mech)
{
	int fd = p ? bpf_program__fd(p) : -1;
	struct prog_cost *c;
	size_t len;

	if (fd < 0)
		return; /* not loaded: not chosen on this kernel */
	c = find_fd(pc, fd);
	if (c) {
		/* One program serving several stages: its cost is theirs together. */
		len = strlen(c->label);
		if (stage && len + 1 + strlen(stage) < sizeof(c->label))
			snprintf(c->label + len, sizeof(c->label) - len, "%s%s", len ? "+" : "",
				 stage);
		return;
	}
	c = vec_push(&pc->v, &pc->n, &pc->cap, sizeof(*c));
	if (!c)
		return;
	snprintf(c->label, sizeof(c->label), "%s", stage ? stage : "");
	c->hook = hook;
	c->mech = mech;
	c->name = bpf_program__name(p);
	c->fd = fd;
	c->id = prog_id(fd);
	c->slot = pc->obj ? prog_sample_slot(pc->obj, c->name) : -1;
	if (pc->obj && c->slot < 0)
		pp_warn("probe cost: program %s has no cost slot: not measured", c->name);
}

/* The program's figures from its own accounting, or the kernel's. */
static int read_one(const struct prog_costs *pc, const struct prog_cost *c, uint64_t *runs,
		    uint64_t *sampled, uint64_t *ns)
{
	struct pp_cost_slot sum;
	int ret;

	if (!pc->sample_map) {
		ret = prog_stats_read(c->fd, runs, ns);
		*sampled = *runs;
		return ret;
	}
	if (c->slot < 0)
		return -ENOENT;
	ret = prog_sample_read(bpf_map__fd(pc->sample_map), c->slot, &sum);
	*runs = sum.runs;
	*sampled = sum.sampled;
	*ns = sum.ns;
	return ret;
}

void prog_costs_read(struct prog_costs *pc)
{
	for (size_t i = 0; i < pc->n; i++) {
		struct prog_cost *c = &pc->v[i];
		uint64_t runs, sampled, ns;

		/* A failed read keeps the last figures: they only grow. */
		if (!read_one(pc, c, &runs, &sampled, &ns)) {
			c->runs = runs;
			c->sampled = sampled;
			c->ns = ns;
		}
	}
}

void prog_costs_mark(struct prog_costs *pc)
{
	for (size_t i = 0; i < pc->n; i++) {
		pc->v[i].mark_runs = pc->v[i].runs;
		pc->v[i].mark_sampled = pc->v[i].sampled;
		pc->v[i].mark_ns = pc->v[i].ns;
	}
}

struct figures {
	uint64_t runs;
	uint64_t sampled;  /* of them, timed */
	double ns_per_run; /* < 0: no run timed */
	double total_ns;   /* all runs': ns_per_run times runs */
};

static struct figures figures(const struct prog_cost *c, bool since_mark)
{
	uint64_t sampled = c->sampled - (since_mark ? c->mark_sampled : 0);
	uint64_t ns = c->ns - (since_mark ? c->mark_ns : 0);
	struct figures f = { .runs = c->runs - (since_mark ? c->mark_runs : 0), .sampled = sampled };

	f.ns_per_run = sampled ? (double)ns / sampled : -1;
	f.total_ns = sampled ? f.ns_per_run * f.runs : 0;
	return f;
}

void prog_costs_text(const struct prog_costs *pc, bool since_mark, double seconds)
{
	uint64_t all_runs = 0;
	double all_ns = 0;
	size_t idle = 0;

	if (!pc->source || !pc->n)
		return;
	if (pc->sample_map)
		printf("\n  probe cost per program run (%s, %s; timed inside the program, "
		       "without the dispatch to it):\n",
		       pc->source, pc->method);
	else
		printf("\n  probe cost per program run (%s; includes the statistics' own tens of "
		       "ns):\n",
		       pc->source);
	printf("    %-32s %-10s %12s %9s %12s\n", "stage", "via", "runs", "ns/run", "total ms");
	for (size_t i = 0; i < pc->n; i++) {
		const struct prog_cost *c = &pc->v[i];
		struct figures f = figures(c, since_mark);
		char label[128], per[16];

		all_runs += f.runs;
		all_ns += f.total_ns;
		if (!f.runs) {
			idle++;
			continue;
		}
		if (c->label[0])
			snprintf(label, sizeof(label), "%s", c->label);
		else /* per-CPU context, no packet's stage: named by its hook */
			snprintf(label, sizeof(label), "(%s)", c->hook);
		/* Fewer runs than a sample's worth: none was timed. */
		if (f.ns_per_run < 0)
			snprintf(per, sizeof(per), "-");
		else
			snprintf(per, sizeof(per), "%.0f", f.ns_per_run);
		printf("    %-32s %-10s %12llu %9s %12.3f\n", label, c->mech,
		       (unsigned long long)f.runs, per, f.total_ns / 1e6);
	}
	printf("    %-32s %-10s %12llu %9s %12.3f", "all", "", (unsigned long long)all_runs, "",
	       all_ns / 1e6);
	if (seconds > 0)
		printf("  = %.2f%% of one CPU", all_ns / 1e7 / seconds);
	printf("\n");
	if (idle)
		printf("    (%zu more program%s attached, not run)\n", idle, idle == 1 ? "" : "s");
}

void prog_costs_json(const struct prog_costs *pc, struct json_writer *w, bool since_mark)
{
	json_key(w, "probe_cost_source");
	if (pc->source)
		json_string(w, pc->source);
	else
		json_null(w);
	json_key(w, "probe_cost_method");
	if (pc->source)
		json_string(w, pc->method);
	else
		json_null(w);
	json_key(w, "probe_cost");
	json_array_start(w);
	for (size_t i = 0; pc->source && i < pc->n; i++) {
		const struct prog_cost *c = &pc->v[i];
		struct figures f = figures(c, since_mark);

		json_object_start(w);
		json_key(w, "stage");
		if (c->label[0])
			json_string(w, c->label);
		else
			json_null(w);
		json_kv_str(w, "hook", c->hook);
		json_kv_str(w, "mechanism", c->mech);
		json_kv_str(w, "prog", c->name);
		json_kv_u64(w, "prog_id", c->id);
		json_kv_u64(w, "runs", f.runs);
		json_kv_u64(w, "sampled_runs", f.sampled);
		json_kv_u64(w, "total_ns", (uint64_t)(f.total_ns + 0.5));
		json_key(w, "ns_per_run");
		if (f.ns_per_run >= 0)
			json_double(w, f.ns_per_run);
		else
			json_null(w);
		json_object_end(w);
	}
	json_array_end(w);
}

void prog_costs_free(struct prog_costs *pc)
{
	if (pc->source && !strcmp(pc->source, SRC_FD))
		close(pc->stats_fd);
	free(pc->v);
	memset(pc, 0, sizeof(*pc));
}
