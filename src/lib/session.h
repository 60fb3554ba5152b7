/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - the loop every tracing command runs once its programs are
 * attached: poll the ring buffer, print a summary every interval, and stop
 * on Ctrl-C, --duration or --count, always with a last summary.
 */
#ifndef PP_SESSION_H
#define PP_SESSION_H

#include <stdbool.h>

#include "opts.h"

struct ring_buffer;

struct pp_session {
	struct ring_buffer *rb;       /* may be NULL: summaries only */
	const struct pp_common_opts *co;
	/* Called every --interval (final=false) and once at the end (final=true). */
	int (*summary)(void *ctx, bool final);
	/* Optional: detach the programs before the final summary, so it
	 * covers exactly what was traced and nothing moves while it is read. */
	void (*detach)(void *ctx);
	void *detach_ctx;             /* what detach gets; NULL: ctx */
	/* Optional: called at least every 100 ms while running (housekeeping
	 * that must not wait for the next event). */
	void (*tick)(void *ctx);
	void *ctx;
	unsigned long events;         /* callbacks count what --count limits */
	int error;                    /* set by a callback (after its one-line
				       * error): stop, and exit with it */
};

/* For event callbacks: count one event; false once --count is reached, so
 * the rest of a batch already in the ring buffer is not shown. */
static inline bool session_take(struct pp_session *s)
{
	if (s->co->count && s->events >= s->co->count)
		return false;
	s->events++;
	return true;
}

/* Runs until stopped; returns 0 or an exit code. */
int session_run(struct pp_session *s);

/* Monotonic seconds, for intervals and durations. */
double session_now(void);

#endif
