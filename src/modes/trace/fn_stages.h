/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fn_stages.h - function stages of trace and latency (--stage FUNC): which
 * kernel functions, where their skb argument is (from their BTF
 * prototype), and the stage ids and program slots they get
 * (src/modes/trace/fn.bpf.h).
 *
 *   --stage ip_rcv              the skb is found in the prototype
 *   --stage ip_rcv:0            ... or given: argument 0
 *   --stage nf_hook_slow%return the entry and the return (its value)
 *   --stage default             receive: ip_rcv_core, ip_local_deliver,
 *                               tcp_v4_rcv, udp_rcv and their IPv6 peers;
 *                               transmit: ip_finish_output2,
 *                               ip6_finish_output2, __dev_queue_xmit; where
 *                               they exist (optional: a note if one fails).
 *                               Also what trace and latency use without
 *                               --stage, where functions can be hooked
 *   --stage none                no function stage (tracepoints only)
 *   --stage 'ip_*'              every matching function with an skb
 *                               argument, PP_STAGE_FN_SLOTS at most
 */
#ifndef PP_CMD_FN_STAGES_H
#define PP_CMD_FN_STAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "pktpath.h"
#include "modes/trace/trace.h"
#include "lib/hooks.h"

struct btf;

#define FN_NAME_MAX 128
#define FN_SKB_ARGS 5 /* arguments 0..4 can hold the skb (fn.bpf.h) */
#define FN_RET_ARGS 6 /* fexit reads the return value after at most 6 */
#define FN_VOID 0xff  /* targ_fn_nargs of a function returning nothing */

struct fn_stage {
	char name[FN_NAME_MAX];
	char ret_name[FN_NAME_MAX + 8]; /* "name%return" */
	const char *module;		/* NULL: vmlinux */
	unsigned int arg;		/* the skb's argument */
	unsigned int nargs;		/* FN_VOID: returns nothing */
	bool ret;			/* its return is a stage too */
	bool optional;			/* a glob's or --stage default's: left out with a
					 * note if it fails */
	bool origin;			/* on transmit before net_dev_queue: it may
					 * start a packet's record */
	unsigned int stage, ret_stage;	/* stage ids */
	struct hook_point hook;
};

struct fn_stages {
	struct fn_stage fn[PP_STAGE_FN_SLOTS];
	unsigned int n;
	unsigned int n_ret;
};

/*
 * The --stage specs to functions, stage ids registered with stages.c.
 * Returns 0 or an exit code after one line: PP_EXIT_USAGE for an unknown
 * function, one without an skb argument (its prototype is quoted), a glob
 * matching more than PP_STAGE_FN_SLOTS; PP_EXIT_ENV without kernel BTF.
 */
int fn_stages_resolve(struct fn_stages *fs, const char *const *specs, unsigned int n_specs);

/*
 * The default set without --stage: the functions of --stage default this
 * kernel's BTF has, quietly none without BTF. Never fails.
 */
void fn_stages_resolve_default(struct fn_stages *fs);

/* Stage ids in use: PP_STAGE_MAX, plus the function stages. */
unsigned int fn_stages_count(const struct fn_stages *fs);

/*
 * The index of the first struct sk_buff * argument of a BTF function, -1
 * when it has none; *nargs its argument count, FN_VOID-independent.
 */
int fn_skb_arg(const struct btf *btf, int func_id, unsigned int *nargs, bool *is_void);

/*
 * The skb's argument as --stage FUNC (without :N) finds it: the first
 * struct sk_buff * argument, if it is one of 0..FN_SKB_ARGS-1; else -1.
 * What a glob, features --functions and the completion select by.
 */
int fn_stage_arg(const struct btf *btf, int func_id);

/* "int ip_rcv(struct sk_buff *, struct net_device *, ...)" */
void fn_proto(const struct btf *btf, int func_id, char *buf, size_t len);

/* Is this name a glob (*, ?, [)? */
bool fn_is_glob(const char *name);

#endif
