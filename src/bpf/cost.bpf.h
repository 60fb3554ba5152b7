/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cost.bpf.h - a program's own cost, measured from inside it: every run
 * counted, one in PP_COST_SAMPLE timed from the start of the program to its
 * return (cost.h). The kernel's BPF statistics (BPF_ENABLE_STATS) time every
 * run of every BPF program on the machine with two clock reads; this costs
 * the programs of one object a per-CPU counter increment and a test per run,
 * and the clock only on the runs it samples.
 *
 * An object opts in by defining PP_COST_ACCOUNTING before it includes
 * common.bpf.h (only trace.bpf.c does): the other objects compile exactly as
 * without it. Its user space turns the accounting on with the rodata switch
 * targ_cost_sampled; off, the verifier removes it as dead code.
 *
 * hook.bpf.h's program macros (and fn.bpf.h's) wrap each body in
 * PP_COST_RETURN. Each program gets a slot number (__COUNTER__, unique in
 * the object) in a rodata variable named pp_cost_slot__PROGRAM, which user
 * space finds by name in the object's BTF (src/lib/prog_sample.c).
 */
#ifndef PP_COST_BPF_H
#define PP_COST_BPF_H

#ifdef PP_COST_ACCOUNTING

#include "bpf/cost.h"

const volatile bool targ_cost_sampled; /* --probe-cost sampled */

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PP_COST_SLOTS);
	__type(key, __u32);
	__type(value, struct pp_cost_slot);
} pp_costs SEC(".maps");

/*
 * Count the run; on a sampled one, keep the clock at its start in the slot.
 * The runs timed are the 2nd, 66th, 130th... on each CPU: not the first,
 * which pays for the cold caches of a fresh program and its maps (measured:
 * twice a warm run's time, enough to double the figure of a short run).
 *
 * Nothing lives on in registers across the handler: had the start time
 * stayed in one, 0 on one path and a clock reading on the other, the
 * verifier would decide the end's test on the first path, mark the value
 * precise, and so walk the whole handler twice (too many instructions for
 * the kernel's limit once a filter is in it). A map value is unknown to it
 * on both paths. The price: a second look-up (inlined, a few instructions)
 * at the end.
 */
static __always_inline void cost_begin(__u32 slot)
{
	struct pp_cost_slot *c;

	if (!targ_cost_sampled)
		return;
	c = bpf_map_lookup_elem(&pp_costs, &slot);
	if (c && (c->runs++ & (PP_COST_SAMPLE - 1)) == 1)
		c->t0 = bpf_ktime_get_ns();
}

/*
 * The end of the timed run is the one that finds the count one past it and
 * the start time not yet taken. A run of the same program nested in the
 * timed one (from an interrupt) moves the count on, so the timed run goes
 * untimed rather than mistimed; a timed run nested in another takes the
 * start time, so the outer one, ending with the same count, does not.
 */
static __always_inline void cost_end(__u32 slot)
{
	struct pp_cost_slot *c;

	if (!targ_cost_sampled)
		return;
	c = bpf_map_lookup_elem(&pp_costs, &slot);
	if (!c || (c->runs & (PP_COST_SAMPLE - 1)) != 2 || !c->t0)
		return;
	c->ns += bpf_ktime_get_ns() - c->t0;
	c->sampled++;
	c->t0 = 0;
}

#define PP_COST_SLOT(name) const volatile __u32 pp_cost_slot__##name = __COUNTER__;

#define PP_COST_RETURN(name, expr)                                                         \
	do {                                                                               \
		int pp_cost_ret_;                                                          \
                                                                                           \
		cost_begin(pp_cost_slot__##name);                                          \
		pp_cost_ret_ = (expr);                                                     \
		cost_end(pp_cost_slot__##name);                                            \
		return pp_cost_ret_;                                                       \
	} while (0)

#else /* not accounted: the program as it would be without this file */

#define PP_COST_SLOT(name)
#define PP_COST_RETURN(name, expr) return (expr)

#endif /* PP_COST_ACCOUNTING */

#endif /* PP_COST_BPF_H */
