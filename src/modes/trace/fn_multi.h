/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fn_multi.h - function stages by kprobe.multi: one program (and one for
 * the returns) attached to every function stage by a single link, each
 * function's slot its attach cookie (src/modes/trace/fn.bpf.h). Used where
 * fentry is refused and the kernel has fprobe, or when --attach
 * kprobe.multi asks for it; the attach engine (lib/hooks.c) never sees
 * these stages, trace's setup hands them here instead.
 */
#ifndef PP_TRACE_FN_MULTI_H
#define PP_TRACE_FN_MULTI_H

#include <stdbool.h>

#include "fn_stages.h"

struct trace_bpf;

/*
 * Should the function stages go by kprobe.multi? Forced by --attach
 * kprobe.multi (or kretprobe.multi): an error, after one line, where the
 * kernel lacks it (PP_EXIT_ENV) or nothing is left to attach
 * (PP_EXIT_USAGE). Otherwise chosen where fentry is refused and
 * kprobe.multi works, unless --attach names another mechanism. Returns 0
 * or an exit code; *use the answer.
 */
int fn_multi_choose(const struct fn_stages *fs, const char *attach, bool *use);

/*
 * The mechanism a function stage gets here without --attach, as `pktpath
 * features` reports it: "fentry", "kprobe.multi", "kprobe", or NULL when
 * no function can be hooked.
 */
const char *fn_stages_mechanism(void);

/* Load the kprobe.multi programs (the return one if a stage has %return). */
void fn_multi_autoload(struct trace_bpf *skel, const struct fn_stages *fs);

/*
 * After load: one link for the entries of every function stage, one for
 * the returns; the skeleton owns them. on[slot] says which stages got
 * there. Returns 0, or an exit code after one line when a named stage
 * cannot be attached (a glob's or the default set's stages are left out
 * with a note instead).
 */
int fn_multi_attach(struct trace_bpf *skel, const struct fn_stages *fs, bool *on);

/* The stage ids of the function stages on (on NULL: all), and of their
 * returns, marked in has_stage, the others cleared; how many are on. */
unsigned int fn_multi_mark(const struct fn_stages *fs, const bool *on, bool *has_stage);

/* "ip_rcv_core+udp_rcv", or "N function stages" when longer than len: what
 * one kprobe.multi program serves (of the stages on), for the probe cost. */
void fn_multi_label(const struct fn_stages *fs, const bool *on, bool ret, char *buf, size_t len);

#endif
