/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - the head and foot every mode's table report shares. Text:
 *
 *   10:00:05.123456789 interval: last 1.0 s[, what the mode adds]
 *   ...the mode's rows...
 *   (the loss counters, to stderr)
 *
 * JSON: one object {"type": "interval"|"summary", "time", "elapsed_s",
 * "period_s", ...the mode's keys..., "losses"}.
 */
#ifndef PP_REPORT_H
#define PP_REPORT_H

#include <stdbool.h>
#include <stdint.h>

struct json_writer;
struct pp_counters;

/* A mode's run as its reports see it. */
struct report_clock {
	uint64_t start_ns;	/* CLOCK_MONOTONIC at the start */
	uint64_t last_ns;	/* at the last report (the start before the first) */
	int64_t wall_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

/* The run starts now; times are printed with this wall-clock offset. */
void report_clock_start(struct report_clock *c, int64_t wall_offset_ns);

struct report {
	struct json_writer *json; /* NULL: text */
	bool final;		  /* the whole run, else since the last report */
	uint64_t now_ns;
	struct report_clock *clock;
};

/* A report made now. */
struct report report_now(struct json_writer *json, bool final, struct report_clock *clock);

/* Seconds the report covers: the whole run, or since the last report. */
double report_period_s(const struct report *r);

/* The head: JSON opens the object and writes its four first keys; text
 * prints the line, with text_tail (NULL: nothing) before its newline. */
void report_begin(const struct report *r, const char *text_tail);

/* The foot: the loss counters (JSON: "losses", and the object closed).
 * The next interval starts at this report. */
void report_end(const struct report *r, const struct pp_counters *cnt);

#endif
