/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fn.bpf.h - function stages (--stage FUNC): any kernel function
 * with a struct sk_buff * argument, as a stage of the packets trace and
 * latency already follow.
 *
 * An fentry/fexit program binds to one function when it is loaded, so each
 * function gets a slot of its own: four programs (fentry, fexit, kprobe,
 * kretprobe), all "?" (not loaded unless user space picks them). What
 * differs between functions is configuration in rodata, per slot: which
 * argument is the skb, how many arguments there are (fexit's return value
 * follows them), and the stage ids of the entry and of the return. The
 * verifier knows rodata's values, so of the switches below only the branch
 * for the slot's own argument is ever checked against the function's BTF.
 *
 * A function stage continues a packet: it records nothing for an skb that
 * no tracepoint stage has started to follow (its K_ORIGIN stages). The
 * transmit functions before net_dev_queue (targ_fn_origin: the IP layer's
 * output, the neighbour layer, __dev_queue_xmit) may start one, as
 * net_dev_queue does, else they would never see a locally sent packet.
 *
 * The return (FUNC%return) records the return value. The call's skb comes
 * from fexit's arguments, or for a kretprobe from the per-CPU stack of calls
 * in progress (trace_cpu.fn_open), which the entry pushed. An skb freed
 * inside the call (nf_hook_slow dropping a packet) keeps its record open
 * until the return, so the verdict is the record's last stage.
 */
#ifndef PP_TRACE_FN_BPF_H
#define PP_TRACE_FN_BPF_H

#include "skb.bpf.h"

const volatile __u8 targ_fn_arg[PP_STAGE_FN_SLOTS];    /* the skb's argument, 0..4 */
const volatile __u8 targ_fn_nargs[PP_STAGE_FN_SLOTS];  /* the function's arguments, 0..6 */
const volatile __u8 targ_fn_stage[PP_STAGE_FN_SLOTS];  /* stage id of the entry */
const volatile __u8 targ_fn_ret[PP_STAGE_FN_SLOTS];    /* stage id of the return; 0 none */
const volatile __u8 targ_fn_origin[PP_STAGE_FN_SLOTS]; /* may start a transmit record */

/*
 * A load at a constant offset from the context. The verifier refuses a
 * context pointer moved before the load, and clang would fold the switches
 * below into one load from a computed address: the asm keeps each apart.
 */
#define CTX_LOAD(ctx, off)                                                                         \
	({                                                                                         \
		__u64 v_;                                                                          \
		asm volatile("%0 = *(u64 *)(%1 + %2)" : "=r"(v_) : "r"(ctx), "i"(off));            \
		v_;                                                                                \
	})

/* Argument i of an fentry/fexit program (i known to the verifier). */
static __always_inline __u64 fn_ctx_arg(__u64 *ctx, __u32 i)
{
	switch (i) {
	case 0:
		return CTX_LOAD(ctx, 0);
	case 1:
		return CTX_LOAD(ctx, 8);
	case 2:
		return CTX_LOAD(ctx, 16);
	case 3:
		return CTX_LOAD(ctx, 24);
	case 4:
		return CTX_LOAD(ctx, 32);
	case 5:
		return CTX_LOAD(ctx, 40);
	case 6:
		return CTX_LOAD(ctx, 48);
	default:
		return 0;
	}
}

/* Argument i of a kprobe, from the registers of the x86-64 calling
 * convention (the kernel's struct pt_regs layout, not relocated). */
#define REGS_LOAD(ctx, reg) CTX_LOAD(ctx, __builtin_offsetof(struct pt_regs, reg))

static __always_inline __u64 fn_regs_arg(struct pt_regs *ctx, __u32 i)
{
	switch (i) {
	case 0:
		return REGS_LOAD(ctx, di);
	case 1:
		return REGS_LOAD(ctx, si);
	case 2:
		return REGS_LOAD(ctx, dx);
	case 3:
		return REGS_LOAD(ctx, cx);
	case 4:
		return REGS_LOAD(ctx, r8);
	default:
		return 0;
	}
}

static __always_inline void fn_push(__u64 key)
{
	struct trace_cpu *c = trace_cpu();
	__u32 n;

	if (!c)
		return;
	n = c->n_fn_open;
	if (n < TRACE_FN_OPEN)
		c->fn_open[n & (TRACE_FN_OPEN - 1)] = key;
	c->n_fn_open = n + 1;
}

/* The innermost call's skb, removed; 0 when the stack overflowed there. */
static __always_inline __u64 fn_pop(void)
{
	struct trace_cpu *c = trace_cpu();
	__u64 key = 0;
	__u32 n;

	if (!c || !c->n_fn_open)
		return 0;
	n = --c->n_fn_open;
	if (n < TRACE_FN_OPEN)
		key = c->fn_open[n & (TRACE_FN_OPEN - 1)];
	return key;
}

/*
 * How a function stage meets its skb: K_ORIGIN (transmit) where it may
 * start a record. Not when a tcpdump expression has no raw-IP form: before
 * the neighbour layer a sent packet has no link-layer header to run it on,
 * and the verdict would stick; net_dev_queue starts such records instead.
 * Its aux, -1, leaves the packet's TX queue unknown (stage_skb keeps
 * aux + 1 as it) until net_dev_queue names it.
 */
