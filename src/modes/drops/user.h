/* SPDX-License-Identifier: GPL-2.0 */
/*
 * user.h - what `pktpath drops` (drops.c, report.c) and `pktpath
 * otherhost` (otherhost.c) share: their options, and how a drop's reason,
 * location, stack and addresses are written for people and for JSON
 * (format.c).
 */
#ifndef PP_CMD_DROPS_H
#define PP_CMD_DROPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pktpath.h"
#include "modes/drops/drops.h"
#include "lib/json.h"
#include "lib/mode.h"
#include "lib/opts.h"
#include "lib/report.h"
#include "lib/row_delta.h"

struct capture;
struct drops_bpf;
struct drop_reasons;
struct ksyms;

/* One options struct for both commands: `drops --otherhost` runs otherhost. */
struct drops_opts {
	unsigned long rate; /* live events per second; 0: summaries only */
	bool stack;         /* --stack */
	bool otherhost;     /* --otherhost */
};

#define DROPS_DEFAULT_RATE 100

/* ---- format.c -------------------------------------------------------- */

/* What is needed to name a drop: reasons from BTF, symbols from kallsyms. */
struct drop_names {
	struct drop_reasons *reasons;
	struct ksyms *ksyms;     /* NULL: locations stay addresses */
	int64_t wall_offset_ns;
};

/* Read the reason names; a note says when the kernel has none. Returns 0
 * or an exit code. */
int drop_names_init(struct drop_names *n);
/* Read the kernel's symbols, once the programs are loaded: the stacks they
 * take start in their own code, which kallsyms lists only from then on.
 * Also says, then, when the kernel names no drop reasons. */
void drop_names_symbols(struct drop_names *n);
void drop_names_free(struct drop_names *n);

/* "NO_SOCKET"; "drop" on a kernel whose tracepoint has no reason. */
const char *drop_reason_text(const struct drop_names *n, uint32_t code, char *buf, size_t len);

/* "__udp4_lib_rcv+0x7b2/0xb80" (with_size) or "__udp4_lib_rcv+0x7b2". */
char *drop_location_text(const struct drop_names *n, uint64_t addr, bool with_size, char *buf,
			 size_t len);

/* "reason" (null without one) and "reason_code" keys. */
void drop_reason_json(struct json_writer *w, const struct drop_names *n, uint32_t code);
/* "location", "function" (null when unknown) and "address" keys. */
void drop_location_json(struct json_writer *w, const struct drop_names *n, uint64_t addr);

/*
 * A stack from the stack map, without the frames of the tracing machinery
 * (BPF, the tracepoint itself) at its top. Returns the number of frames in
 * ips (at most PP_STACK_DEPTH), 0 when the stack is not in the map.
 */
int drop_stack_read(int map_fd, int32_t id, const struct drop_names *n,
		    uint64_t ips[PP_STACK_DEPTH]);
/* "stack": [frames as "func+0x1a/0x200"] under the current JSON object. */
void drop_stack_json(struct json_writer *w, const struct drop_names *n, const uint64_t *ips,
		     int depth);
/* One line per frame, indented. */
void drop_stack_print(FILE *out, const struct drop_names *n, const uint64_t *ips, int depth,
		      const char *indent);

/* "host", "broadcast", "multicast", "otherhost", "outgoing", "loopback"... */
const char *pkt_type_name(uint8_t pkt_type);

/* "02:00:00:00:00:01" into buf (at least 18 bytes). */
char *mac_text(const uint8_t mac[6], char *buf);

/* "10:00:01.123456": local time to the microsecond, as tcpdump prints. */
char *drop_time_text(const struct drop_names *n, uint64_t mono_ns, char *buf, size_t len);

/* ---- report.c --------------------------------------------------- */

/* One row of the drop table, summed over CPUs. */
struct drops_row {
	struct drops_key key;
	uint64_t count, bytes, last_ns;
	uint64_t netns_total;   /* drops in the row's namespace, for ordering */
	char dev_name[PP_IFNAMSIZ];
};

struct drops_state {
	struct drops_bpf *skel;
	const struct pp_common_opts *co;
	const struct drops_opts *opts;
	struct drop_names names;
	struct json_writer json;
	struct capture *cap;      /* -w; NULL without */
	struct report_clock clock;
	struct row_history prev;  /* totals at the last interval */
};

/* Print the table (text) or a summary object (JSON). */
int drops_report(struct drops_state *s, bool final);

/* The whole drop table, each row summed over CPUs (unsorted). Returns 0
 * or -errno; free *rows. */
int drops_rows_read(struct drops_state *s, struct drops_row **rows, size_t *n);

/* The mode, for the driver (lib/mode.h): `pktpath drops`, and export. */
extern const struct mode_desc drops_mode;

/* `pktpath otherhost`, also run by `pktpath drops --otherhost`. */
int otherhost_run(const struct pp_common_opts *co, void *opts);

#endif
