// SPDX-License-Identifier: GPL-2.0
/*
 * pcapng_write.c - building pcapng blocks in memory (pcapng.h). Blocks are
 * written in the host's byte order; the Section Header's byte-order magic
 * tells readers which one that is.
 */
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"

#define PAD4(n) (((n) + 3) & ~(size_t)3)
#define OPT_MAX 65535

void pcapng_buf_free(struct pcapng_buf *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

/* Append len bytes (zeros when p is NULL), then zeros up to a multiple of 4. */
static void put(struct pcapng_buf *b, const void *p, size_t len)
{
	size_t need = b->len + PAD4(len);

	if (b->oom)
		return;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		uint8_t *n;

		while (cap < need)
			cap *= 2;
		n = realloc(b->buf, cap);
		if (!n) {
			b->oom = true;
			return;
		}
		b->buf = n;
		b->cap = cap;
	}
	if (p)
		memcpy(b->buf + b->len, p, len);
	else
		memset(b->buf + b->len, 0, len);
	memset(b->buf + b->len + len, 0, PAD4(len) - len);
	b->len = need;
}

static void put32(struct pcapng_buf *b, uint32_t v)
{
	put(b, &v, 4);
}

void pcapng_block_start(struct pcapng_buf *b, uint32_t type, const void *body, size_t len)
{
	b->len = 0;
	b->oom = false;
	put32(b, type);
	put32(b, 0); /* total length, set by pcapng_block_end() */
	put(b, body, len);
}

void pcapng_opt(struct pcapng_buf *b, uint16_t code, const void *val, size_t len)
{
	uint16_t hdr[2] = { code, (uint16_t)(len > OPT_MAX ? OPT_MAX : len) };

	put(b, hdr, sizeof(hdr));
	put(b, val, hdr[1]);
}

void pcapng_opt_custom(struct pcapng_buf *b, const char *prefix, const char *text)
{
	size_t plen = strlen(prefix), tlen = strlen(text), len = 4 + plen + tlen;
	uint16_t hdr[2];
	uint32_t pen = PKTPATH_PEN;

	/* Too long for one option: cut at its limit (a reader sees a
	 * shorter text; records are far below 64 KiB in practice). */
	if (len > OPT_MAX) {
		tlen -= len - OPT_MAX;
		len = OPT_MAX;
	}
	hdr[0] = PCAPNG_OPT_CUSTOM_STR;
	hdr[1] = (uint16_t)len;
	put(b, hdr, sizeof(hdr));
	if (b->oom)
		return;
	/* One value of three parts, padded once: reserve it, then fill it. */
	put(b, NULL, len);
	if (b->oom)
		return;
	{
		uint8_t *v = b->buf + b->len - PAD4(len);

		memcpy(v, &pen, 4);
		memcpy(v + 4, prefix, plen);
		memcpy(v + 4 + plen, text, tlen);
	}
}

bool pcapng_block_end(struct pcapng_buf *b, bool had_options)
{
	uint32_t total;

	if (had_options)
		pcapng_opt(b, PCAPNG_OPT_END, NULL, 0);
	put32(b, 0);
	if (b->oom)
		return false;
	total = (uint32_t)b->len;
	memcpy(b->buf + 4, &total, 4);
	memcpy(b->buf + b->len - 4, &total, 4);
	return true;
}

bool pcapng_shb(struct pcapng_buf *b, const char *userappl)
{
	struct {
		uint32_t bom;
		uint16_t major, minor;
		int64_t section_len;
	} __attribute__((packed)) body = { PCAPNG_BOM, 1, 0, -1 }; /* -1: not known */

	pcapng_block_start(b, PCAPNG_SHB, &body, sizeof(body));
	pcapng_opt(b, PCAPNG_SHB_USERAPPL, userappl, strlen(userappl));
	return pcapng_block_end(b, true);
}

bool pcapng_idb(struct pcapng_buf *b, uint16_t linktype, uint32_t snaplen, const char *name)
{
	struct {
		uint16_t linktype, reserved;
		uint32_t snaplen;
	} body = { linktype, 0, snaplen };
	uint8_t tsresol = 9; /* 10^-9 s: the kernel's nanoseconds as they are */

	pcapng_block_start(b, PCAPNG_IDB, &body, sizeof(body));
	pcapng_opt(b, PCAPNG_IF_NAME, name, strlen(name));
	pcapng_opt(b, PCAPNG_IF_TSRESOL, &tsresol, 1);
	return pcapng_block_end(b, true);
}

bool pcapng_epb(struct pcapng_buf *b, const struct pcapng_packet *p)
{
	struct {
		uint32_t ifid, ts_high, ts_low, caplen, wirelen;
	} body = { p->ifid, (uint32_t)(p->ts_ns >> 32), (uint32_t)p->ts_ns, p->caplen,
		   p->wirelen };

	pcapng_block_start(b, PCAPNG_EPB, &body, sizeof(body));
	put(b, p->data, p->caplen);
	if (p->comment)
		pcapng_opt(b, PCAPNG_OPT_COMMENT, p->comment, strlen(p->comment));
	if (p->dir)
		pcapng_opt(b, PCAPNG_EPB_FLAGS, &p->dir, 4);
	if (p->text)
		pcapng_opt_custom(b, PKTPATH_OPT_TEXT, p->text);
	if (p->json)
		pcapng_opt_custom(b, PKTPATH_OPT_JSON, p->json);
	return pcapng_block_end(b, true);
}
