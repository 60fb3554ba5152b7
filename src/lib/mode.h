/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mode.h - the steps every tracing mode takes around its own skeleton, in
 * this order:
 *
 *   mode_begin()    runtime checks, then the user's filters resolved
 *   (open the skeleton, set its rodata and map sizes)
 *   mode_select()   filters into rodata and spliced; a mechanism per hook
 *   (rodata that depends on what was chosen)
 *   mode_attach()   load, attach, open the ring buffer for the session
 *   mode_banner()   "Tracing ...", the filter, "Ctrl-C to stop." (text only)
 *   session_run()
 *   mode_end()      ring buffer and filter freed (the skeleton is the mode's)
 *
 * Each step returns 0 or an exit code; mode_end() is safe after any of them.
 */
#ifndef PP_MODE_H
#define PP_MODE_H

#include <stddef.h>

#include <bpf/libbpf.h>

#include "filter/filter.h"
#include "lib/hooks.h"
#include "lib/session.h"

struct pp_mode {
	const char *name;
	const struct pp_common_opts *co;
	struct pp_filter filter;
	const struct hook_progs *hooks;
	size_t n_hooks;
	struct hook_choice *choices; /* n_hooks of them, the mode's array */
};

int mode_begin(struct pp_mode *m, const char *name, const struct pp_common_opts *co);
int mode_select(struct pp_mode *m, struct bpf_object *obj,
		volatile struct pp_meta_filter *rodata, const struct hook_progs *hooks,
		size_t n_hooks, struct hook_choice *choices);
int mode_attach(struct pp_mode *m, struct bpf_object_skeleton *skel, struct bpf_map *events,
		ring_buffer_sample_fn on_event, struct pp_session *sess);
/* printf-style first line (no newline), then the filter and how to stop. */
void mode_banner(const struct pp_mode *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mode_end(struct pp_mode *m, struct pp_session *sess);

#endif
