/* SPDX-License-Identifier: GPL-2.0 */
/*
 * capture.h - `-w FILE`: the packets a mode saw, with its record of each,
 * written as pcapng (pcapng.h) that Wireshark and tshark open.
 *
 * One Interface Description Block per (namespace, device, link type),
 * named DEV@NETNS; one Enhanced Packet Block per record with the bytes
 * the BPF program copied (struct pp_pkt), a one-line story as its comment
 * and the record's live text and JSON as custom options, which `pktpath
 * show` prints back. Each block goes out in one write(): a pktpath killed
 * at any moment leaves a file that ends after a whole block (the page cache
 * has it; only a crash of the machine loses what was not yet on disk, as
 * with tcpdump, because an fsync per packet would cost a disk flush per
 * packet). Files are fsync'ed when rotated and at the end.
 */
#ifndef PP_CAPTURE_H
#define PP_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pktpath.h"
#include "lib/json.h"
#include "lib/opts.h"

struct capture;

/*
 * Open -w's file (or take stdout for "-", and send what pktpath prints
 * there to stderr instead) and write its section header. Returns 0 with
 * *c NULL when -w was not given; an exit code after a one-line error.
 * Call it before loading programs: an unwritable path stops the run
 * before anything is attached.
 */
int capture_open(struct capture **c, const struct pp_common_opts *co, const char *mode);

/* The rodata knob: bytes of each packet the programs copy; 0 without -w. */
uint32_t capture_snaplen(const struct capture *c);

/* One record. */
struct capture_rec {
	uint32_t netns, ifindex;  /* the device; ifindex 0: none */
	const char *dev;          /* its name; "" or NULL: none */
	const char *netns_name;   /* NULL: unknown */
	const struct pp_pkt *pkt;
	uint64_t mono_ns;         /* CLOCK_MONOTONIC of its earliest stage */
	int64_t wall_offset_ns;   /* the mode's, so file and text agree to the ns */
	const char *comment;      /* the one-line story */
	const char *text;         /* the live text lines, as printed */
	const char *json;         /* the JSON object, one line */
};

/* The record of a mode's event: its device, packet and time. */
static inline struct capture_rec capture_event(const struct pp_dev_id *dev, const char *dev_name,
					       const char *netns_name, const struct pp_pkt *pkt,
					       uint64_t mono_ns, int64_t wall_offset_ns)
{
	return (struct capture_rec){ .netns = dev->netns,
				     .ifindex = dev->ifindex,
				     .dev = dev_name,
				     .netns_name = netns_name,
				     .pkt = pkt,
				     .mono_ns = mono_ns,
				     .wall_offset_ns = wall_offset_ns };
}

/* Write one packet. Returns 0, or PP_EXIT_FAIL after a one-line error
 * (later calls then fail at once, silently). */
int capture_write(struct capture *c, const struct capture_rec *r);

/* Close (fsync'ed) and free; NULL is fine. */
void capture_close(struct capture *c);

/* ---- rendering a record for the file ----------------------------------- */

/* An in-memory FILE for a mode's print functions (open_memstream). */
struct capture_text {
	FILE *f;
	char *buf;
	size_t len;
};

FILE *capture_text_start(struct capture_text *t);
/* The text written since start; "" when memory ran out. Freed by _free. */
const char *capture_text_end(struct capture_text *t);
void capture_text_free(struct capture_text *t);

/*
 * "MODE: LINE1; LINE2": the live text's lines on one line, without the
 * clock time the first line starts with (the packet has its timestamp) and
 * without indentation. Returns a malloc'ed string or NULL.
 */
char *capture_story(const char *mode, const char *text);

/*
 * A mode's two ways of writing one record: its live text lines and its
 * JSON object, the same functions the live output uses.
 */
struct capture_printer {
	void (*text)(void *ctx, FILE *out);
	void (*json)(void *ctx, struct json_writer *w);
	void *ctx;
};

/*
 * Print a record as the live run does (JSON or text on stdout) and, with
 * -w (c not NULL), write its packet with both renderings; r->comment NULL:
 * the story is capture_story(mode, text). Without -w, r may be NULL. Returns 0, or PP_EXIT_FAIL after a one-line
 * error when the file could not be written.
 */
enum capture_out {
	CAPTURE_OUT_TEXT,
	CAPTURE_OUT_JSON,
	CAPTURE_OUT_NONE, /* trace --quiet: only the file */
};

int capture_record(struct capture *c, enum capture_out out, const char *mode,
		   struct capture_rec *r, const struct capture_printer *p);

#endif
