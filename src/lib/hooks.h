/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hooks.h - the catalog of places in the kernel pktpath attaches to, and the
 * choice, per hook, of the best mechanism this kernel offers.
 *
 * A hook point is a tracepoint or a kernel function. Tracepoints are tried
 * as tp_btf (typed, fastest), then raw_tp, then the classic tracepoint;
 * functions as fentry/fexit (in BTF, and in /proc/kallsyms by that exact
 * name), then kprobe/kretprobe (by the function's name, or else a compiler
 * clone of it such as ip_rcv_core.isra.0). A clone's arguments may differ
 * from the source's (.constprop drops constant ones, .isra replaces
 * aggregates): a handler that may run at a clone reads only what the clone
 * is known to keep, or counts and times; -v and `features` name the target.
 *
 * A mode lists, per hook, the BPF program it has for each mechanism (struct
 * hook_progs), and goes through three steps:
 *
 *   skel = x_bpf__open();
 *   hooks_select(skel->obj, progs, n, co->attach, choices);   probe, choose,
 *                                                             set autoload
 *   x_bpf__load(skel);
 *   hooks_attach(skel->skeleton, progs, n, choices);          attach each
 *   ...
 *   x_bpf__destroy(skel);                                     links included
 *
 * hooks_select() turns on exactly one mechanism per hook, or says in one
 * line what is lost and why (a note for an optional hook, an error for a
 * required one). hooks_attach() attaches the chosen programs one by one and
 * keeps the links in the skeleton, so x_bpf__detach()/__destroy() release
 * them; an optional hook that fails to attach is dropped with a note.
 *
 * A tracepoint hook's programs come from one handler through PP_TP() and
 * PP_TP_CLASSIC() (src/bpf/hook.bpf.h); HOOK_PROGS_TP() below names them.
 * Every program is SEC("?..."), off until hooks_select() turns it on.
 *
 * Declaring the programs of a function hook (see src/modes/txq/pick.bpf.h):
 *
 *   SEC("?fentry/ip_rcv")          BTF-typed: arguments are kernel pointers
 *   int BPF_PROG(x_ip_rcv, struct sk_buff *skb, struct net_device *dev)
 *   { return handle(true, skb, dev); }        RD() reads directly
 *
 *   SEC("?kprobe/ip_rcv")          untyped: every read is a probe read
 *   int BPF_KPROBE(x_ip_rcv_kp, struct sk_buff *skb, struct net_device *dev)
 *   { return handle(false, skb, dev); }       RD() uses BPF_CORE_READ
 *
 * fexit programs see the arguments and the return value (last argument of
 * BPF_PROG); a kretprobe sees only the return value (BPF_KRETPROBE), so a
 * mode that needs arguments at return pairs it with a kprobe that keeps them
 * per CPU. The function named in SEC() is only a default: the engine sets
 * the fentry target and the kprobe symbol from the hook point, so SEC("fentry")
 * and SEC("kprobe") with no name work too (one program, any function with the
 * same arguments, e.g. any NAPI poll function).
 *
 * src/bpf/fn_hooks.bpf.h has these programs ready for the catalog's function
 * hooks (PP_HOOK_IP_RCV, PP_HOOK_IP_RCV_CORE, PP_HOOK_NAPI_POLL); their
 * names, as the macros below spell them, go into struct hook_progs.
 */
/*
 * The programs of a tracepoint hook as src/bpf/hook.bpf.h declares them:
 * PP_TP(NAME, ...) gives NAME_btf and NAME_raw, PP_TP_CLASSIC(NAME, ...)
 * NAME_tp. All are SEC("?..."): hooks_select() turns on the chosen one.
 */
#define HOOK_PROGS_TP(name)                                                              \
	{ [HOOK_TP_BTF] = name "_btf", [HOOK_RAW_TP] = name "_raw", [HOOK_TRACEPOINT] = name "_tp" }
#define HOOK_PROGS_TP_NO_CLASSIC(name) { [HOOK_TP_BTF] = name "_btf", [HOOK_RAW_TP] = name "_raw" }
#define HOOK_PROGS_ENTRY(name) { [HOOK_FENTRY] = name "_fentry", [HOOK_KPROBE] = name "_kprobe" }
#define HOOK_PROGS_ENTRY_EXIT(name)                                                     \
	{                                                                               \
		[HOOK_FENTRY] = name "_fentry", [HOOK_FEXIT] = name "_fexit",           \
		[HOOK_KPROBE] = name "_kprobe", [HOOK_KRETPROBE] = name "_kretprobe"    \
	}
#ifndef PP_HOOKS_H
#define PP_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;
struct bpf_object_skeleton;

enum hook_mech {
	HOOK_TP_BTF,
	HOOK_RAW_TP,
	HOOK_TRACEPOINT,
	HOOK_FENTRY,
	HOOK_FEXIT,
	HOOK_KPROBE,
	HOOK_KRETPROBE,
	HOOK_MECH_MAX,
};

struct hook_point {
	const char *name;     /* tracepoint or function name */
	const char *category; /* tracefs category of a tracepoint; NULL: a function */
	const char *what;     /* what pktpath learns there, for `features` */
};

/*
 * A mode's programs for one hook: program names by mechanism. A function
 * hook is attached as a family: all of its fentry and fexit programs, or
 * all of its kprobe and kretprobe programs.
 */
struct hook_progs {
	const struct hook_point *hook;
	const char *prog[HOOK_MECH_MAX];
	bool required; /* the mode cannot work without this hook */
	const char *lost; /* what the mode loses without it; NULL: hook->what */
};

