/* SPDX-License-Identifier: GPL-2.0 */
/*
 * timefmt.h - BPF programs stamp events with CLOCK_MONOTONIC
 * (bpf_ktime_get_ns); people want wall-clock time. The offset between the
 * two clocks is measured once at start, in nanoseconds.
 */
#ifndef PP_TIMEFMT_H
#define PP_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_REALTIME - CLOCK_MONOTONIC, as tightly as the clocks allow. */
int64_t timefmt_wall_offset_ns(void);

/* CLOCK_MONOTONIC now, in nanoseconds. */
uint64_t timefmt_mono_now_ns(void);

/* "2026-11-25T10:00:01.123456789Z" (UTC), for JSON. */
char *timefmt_iso(uint64_t mono_ns, int64_t wall_offset_ns, char *buf, size_t len);

/* "10:00:01.123456789" (local time), for text lines, as tcpdump prints. */
char *timefmt_clock(uint64_t mono_ns, int64_t wall_offset_ns, char *buf, size_t len);

#endif
