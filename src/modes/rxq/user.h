/* SPDX-License-Identifier: GPL-2.0 */
/* user.h - what rxq.c (running) and report.c (reporting) share. */
#ifndef PP_CMD_RXQ_H
#define PP_CMD_RXQ_H

#include <stdbool.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "modes/rxq/rxq.h"
#include "modes/trace/trace.h" /* the receive context rxq shares with trace */
#include "lib/json.h"
#include "lib/mode.h"
#include "lib/names.h"
#include "lib/opts.h"
#include "lib/report.h"
#include "lib/row_delta.h"
#include "lib/rps.h"

struct rxq_bpf;

struct rxq_opts {
	unsigned long max_flows;
	unsigned long max_packets;
};

/* A device seen by the programs, with its RPS/RFS set-up (read lazily). */
struct rxq_device {
	struct dev_name dev;
	struct rps_dev rps;
	bool rps_read;
	double rps_time;
};

struct rxq_state {
	struct rxq_bpf *skel;
	const struct pp_common_opts *co;
	const struct rxq_opts *opts;
	struct json_writer json;
	struct report_clock clock;
	struct dev_names devs; /* of struct rxq_device */
	struct row_history prev_queues; /* totals at the last interval */
	struct row_history prev_paths;
	bool has_irq;  /* the IRQ and softirq programs are attached */
	bool has_reader; /* sockets and their readers are traced */
};

/* Device by id; filled from the programs' device table on first use. */
struct rxq_device *rxq_device(struct rxq_state *s, const struct pp_dev_id *id);
/* Its RPS/RFS set-up, re-read when older than max_age seconds (reading
 * forks into the device's namespace: not for every packet). */
const struct rps_dev *rxq_device_rps(struct rxq_state *s, struct rxq_device *d, double max_age);

/* The name the kernel gives an IRQ ("virtio0-input.0"), "" if unknown. */
const char *rxq_irq_name(struct rxq_state *s, int32_t irq, char *buf, size_t len);

/* The reader of the socket a flow was last delivered to; false if none. */
bool rxq_reader(struct rxq_state *s, const struct rxq_flow_state *st, struct rxq_reader *r);

/* Why a flow in this state (read by r, or NULL) was processed on its
 * stack CPU. */
enum rxq_reason rxq_explain(struct rxq_state *s, const struct pp_dev_id *dev,
			    const struct rxq_flow_state *st, const struct rxq_reader *r);

/* The way in of a flow state, as JSON keys: "rx_queue", "irq", "irq_name",
 * "softirq_cpu", "rps_cpu", "hash" (null where unknown). */
void rxq_way_json(struct rxq_state *s, const struct rxq_flow_state *st);

/* "app_cpu", "app_pid", "app_comm" of a reader (null when none). */
void rxq_reader_json(struct json_writer *w, const struct rxq_reader *r);

/* Print the tables (text) or a summary object (JSON). */
int rxq_report(struct rxq_state *s, bool final);

/* One way in of a flow: its per-CPU entry on one stack CPU. */
struct rxq_path_row {
	struct rxq_flow_key key;
	uint32_t rps_cpu;
	uint32_t pad;
	struct rxq_flow_stats st;
};

/* A queue's totals: over all CPUs (rps_cpu RXQ_NO_CPU), or on one stack CPU. */
struct rxq_queue_row {
	struct rxq_queue_key key;
	uint32_t rps_cpu;
	struct rxq_queue_stats st;
};

/* Everything the programs counted: the per-queue totals (sorted by key
 * and CPU) and every flow's ways in (one row per stack CPU, unsorted). */
struct rxq_tables {
	struct rxq_queue_row *queues;
	size_t n_queues, cap_queues;
	struct rxq_path_row *paths;
	size_t n_paths, cap_paths;
	bool per_cpu; /* a queue row per stack CPU that counted */
};

/* Returns 0 or -errno (after one line); free queues and paths. */
int rxq_tables_read(struct rxq_state *s, struct rxq_tables *t, bool per_cpu);

/* The mode, for the driver (lib/mode.h): `pktpath rxq`, and export with an
 * event callback of its own (the state is then the session's ctx). */
extern const struct mode_desc rxq_mode;

#endif
