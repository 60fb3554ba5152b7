// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "timefmt.h"

static int64_t ts_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t timefmt_mono_now_ns(void)
{
	return ts_ns(CLOCK_MONOTONIC);
}

int64_t timefmt_wall_offset_ns(void)
{
	int64_t best = 0, best_gap = INT64_MAX;

	/* Bracket a REALTIME read between two MONOTONIC reads; keep the
	 * tightest of a few tries. */
	for (int i = 0; i < 5; i++) {
		int64_t m1 = ts_ns(CLOCK_MONOTONIC), r = ts_ns(CLOCK_REALTIME);
		int64_t m2 = ts_ns(CLOCK_MONOTONIC);

		if (m2 - m1 < best_gap) {
			best_gap = m2 - m1;
			best = r - (m1 + (m2 - m1) / 2);
		}
	}
	return best;
}

/* The wall-clock time of a CLOCK_MONOTONIC time, broken down in UTC or
 * local time, and its nanoseconds. */
static long broken_down(uint64_t mono_ns, int64_t wall_offset_ns, bool utc, struct tm *tm)
{
	int64_t wall = (int64_t)mono_ns + wall_offset_ns;
	time_t sec = wall / 1000000000;

	if (utc)
		gmtime_r(&sec, tm);
	else
		localtime_r(&sec, tm);
	return wall % 1000000000;
}

char *timefmt_iso(uint64_t mono_ns, int64_t wall_offset_ns, char *buf, size_t len)
{
	struct tm tm;
	long nsec = broken_down(mono_ns, wall_offset_ns, true, &tm);

	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, nsec);
	return buf;
}

char *timefmt_clock(uint64_t mono_ns, int64_t wall_offset_ns, char *buf, size_t len)
{
	struct tm tm;
	long nsec = broken_down(mono_ns, wall_offset_ns, false, &tm);

	snprintf(buf, len, "%02d:%02d:%02d.%09ld", tm.tm_hour, tm.tm_min, tm.tm_sec, nsec);
	return buf;
}
