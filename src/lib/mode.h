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
 * A mode does not call them itself: mode_run() (below) takes them in this
 * order from the mode's struct mode_desc, and calls the mode back between.
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

/* ---- the mode driver: the steps above, run from a mode's descriptor ---- */

/* A mode's bpftool skeleton, behind void pointers: MODE_SKEL_OPS writes it. */
struct mode_skel_ops {
	void *(*open)(void);
	struct bpf_object *(*object)(void *skel);
	struct bpf_object_skeleton *(*skeleton)(void *skel);
	volatile struct pp_meta_filter *(*meta_filter)(void *skel); /* rodata pp_mf */
	void (*detach)(void *skel);
	void (*destroy)(void *skel);
};

/* The skeleton glue of the object NAME.bpf.c (NAME.skel.h included before),
 * as a static const struct mode_skel_ops NAME_skel_ops. */
#define MODE_SKEL_OPS(NAME)                                                                \
	static void *NAME##_skel_open(void)                                                \
	{                                                                                  \
		return NAME##_bpf__open();                                                 \
	}                                                                                  \
	static struct bpf_object *NAME##_skel_object(void *skel)                           \
	{                                                                                  \
		return ((struct NAME##_bpf *)skel)->obj;                                   \
	}                                                                                  \
	static struct bpf_object_skeleton *NAME##_skel_skeleton(void *skel)                \
	{                                                                                  \
		return ((struct NAME##_bpf *)skel)->skeleton;                              \
	}                                                                                  \
	static volatile struct pp_meta_filter *NAME##_skel_meta_filter(void *skel)         \
	{                                                                                  \
		return &((struct NAME##_bpf *)skel)->rodata->pp_mf;                        \
	}                                                                                  \
	static void NAME##_skel_detach(void *skel)                                         \
	{                                                                                  \
		NAME##_bpf__detach(skel);                                                  \
	}                                                                                  \
	static void NAME##_skel_destroy(void *skel)                                        \
	{                                                                                  \
		NAME##_bpf__destroy(skel);                                                 \
	}                                                                                  \
	static const struct mode_skel_ops NAME##_skel_ops = {                              \
		NAME##_skel_open,        NAME##_skel_object, NAME##_skel_skeleton,          \
		NAME##_skel_meta_filter, NAME##_skel_detach, NAME##_skel_destroy,           \
	}

#define MODE_MAX_HOOKS 16

struct mode_run;

/*
 * What a mode is to the driver. Every callback but banner is optional and
 * gets the run (r->st is the mode's state, r->skel its skeleton); those
 * returning int return 0 or an exit code, after one line.
 */
struct mode_desc {
	const char *name;                /* "txq": for runtime checks and errors */
	const struct mode_skel_ops *skel;
	const struct hook_progs *hooks;
	size_t n_hooks;                  /* at most MODE_MAX_HOOKS */
	/* Hooks (indexes, -1 ends) to detach before the rest, in this order:
	 * against the packet's way, so that a packet a later stage counted
	 * was counted by every earlier one. NULL: the skeleton's order. */
	const int *detach_first;
	const char *events_map;          /* the ring buffer's map; NULL: none */
	/* Before the runtime checks: what the options alone decide. */
	int (*check)(struct mode_run *r);
	/* Before the skeleton is opened (names, the -w file). */
	int (*start)(struct mode_run *r);
	/* Opened: rodata and map sizes; may lower r->n_hooks to leave the
	 * last hooks out (their choices are then the mode's to fill in). */
	int (*configure)(struct mode_run *r);
	/* Instead of mode_select() of hooks: for hooks known only at run time
	 * (trace's stages), chosen through mode_select() all the same. */
	int (*select)(struct mode_run *r);
	/* Hooks chosen, before loading: rodata that depends on the choices. */
	int (*chosen)(struct mode_run *r);
	/* Loaded and attached. */
	int (*attached)(struct mode_run *r);
	/* "Tracing ..." through mode_banner(&r->m, ...). */
	void (*banner)(struct mode_run *r);
	ring_buffer_sample_fn on_event; /* its ctx is the session */
	int (*summary)(void *st, bool final);
	void (*tick)(void *st);
	/* After the skeleton is destroyed: what start and the run allocated. */
	void (*cleanup)(struct mode_run *r);
};

struct mode_run {
	const struct mode_desc *desc;
	void *st;                    /* the mode's state: also the session's ctx */
	void *skel;
	struct pp_mode m;
	struct pp_session sess;
	size_t n_hooks;
	struct hook_choice choices[MODE_MAX_HOOKS];
};

/*
 * From mode_begin() to attached, without the session (export keeps modes
 * loaded in its own loop): `cmd` names the command for the runtime checks,
 * on_event (NULL: the mode's own) takes the events. mode_stop() is safe
 * after any step.
 */
int mode_start(struct mode_run *r, const struct mode_desc *desc, const char *cmd,
	       const struct pp_common_opts *co, void *st, ring_buffer_sample_fn on_event);
void mode_stop(struct mode_run *r);
/* What holds a mode's state as its `member`, from the state: an event
 * callback of export's (the session's ctx is the state). */
#define mode_state_owner(st, type, member) ((type *)((char *)(st) - offsetof(type, member)))

/* A whole run: start, banner, session, stop. Returns 0 or an exit code. */
int mode_run(const struct mode_desc *desc, const struct pp_common_opts *co, void *st);

#endif
