/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counters.h - the per-CPU loss counters every BPF program keeps (enum
 * pp_counter), summed and turned into sentences, so nothing is lost quietly.
 */
#ifndef PP_COUNTERS_H
#define PP_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "pktpath.h"
#include "json.h"

struct bpf_map;

struct pp_counters {
	uint64_t v[PP_CNT_MAX];
};

/* Sum the map `pp_counters` over all CPUs. Returns 0 or -errno. */
int counters_read(const struct bpf_map *map, struct pp_counters *out);

/* Name of a counter in JSON ("events_lost"...). */
const char *counters_name(enum pp_counter c);

/* One line per non-zero loss counter, to stderr (text) and as a "losses"
 * object under the current JSON object (json may be NULL). */
void counters_report(const struct pp_counters *c, struct json_writer *json);

/* Whether a counter means data was lost or not seen (not bookkeeping). */
bool counters_is_loss(enum pp_counter c);

/* Sum of the counters that mean data was lost or not seen. */
uint64_t counters_losses(const struct pp_counters *c);

#endif