static __always_inline __u32 fn_kind(__u32 slot)
{
	if (targ_fn_origin[slot] && (!pp_mf.pkt_filter || pp_mf.pkt_filter_l3))
		return K_ORIGIN;
	return 0;
}

static __always_inline int fn_enter(const bool btf, __u32 slot, struct sk_buff *skb)
{
	__u32 kind = fn_kind(slot);

	if (targ_fn_ret[slot])
		fn_push((__u64)skb);
	return stage_skb(btf, skb, NULL, targ_fn_stage[slot], kind ? -1 : 0, kind, 0);
}

/* The return of a call with skb: its value as the stage's number. */
static __always_inline int fn_leave(const bool btf, __u32 slot, struct sk_buff *skb, __s32 ret)
{
	struct trace_packet *log = NULL;
	__u64 key = (__u64)skb;
	struct trace_stage s;
	struct trace_skb *st;
	struct trace_cpu *c;

	if (!skb)
		return 0;
	c = trace_cpu();
	if (!c)
		return 0;
	st = state_find(c, key);
	if (!st || !(st->flags & SKB_F_ENDING))
		return stage_skb(btf, skb, NULL, targ_fn_ret[slot], ret, 0, 0);
	/* Freed inside the call: its memory is not read again. */
	if (!targ_latency) {
		log = bpf_map_lookup_elem(&trace_logs, &key);
		if (!log)
			return 0;
	}
	ctx_stage(&s, targ_fn_ret[slot], bpf_ktime_get_ns(), ret);
	record(st, log, &s);
	retire(key, st, log, st->end, 0, log ? log->drop_location : 0);
	return 0;
}

#define FN_SLOT(n)                                                                                 \
	PP_COST_SLOT(tr_fn##n##_fentry)                                                            \
	SEC("?fentry")                                                                             \
	int tr_fn##n##_fentry(__u64 *ctx)                                                          \
	{                                                                                          \
		PP_COST_RETURN(tr_fn##n##_fentry,                                                  \
			       fn_enter(true, n, (void *)fn_ctx_arg(ctx, targ_fn_arg[n])));        \
	}                                                                                          \
	PP_COST_SLOT(tr_fn##n##_fexit)                                                             \
	SEC("?fexit")                                                                              \
	int tr_fn##n##_fexit(__u64 *ctx)                                                           \
	{                                                                                          \
		PP_COST_RETURN(tr_fn##n##_fexit,                                                   \
			       (fn_pop(), fn_leave(true, n, (void *)fn_ctx_arg(ctx, targ_fn_arg[n]), \
						   (__s32)fn_ctx_arg(ctx, targ_fn_nargs[n]))));    \
	}                                                                                          \
	PP_COST_SLOT(tr_fn##n##_kprobe)                                                            \
	SEC("?kprobe")                                                                             \
	int tr_fn##n##_kprobe(struct pt_regs *ctx)                                                 \
	{                                                                                          \
		PP_COST_RETURN(tr_fn##n##_kprobe,                                                  \
			       fn_enter(false, n, (void *)fn_regs_arg(ctx, targ_fn_arg[n])));      \
	}                                                                                          \
	PP_COST_SLOT(tr_fn##n##_kretprobe)                                                         \
	SEC("?kretprobe")                                                                          \
	int tr_fn##n##_kretprobe(struct pt_regs *ctx)                                              \
	{                                                                                          \
		PP_COST_RETURN(tr_fn##n##_kretprobe,                                               \
			       fn_leave(false, n, (void *)fn_pop(), (__s32)REGS_LOAD(ctx, ax)));   \
	}

/*
 * kprobe.multi (kernels with fprobe, where fentry is refused): one program
 * for every function stage, attached to all of them by one link. The link
 * gives each function its slot as the attach cookie, so the configuration
 * above is read at a slot the verifier does not know: it checks every
 * branch of fn_regs_arg's switch, each a plain load from pt_regs. The mask
 * keeps the index in the arrays (PP_STAGE_FN_SLOTS is a power of 2).
 */
_Static_assert((PP_STAGE_FN_SLOTS & (PP_STAGE_FN_SLOTS - 1)) == 0, "slot mask");

static __always_inline __u32 fn_multi_slot(void *ctx)
{
	return bpf_get_attach_cookie(ctx) & (PP_STAGE_FN_SLOTS - 1);
}

PP_COST_SLOT(tr_fnm_kprobe)
SEC("?kprobe.multi")
int tr_fnm_kprobe(struct pt_regs *ctx)
{
	__u32 slot = fn_multi_slot(ctx);

	PP_COST_RETURN(tr_fnm_kprobe,
		       fn_enter(false, slot, (void *)fn_regs_arg(ctx, targ_fn_arg[slot])));
}

PP_COST_SLOT(tr_fnm_kretprobe)
SEC("?kretprobe.multi")
int tr_fnm_kretprobe(struct pt_regs *ctx)
{
	__u32 slot = fn_multi_slot(ctx);

	PP_COST_RETURN(tr_fnm_kretprobe,
		       fn_leave(false, slot, (void *)fn_pop(), (__s32)REGS_LOAD(ctx, ax)));
}

#endif /* PP_TRACE_FN_BPF_H */
