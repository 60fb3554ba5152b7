/* SPDX-License-Identifier: GPL-2.0 */
/* user.h - what txq.c (running) and report.c (reporting) share. */
#ifndef PP_CMD_TXQ_H
#define PP_CMD_TXQ_H

#include <stdbool.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "modes/txq/txq.h"
#include "lib/json.h"
#include "lib/mode.h"
#include "lib/names.h"
#include "lib/opts.h"
#include "lib/report.h"
#include "lib/row_delta.h"
#include "lib/xps.h"

struct capture;
struct txq_bpf;

struct txq_opts {
	unsigned long max_flows;
};

/* A flow's queue history as user space saw it in events. */
struct txq_flow_note {
	struct txq_flow_state_key key;
	enum txq_reason why;
	uint32_t changes;
};

/* A device seen by the programs, with its XPS maps (read lazily). */
struct txq_device {
	struct dev_name dev;
	struct xps_dev xps;
	bool xps_read;
	double xps_time;
};

struct txq_queue_row;
struct flow_row;

struct txq_state {
	struct txq_bpf *skel;
	const struct pp_common_opts *co;
	const struct txq_opts *opts;
	struct json_writer json;
	struct capture *cap;   /* -w; NULL without */
	struct report_clock clock;
	struct txq_flow_note *notes;
	size_t n_notes, cap_notes;
	struct dev_names devs; /* of struct txq_device */
	/* Totals at the previous interval, for per-interval deltas. */
	struct row_history prev_queues; /* totals at the last interval */
	struct row_history prev_flows;
	const char *pick_mech; /* the netdev_core_pick_tx hook's mechanism; NULL: none */
};

/* One row of the per-queue table, and of the flow table, summed over CPUs. */
struct txq_queue_row {
	struct txq_queue_key key;
	struct txq_queue_stats st;
};

struct flow_row {
	struct txq_flow_key key;
	struct txq_flow_stats st;
};

/* Device by id; filled from the programs' device table on first use. */
struct txq_device *txq_device(struct txq_state *s, const struct pp_dev_id *id);
/* The XPS maps of a device, re-read when older than max_age seconds
 * (reading forks into the device's namespace: not for every packet). */
const struct xps_dev *txq_device_xps(struct txq_state *s, struct txq_device *d, double max_age);
struct txq_flow_note *txq_note(struct txq_state *s, const struct txq_flow_state_key *key,
			       bool create);

/* Print the table (text) or a summary object (JSON). */
int txq_report(struct txq_state *s, bool final);

/* Everything the programs counted, summed over CPUs: the per-queue totals
 * (every queue of a device that sent, idle ones as zero rows; sorted by
 * key) and the flows (unsorted), with what CPUs still hold pending.
 * Returns 0 or -errno (after one line); free queues and flows. */
struct txq_tables {
	struct txq_queue_row *queues;
	size_t n_queues, cap_queues;
	struct flow_row *flows;
	size_t n_flows, cap_flows;
};

int txq_tables_read(struct txq_state *s, struct txq_tables *t);

/* The mode, for the driver (lib/mode.h): `pktpath txq` runs it, and export
 * loads it with an event callback of its own (the state is then the
 * session's ctx). */
extern const struct mode_desc txq_mode;

/* pick.c: the optional hook on netdev_core_pick_tx. */
/* The exact reason of an event's queue, when the pick hook saw its skb. */
bool txq_pick_explain(const struct txq_event *e, const struct xps_dev *x, enum txq_reason *why);
/* Where an event's reason comes from: "netdev_core_pick_tx" or "net_dev_start_xmit". */
const char *txq_pick_source(const struct txq_event *e);
/* For the text line of an event: "re-picked: xps" and "1 -> 3" (the
 * socket's cached queue before -> after), or the inferred reason and cache. */
void txq_pick_text(const struct txq_event *e, enum txq_reason why, char *why_s, size_t why_len,
		   char *cache, size_t cache_len);
/* "why_source" and "pick" of an event object. */
void txq_pick_event_json(struct json_writer *w, const struct txq_event *e);
/* "pick" of a summary object: picks per (device, queue), or null. */
void txq_pick_summary_json(struct txq_state *s);

#endif
