// SPDX-License-Identifier: GPL-2.0
/*
 * trace_cost.c - which of trace's (and latency's) programs serves which
 * stage, for the probe cost in their summaries. Read from the hooks that
 * were chosen (t->hp, t->choices) and their stages (trace_hook_stage), not
 * from program names, so it follows whatever programs the hook tables name.
 */
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "cmd/stages.h"
#include "cmd/trace.h"

static void add(struct trace_setup *t, const struct hook_progs *hp, int mech, bool ret)
{
	const char *name = hp->prog[mech];
	struct bpf_program *p = name ? bpf_object__find_program_by_name(t->skel->obj, name) : NULL;
	unsigned int stage = trace_hook_stage(t, hp->hook, ret);

	prog_costs_add(&t->cost, p, stage != PP_STAGE_NONE ? stage_name(stage) : NULL,
		       hp->hook->name, hooks_mech_name(mech));
}

void trace_cost_collect(struct trace_setup *t)
{
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
	/* Programs attached by their SEC() alone, if any: under their names. */
	prog_costs_add_rest(&t->cost, t->skel->obj);
}
