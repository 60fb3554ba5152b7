/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pcapng.h - the pcapng file format (draft-ietf-opsawg-pcapng), the part
 * pktpath writes and reads back: a Section Header Block, one Interface
 * Description Block per (namespace, device, link type), Enhanced Packet
 * Blocks with options, and Custom Blocks.
 *
 * The writer builds each block whole in memory, so the caller can hand it
 * to the file in one write(). The reader checks every length against the
 * block that holds it and never trusts a count; it has no other dependency
 * than libc, so the fuzzer links it alone.
 */
#ifndef PP_PCAPNG_H
#define PP_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAPNG_SHB 0x0A0D0D0AU
#define PCAPNG_IDB 0x00000001U
#define PCAPNG_EPB 0x00000006U
#define PCAPNG_CB 0x00000BADU /* Custom Block, may be copied */
#define PCAPNG_BOM 0x1A2B3C4DU

#define PCAPNG_OPT_END 0
#define PCAPNG_OPT_COMMENT 1
#define PCAPNG_OPT_CUSTOM_STR 2988 /* UTF-8 after the PEN, may be copied */
#define PCAPNG_OPT_CUSTOM_BIN 2989
#define PCAPNG_SHB_USERAPPL 4
#define PCAPNG_IF_NAME 2
#define PCAPNG_IF_TSRESOL 9
#define PCAPNG_EPB_FLAGS 2

#define PCAPNG_LINKTYPE_ETHERNET 1
#define PCAPNG_LINKTYPE_RAW 101 /* starts with an IPv4 or IPv6 header */

/* epb_flags bits 0-1 */
#define PCAPNG_DIR_UNKNOWN 0
#define PCAPNG_DIR_IN 1
#define PCAPNG_DIR_OUT 2

/*
 * The Private Enterprise Number before pktpath's custom options. pktpath
 * has no PEN of its own yet; 32473 is the one IANA reserves for examples
 * and documentation (RFC 5612), so it can never belong to someone else's
 * real data. The option's text starts with "pktpath." as well, so a file
 * is told apart from other users of the example number. Replace it here
 * once the project registers its own (free, at IANA).
 */
#define PKTPATH_PEN 32473U
#define PKTPATH_OPT_TEXT "pktpath.text:" /* the record as the live text shows it */
#define PKTPATH_OPT_JSON "pktpath.json:" /* the record as --json shows it */

/* Largest block the reader accepts: a packet of PP_SNAP_MAX bytes with its
 * text and JSON options is far below this. */
#define PCAPNG_MAX_BLOCK (1U << 20)

/* ---- writing ---------------------------------------------------------- */

/* A block being built; buf grows as needed. */
struct pcapng_buf {
	uint8_t *buf;
	size_t len, cap;
	bool oom;
};

void pcapng_buf_free(struct pcapng_buf *b);

/* Start a block of `type` with `body` bytes of fixed fields (padded to 4). */
void pcapng_block_start(struct pcapng_buf *b, uint32_t type, const void *body, size_t len);
/* An option; values longer than 65535 bytes are cut there. */
void pcapng_opt(struct pcapng_buf *b, uint16_t code, const void *val, size_t len);
/* A custom string option: PKTPATH_PEN, prefix, then text. */
void pcapng_opt_custom(struct pcapng_buf *b, const char *prefix, const char *text);
/* End options (when any), write both length fields. Returns false when
 * memory ran out while building. */
bool pcapng_block_end(struct pcapng_buf *b, bool had_options);

/* Whole blocks. */
bool pcapng_shb(struct pcapng_buf *b, const char *userappl);
bool pcapng_idb(struct pcapng_buf *b, uint16_t linktype, uint32_t snaplen, const char *name);

struct pcapng_packet {
	uint32_t ifid;
	uint64_t ts_ns;         /* if_tsresol 9: nanoseconds since the epoch */
	const uint8_t *data;
	uint32_t caplen, wirelen;
	uint32_t dir;           /* PCAPNG_DIR_* */
	const char *comment;    /* opt_comment; NULL none */
	const char *text, *json; /* pktpath's custom options; NULL none */
};

bool pcapng_epb(struct pcapng_buf *b, const struct pcapng_packet *p);

/* ---- reading ---------------------------------------------------------- */

#define PCAPNG_MAX_IFS 4096

struct pcapng_if {
	uint16_t linktype;
	uint8_t tsresol;   /* if_tsresol as stored; 6 when absent */
	char name[128];
};

struct pcapng_reader {
	FILE *f;
	bool swap;           /* the section is in the other byte order */
	bool in_section;
	uint8_t *blk;        /* the current block, whole */
	size_t blk_cap;
	uint64_t offset;     /* of the current block in the file */
	unsigned long n_blocks;
	struct pcapng_if *ifs; /* of this section */
	uint32_t n_ifs, cap_ifs;
	char err[160];       /* why pcapng_next() returned -1 */
};

/* What pcapng_next() found. Pointers point into the reader's block. */
struct pcapng_rec {
	uint32_t type;
	/* EPB: */
	const struct pcapng_if *ifc;
	uint32_t ifid;
	uint64_t ts_raw;     /* in units of the interface's if_tsresol */
	const uint8_t *data;
	uint32_t caplen, wirelen, flags;
	const char *comment;  /* into the block, not NUL-terminated; NULL none */
	const char *text, *json; /* after their "pktpath.*:" prefix */
	size_t comment_len, text_len, json_len;
	/* SHB: */
	const char *userappl;
	size_t userappl_len;
};

void pcapng_reader_init(struct pcapng_reader *r, FILE *f);
void pcapng_reader_free(struct pcapng_reader *r);
/* 1: a block in *rec; 0: clean end of file; -1: r->err says why. */
int pcapng_next(struct pcapng_reader *r, struct pcapng_rec *rec);

#endif
