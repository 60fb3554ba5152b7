// SPDX-License-Identifier: GPL-2.0
/* report.c - the head and foot of every mode's table report (report.h). */
#include <stdio.h>

#include "lib/counters.h"
#include "lib/json.h"
#include "lib/report.h"
#include "lib/timefmt.h"

void report_clock_start(struct report_clock *c, int64_t wall_offset_ns)
{
	c->start_ns = c->last_ns = timefmt_mono_now_ns();
	c->wall_offset_ns = wall_offset_ns;
}

struct report report_now(struct json_writer *json, bool final, struct report_clock *clock)
{
	return (struct report){ .json = json,
				.final = final,
				.now_ns = timefmt_mono_now_ns(),
				.clock = clock };
}

double report_period_s(const struct report *r)
{
	return (r->now_ns - (r->final ? r->clock->start_ns : r->clock->last_ns)) / 1e9;
}

void report_begin(const struct report *r, const char *text_tail)
{
	const char *type = r->final ? "summary" : "interval";
	int64_t wall_offset_ns = r->clock->wall_offset_ns;
	char when[40];

	if (r->json) {
		json_object_start(r->json);
		json_kv_str(r->json, "type", type);
		json_kv_str(r->json, "time",
			    timefmt_iso(r->now_ns, wall_offset_ns, when, sizeof(when)));
		json_kv_double(r->json, "elapsed_s", (r->now_ns - r->clock->start_ns) / 1e9);
		json_kv_double(r->json, "period_s", report_period_s(r));
		return;
	}
	printf("\n%s %s: %s %.1f s%s\n",
	       timefmt_clock(r->now_ns, wall_offset_ns, when, sizeof(when)), type,
	       r->final ? "whole run," : "last", report_period_s(r), text_tail ? text_tail : "");
}

void report_end(const struct report *r, const struct pp_counters *cnt)
{
	counters_report(cnt, r->json);
	if (r->json)
		json_object_end(r->json);
	r->clock->last_ns = r->now_ns;
}
