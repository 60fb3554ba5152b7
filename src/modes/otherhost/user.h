/* SPDX-License-Identifier: GPL-2.0 */
/* user.h - what otherhost.c (running) and report.c share. */
#ifndef PP_CMD_OTHERHOST_H
#define PP_CMD_OTHERHOST_H

#include <stdbool.h>
#include <stdint.h>

#include "pktpath.h"
#include "modes/otherhost/otherhost.h"
#include "modes/drops/user.h"
#include "lib/json.h"
#include "lib/opts.h"
#include "lib/report.h"
#include "lib/row_delta.h"

struct otherhost_bpf;

/* One row of the (device, destination MAC) table, summed over CPUs; the
 * details are those of the newest frame. */
struct otherhost_row {
	struct otherhost_key key;
	uint64_t received, dropped, bytes, last_ns;
	char dev_name[PP_IFNAMSIZ];
	uint8_t dev_mac[6], src_mac[6];
	bool promisc;
};

struct otherhost_state {
	struct otherhost_bpf *skel;
	const struct pp_common_opts *co;
	const struct drops_opts *opts;
	struct drop_names names;
	struct json_writer json;
	struct capture *cap;     /* -w; NULL without */
	struct report_clock clock;
	struct row_history prev; /* totals at the last interval */
};

int otherhost_report(struct otherhost_state *s, bool final);

/* The mode, for the driver (lib/mode.h): `pktpath otherhost`, `pktpath
 * drops --otherhost`, and export. */
extern const struct mode_desc otherhost_mode;

/* The whole table, each row summed over CPUs (unsorted). Returns 0 or
 * -errno; free *rows. */
int otherhost_rows_read(struct otherhost_state *s, struct otherhost_row **rows, size_t *n);

#endif
