// SPDX-License-Identifier: GPL-2.0
/*
 * cost.c - which of trace's (and latency's) programs serves which
 * stage, for the probe cost in their summaries. Read from the hooks that
 * were chosen (t->hp, t->choices) and their stages (trace_hook_stage), not
 * from program names, so it follows whatever programs the hook tables name.
 * And how it is measured: by the programs themselves, sampled (the default,
 * src/bpf/cost.bpf.h), or by the kernel's BPF statistics.
 */
#include <string.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "lib/log.h"
#include "trace.skel.h"
#include "fn_multi.h"
#include "stages.h"
#include "user.h"

int trace_cost_parse(struct trace_opts *o, const char *arg)
{
	o->probe_cost_stats = !strcmp(arg, "stats");
	o->no_probe_cost = !strcmp(arg, "off");
	if (o->probe_cost_stats || o->no_probe_cost || !strcmp(arg, "sampled"))
		return 0;
	pp_err("--probe-cost %s: one of sampled, stats, off", arg);
	return -1;
}

void trace_cost_start(struct trace_setup *t)
{
	if (t->opts->probe_cost_stats) {
		prog_costs_start(&t->cost);
		return;
	}
	/* Read-only data: set before the programs load, or the verifier
	 * removes the accounting from them as dead code. */
	t->skel->rodata->targ_cost_sampled = true;
	prog_costs_start_sampled(&t->cost, t->skel->obj, t->skel->maps.pp_costs);
}

static void add(struct trace_setup *t, const struct hook_progs *hp, int mech, bool ret)
{
	const char *name = hp->prog[mech];
	struct bpf_program *p = name ? bpf_object__find_program_by_name(t->skel->obj, name) : NULL;
	unsigned int stage = trace_hook_stage(t, hp->hook, ret);

	prog_costs_add(&t->cost, p, stage != PP_STAGE_NONE ? stage_name(stage) : NULL,
		       hp->hook->name, hooks_mech_name(mech));
}

/* A hook's program, chosen or not (one that failed to attach stays loaded). */
static bool hook_program(const struct trace_setup *t, const char *name)
{
	for (size_t i = 0; i < t->n_hp; i++)
		for (int m = 0; m < HOOK_MECH_MAX; m++)
			if (t->hp[i].prog[m] && !strcmp(t->hp[i].prog[m], name))
				return true;
	return false;
}

void trace_cost_collect(struct trace_setup *t)
{
	struct bpf_program *p;

	if (!t->cost.source)
		return;
	for (size_t i = 0; i < t->n_hp; i++) {
		int mech = t->choices[i].mech;

		if (mech < 0)
			continue; /* missing, or dropped when it failed to attach */
		add(t, &t->hp[i], mech, false);
		/* A function's family: the return program serves its %return. */
		if (mech == HOOK_FENTRY)
			add(t, &t->hp[i], HOOK_FEXIT, true);
		else if (mech == HOOK_KPROBE)
			add(t, &t->hp[i], HOOK_KRETPROBE, true);
	}
	trace_cost_multi(t);
	/* Programs attached by their SEC() alone, if any: under their names. */
	bpf_object__for_each_program(p, t->skel->obj) {
		if (bpf_program__fd(p) < 0 || prog_costs_has(&t->cost, bpf_program__fd(p)) ||
		    hook_program(t, bpf_program__name(p)))
			continue;
		prog_costs_add(&t->cost, p, NULL, bpf_program__name(p),
			       bpf_program__section_name(p));
	}
}

/*
 * The kprobe.multi programs serve every function stage at once: one line
 * each, labelled with all the stages it serves, since the kernel counts
 * the program's runs, not the functions'.
 */
void trace_cost_multi(struct trace_setup *t)
{
	char label[2][sizeof(((struct prog_cost *)0)->label)];

	if (!t->fn_multi)
		return;
	fn_multi_label(&t->fns, t->fn_multi_on, false, label[0], sizeof(label[0]));
	prog_costs_add(&t->cost, t->skel->progs.tr_fnm_kprobe, label[0], "kprobe.multi",
		       "kprobe.multi");
	if (!t->skel->links.tr_fnm_kretprobe)
		return;
	fn_multi_label(&t->fns, t->fn_multi_on, true, label[1], sizeof(label[1]));
	prog_costs_add(&t->cost, t->skel->progs.tr_fnm_kretprobe, label[1], "kretprobe.multi",
		       "kretprobe.multi");
}
