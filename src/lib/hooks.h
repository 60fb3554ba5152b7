/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hooks.h - the catalog of places in the kernel pktpath attaches to, and the
 * choice, per hook, of the best mechanism this kernel offers.
 *
 * A hook point is a tracepoint or a kernel function. Tracepoints are tried
 * as tp_btf (typed, fastest), then raw_tp, then the classic tracepoint;
 * functions as fentry/fexit, then kprobe/kretprobe. A mode lists, per hook,
 * the program it has for each mechanism; hooks_select() turns on exactly
 * one of them, or says in one line why the hook is missing.
 */
#ifndef PP_HOOKS_H
#define PP_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;
struct bpf_link;

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

/* A mode's programs for one hook: program names by mechanism. */
struct hook_progs {
	const struct hook_point *hook;
	const char *prog[HOOK_MECH_MAX];
	bool required; /* the mode cannot work without this hook */
};

struct hook_choice {
	int mech;             /* enum hook_mech, or -1: not available */
	char reason[160];     /* why not, when mech < 0 */
};

const char *hooks_mech_name(enum hook_mech m);
/* "tp_btf" etc. to a mechanism; -1 if unknown. */
int hooks_mech_parse(const char *name);

/* Would this mechanism work for this hook on the running kernel? When not,
 * `reason` says why in a few words. Results are cached. */
bool hooks_available(const struct hook_point *h, enum hook_mech m, char *reason, size_t len);

/*
 * Choose a mechanism for each hook (forced: one mechanism name, or NULL for
 * the best) and set autoload accordingly on obj. Prints a note for each
 * optional hook that is missing; returns PP_EXIT_ENV if a required one is.
 */
int hooks_select(struct bpf_object *obj, const struct hook_progs *hp, size_t n,
		 const char *forced, struct hook_choice *choices);

/*
 * The catalog (hook_catalog.c): every hook point any mode uses, so
 * `pktpath features` can list them all. Modes refer to entries by name.
 */
extern const struct hook_point *const hook_catalog[];
extern const unsigned int hook_catalog_len;

extern const struct hook_point hook_net_dev_start_xmit;
extern const struct hook_point hook_net_dev_queue;
extern const struct hook_point hook_netif_receive_skb;
extern const struct hook_point hook_kfree_skb;

#endif
