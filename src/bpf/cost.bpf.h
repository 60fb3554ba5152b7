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
 * Count the run; on a sampled one, the clock at its start, else 0. The
 * runs timed are the 2nd, 66th, 130th... on each CPU: not the first, which
 * pays for the cold caches of a fresh program and its maps (measured: twice
 * a warm run's time, enough to double the figure of a short run). Only a
 * scalar lives on across the handler (no map pointer that is NULL on one
 * path and not on the other), so the verifier, which does not track the
 * scalar's value precisely, prunes the handler's second walk.
 */
static __always_inline __u64 cost_begin(__u32 slot)
{
	struct pp_cost_slot *c;

	if (!targ_cost_sampled)
		return 0;
	c = bpf_map_lookup_elem(&pp_costs, &slot);
	if (!c || (c->runs++ & (PP_COST_SAMPLE - 1)) != 1)
		return 0;
	return bpf_ktime_get_ns();
}

static __always_inline void cost_end(__u32 slot, __u64 t0)
{
	__u64 now = bpf_ktime_get_ns();
	struct pp_cost_slot *c = bpf_map_lookup_elem(&pp_costs, &slot);

	if (!c)
		return;
	c->ns += now - t0;
	c->sampled++;
}

#define PP_COST_SLOT(name) const volatile __u32 pp_cost_slot__##name = __COUNTER__;

#define PP_COST_RETURN(name, expr)                                                         \
	do {                                                                               \
		__u64 pp_cost_t0_ = cost_begin(pp_cost_slot__##name);                       \
		int pp_cost_ret_ = (expr);                                                 \
                                                                                           \
		if (pp_cost_t0_)                                                           \
			cost_end(pp_cost_slot__##name, pp_cost_t0_);                        \
		return pp_cost_ret_;                                                       \
	} while (0)

#else /* not accounted: the program as it would be without this file */

#define PP_COST_SLOT(name)
#define PP_COST_RETURN(name, expr) return (expr)

#endif /* PP_COST_ACCOUNTING */

#endif /* PP_COST_BPF_H */