struct hook_choice {
	int mech;          /* HOOK_TP_BTF, HOOK_RAW_TP, HOOK_TRACEPOINT, or for a
			    * function the family HOOK_FENTRY or HOOK_KPROBE;
			    * -1: not available */
	char target[128];  /* kprobes: the symbol attached to (may be a variant) */
	char reason[256];  /* why not, when mech < 0 */
};

const char *hooks_mech_name(enum hook_mech m);
/* "tp_btf" etc. to a mechanism; -1 if unknown. */
int hooks_mech_parse(const char *name);

/*
 * kprobe.multi and kretprobe.multi: one program attached to many functions
 * by one link, which the mode makes itself (trace's function stages,
 * src/modes/trace/fn_multi.c); the engine attaches none. Forced, they leave
 * each hook the engine is given its best mechanism, and are an error when
 * one of them is a function.
 */
bool hooks_mech_is_multi(const char *name);

static inline bool hooks_is_function(const struct hook_point *h)
{
	return !h->category;
}

/*
 * Would this mechanism (or for a function, its family: fentry stands for
 * fentry+fexit, kprobe for kprobe+kretprobe) work for this hook on the
 * running kernel? Fills c->target (kprobes) or c->reason. Results of the
 * kernel probes behind it are cached.
 */
bool hooks_check(const struct hook_point *h, enum hook_mech m, struct hook_choice *c);
/* The same, reason only. */
bool hooks_available(const struct hook_point *h, enum hook_mech m, char *reason, size_t len);

/* The mechanisms a hook may use, best first: tp_btf, raw_tp, tracepoint for
 * a tracepoint; the families fentry and kprobe for a function. */
const int *hooks_order(const struct hook_point *h, size_t *n);

/*
 * Where a function hook is, whatever the mechanisms: in the kernel's BTF
 * (vmlinux, or the module named in *module), and its symbol in
 * /proc/kallsyms (the name, or a variant such as name.isra.0; "" when
 * absent or unreadable).
 */
void hooks_function_lookup(const struct hook_point *h, bool *in_btf, const char **module,
			   char *symbol, size_t len);

/*
 * The best mechanism for a hook on this kernel, whatever program a mode
 * has: what `pktpath features` reports. On failure c->reason gives every
 * mechanism's reason, separated by "; ".
 */
bool hooks_best(const struct hook_point *h, struct hook_choice *c);

/*
 * Choose a mechanism for each hook and set autoload accordingly on obj.
 * forced (--attach) is a mechanism name or NULL for the best: it applies to
 * the hooks of its kind (tracepoint or function); the others take their
 * best. A forced mechanism the kernel lacks is an error. Prints a note for
 * each optional hook that is missing; returns PP_EXIT_ENV if a required one
 * is, PP_EXIT_USAGE for a bad --attach.
 */
int hooks_select(struct bpf_object *obj, const struct hook_progs *hp, size_t n,
		 const char *forced, struct hook_choice *choices);

/*
 * After load: attach the chosen programs of each hook, kprobes to
 * choices[i].target, and any other autoloaded program of the skeleton the
 * way its SEC() says. Links go into the skeleton. An optional hook that
 * fails is detached again, noted and marked missing (mech = -1); a required
 * one is an error (an exit code is returned).
 */
/* Load the skeleton, then hooks_attach(); one-line errors (the verifier's
 * verdict among them). Returns 0 or an exit code. */
int hooks_load_attach(struct bpf_object_skeleton *s, const struct hook_progs *hp, size_t n,
		      struct hook_choice *choices);
int hooks_attach(struct bpf_object_skeleton *s, const struct hook_progs *hp, size_t n,
		 struct hook_choice *choices);

/* "tp_btf", "fentry+fexit", "kretprobe"...: what a choice attaches. */
const char *hooks_choice_name(const struct hook_progs *hp, const struct hook_choice *c);

/*
 * The catalog (hook_catalog.c): every hook point any mode uses, so
 * `pktpath features` can list them all. Modes refer to entries by name.
 */
extern const struct hook_point *const hook_catalog[];
extern const unsigned int hook_catalog_len;

extern const struct hook_point hook_net_dev_start_xmit;
extern const struct hook_point hook_net_dev_queue;
extern const struct hook_point hook_netdev_core_pick_tx;
extern const struct hook_point hook_netdev_pick_tx;
extern const struct hook_point hook_ip_rcv;
extern const struct hook_point hook_ip_rcv_core;
extern const struct hook_point hook_virtnet_poll;
extern const struct hook_point hook_netif_receive_skb;
extern const struct hook_point hook_kfree_skb;
/* trace and latency */
extern const struct hook_point hook_irq_handler_entry, hook_irq_handler_exit;
extern const struct hook_point hook_softirq_raise, hook_softirq_entry, hook_softirq_exit;
extern const struct hook_point hook_napi_poll;
extern const struct hook_point hook_napi_gro_receive_entry, hook_napi_gro_frags_entry;
extern const struct hook_point hook_netif_receive_skb_entry, hook_netif_receive_skb_list_entry;
extern const struct hook_point hook_netif_rx_entry, hook_netif_rx;
extern const struct hook_point hook_tcp_probe, hook_sk_data_ready;
extern const struct hook_point hook_skb_copy_datagram_iovec;
extern const struct hook_point hook_qdisc_enqueue, hook_qdisc_dequeue, hook_net_dev_xmit;
extern const struct hook_point hook_consume_skb;
extern const struct hook_point hook_sock_recv_length; /* rxq */

#endif
