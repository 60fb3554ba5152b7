// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "log.h"
#include "opts.h"
#include "runtime.h"
#include "session.h"

/* Ring-buffer poll timeout: bounds how late Ctrl-C and timers are seen. */
#define POLL_MS 100

double session_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool count_reached(const struct pp_session *s)
{
	return s->co->count && s->events >= s->co->count;
}

int session_run(struct pp_session *s)
{
	const struct pp_common_opts *co = s->co;
	double start = session_now(), next = co->interval ? start + co->interval : 0;
	double end = co->duration ? start + co->duration : 0;
	int ret = 0, err;

	ret = runtime_signal_ready(co->ready_file);
	while (!ret && !s->error && !pp_stop && !count_reached(s)) {
		double now = session_now(), wait = POLL_MS / 1000.0;

		if (end && now >= end)
			break;
		if (s->tick)
			s->tick(s->ctx);
		if (next && now >= next) {
			ret = s->summary(s->ctx, false);
			next += co->interval;
			if (next < now) /* we fell behind: skip, don't burst */
				next = now + co->interval;
			continue;
		}
		if (end && end - now < wait)
			wait = end - now;
		if (next && next - now < wait)
			wait = next - now;
		if (s->rb) {
			err = ring_buffer__poll(s->rb, (int)(wait * 1000) + 1);
			if (err < 0 && err != -EINTR) {
				pp_err("reading events: %s", strerror(-err));
				ret = PP_EXIT_FAIL;
			}
		} else {
			struct timespec ts = { 0, (long)(wait * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	if (s->detach)
		s->detach(s->detach_ctx ? s->detach_ctx : s->ctx);
	/* Deliver what is still queued before the last summary. */
	if (s->rb && !count_reached(s))
		ring_buffer__consume(s->rb);
	if (!ret)
		ret = s->error;
	if (!ret)
		ret = s->summary(s->ctx, true);
	return ret;
}
