// SPDX-License-Identifier: GPL-2.0
/*
 * pcapng_read.c - reading pcapng blocks back (pcapng.h), for `pktpath
 * show`. Every length comes from the file, so each is checked against the
 * bytes that hold it before anything is read through it; a file that ends
 * inside a block is an error, not a short read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng.h"

#define PAD4(n) (((n) + 3) & ~(size_t)3)

void pcapng_reader_init(struct pcapng_reader *r, FILE *f)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
}

void pcapng_reader_free(struct pcapng_reader *r)
{
	free(r->blk);
	free(r->ifs);
	r->blk = NULL;
	r->ifs = NULL;
	r->blk_cap = 0;
	r->n_ifs = r->cap_ifs = 0;
}

__attribute__((format(printf, 2, 3))) static int fail(struct pcapng_reader *r, const char *fmt,
						       ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, sizeof(r->err), "block %lu at offset %llu: ", r->n_blocks + 1,
		     (unsigned long long)r->offset);
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

static uint32_t u32_at(const struct pcapng_reader *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return r->swap ? __builtin_bswap32(v) : v;
}

static uint16_t u16_at(const struct pcapng_reader *r, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return r->swap ? __builtin_bswap16(v) : v;
}

/* Read exactly len bytes; a short read is a truncated file. */
static int read_exact(struct pcapng_reader *r, void *buf, size_t len, bool eof_ok)
{
	size_t got = fread(buf, 1, len, r->f);

	if (got == len)
		return 1;
	if (ferror(r->f))
		return fail(r, "read error: %s", strerror(errno));
	if (got == 0 && eof_ok)
		return 0;
	return fail(r, "file truncated (%zu of %zu bytes)", got, len);
}

/*
 * The options from `off` to the block's trailing length. Known ones are
 * picked out into rec; unknown ones are skipped, as the format asks.
 */
static int parse_options(struct pcapng_reader *r, size_t off, size_t end, struct pcapng_rec *rec)
{
	while (off + 4 <= end) {
		uint16_t code = u16_at(r, r->blk + off), len = u16_at(r, r->blk + off + 2);
		const char *v = (const char *)r->blk + off + 4;

		off += 4;
		if (code == PCAPNG_OPT_END)
			return 0;
		if (PAD4(len) > end - off)
			return fail(r, "option %u of %u bytes overruns its block", code, len);
		if (code == PCAPNG_OPT_COMMENT && rec->type != PCAPNG_SHB) {
			rec->comment = v;
			rec->comment_len = len;
		} else if (code == PCAPNG_SHB_USERAPPL && rec->type == PCAPNG_SHB) {
			rec->userappl = v;
			rec->userappl_len = len;
		} else if (code == PCAPNG_OPT_CUSTOM_STR && rec->type == PCAPNG_EPB && len >= 4 &&
			   u32_at(r, (const uint8_t *)v) == PKTPATH_PEN) {
			const char *s = v + 4;
			size_t n = len - 4, tl = strlen(PKTPATH_OPT_TEXT), jl = strlen(PKTPATH_OPT_JSON);

			if (n >= tl && !memcmp(s, PKTPATH_OPT_TEXT, tl)) {
				rec->text = s + tl;
				rec->text_len = n - tl;
			} else if (n >= jl && !memcmp(s, PKTPATH_OPT_JSON, jl)) {
				rec->json = s + jl;
				rec->json_len = n - jl;
			}
		}
		off += PAD4(len);
	}
	if (off != end)
		return fail(r, "options end %zu bytes before their block does", end - off);
	return 0;
}

static int parse_shb(struct pcapng_reader *r, size_t len, struct pcapng_rec *rec)
{
	uint32_t bom;

	if (len < 28)
		return fail(r, "section header of %zu bytes is too short", len);
	memcpy(&bom, r->blk + 8, 4);
	if (bom == PCAPNG_BOM)
		r->swap = false;
	else if (bom == __builtin_bswap32(PCAPNG_BOM))
		r->swap = true;
	else
		return fail(r, "bad byte-order magic 0x%08x", bom);
	/* The lengths were read before the byte order was known. */
	if (u32_at(r, r->blk + 4) != len || u32_at(r, r->blk + len - 4) != len)
		return fail(r, "section header lengths disagree");
	if (u16_at(r, r->blk + 12) != 1)
		return fail(r, "pcapng major version %u (only 1 is known)", u16_at(r, r->blk + 12));
	r->in_section = true;
	r->n_ifs = 0; /* interface ids are per section */
	return parse_options(r, 24, len - 4, rec);
}

static int parse_idb(struct pcapng_reader *r, size_t len, struct pcapng_rec *rec)
{
	struct pcapng_if *ifc;
	size_t off = 16;

	if (len < 20)
		return fail(r, "interface description of %zu bytes is too short", len);
	if (r->n_ifs >= PCAPNG_MAX_IFS)
		return fail(r, "more than %u interfaces", PCAPNG_MAX_IFS);
	if (r->n_ifs == r->cap_ifs) {
		uint32_t n = r->cap_ifs ? 2 * r->cap_ifs : 8;
		struct pcapng_if *p = realloc(r->ifs, n * sizeof(*p));

		if (!p)
			return fail(r, "out of memory");
		r->ifs = p;
		r->cap_ifs = n;
	}
	ifc = &r->ifs[r->n_ifs];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = u16_at(r, r->blk + 8);
	ifc->tsresol = 6; /* microseconds unless it says otherwise */
	while (off + 4 <= len - 4) {
		uint16_t code = u16_at(r, r->blk + off), olen = u16_at(r, r->blk + off + 2);

		off += 4;
		if (code == PCAPNG_OPT_END)
			break;
		if (PAD4(olen) > len - 4 - off)
			return fail(r, "option %u of %u bytes overruns its block", code, olen);
		if (code == PCAPNG_IF_NAME) {
			size_t n = olen < sizeof(ifc->name) ? olen : sizeof(ifc->name) - 1;

			memcpy(ifc->name, r->blk + off, n);
			ifc->name[n] = 0;
		} else if (code == PCAPNG_IF_TSRESOL && olen == 1) {
			ifc->tsresol = r->blk[off];
		}
		off += PAD4(olen);
	}
	r->n_ifs++;
	(void)rec;
	return 0;
}

static int parse_epb(struct pcapng_reader *r, size_t len, struct pcapng_rec *rec)
{
	const uint8_t *b = r->blk;

	if (len < 32)
		return fail(r, "packet block of %zu bytes is too short", len);
	rec->ifid = u32_at(r, b + 8);
	if (rec->ifid >= r->n_ifs)
		return fail(r, "packet on interface %u, but %u described", rec->ifid, r->n_ifs);
	rec->ifc = &r->ifs[rec->ifid];
	rec->ts_raw = (uint64_t)u32_at(r, b + 12) << 32 | u32_at(r, b + 16);
	rec->caplen = u32_at(r, b + 20);
	rec->wirelen = u32_at(r, b + 24);
	if (PAD4((size_t)rec->caplen) > len - 32)
		return fail(r, "packet of %u bytes overruns its block", rec->caplen);
	rec->data = b + 28;
	return parse_options(r, 28 + PAD4((size_t)rec->caplen), len - 4, rec);
}

/* Read the next block whole into r->blk; 0 at a clean end of file. */
static int read_block(struct pcapng_reader *r, uint32_t *type, size_t *len)
{
	uint8_t hdr[8];
	uint32_t raw_len;
	int ret;

	r->offset = (uint64_t)ftello(r->f);
	ret = read_exact(r, hdr, sizeof(hdr), true);
	if (ret <= 0)
		return ret;
	memcpy(type, hdr, 4);
	if (*type == PCAPNG_SHB) { /* a palindrome: same in either order */
		memcpy(&raw_len, hdr + 4, 4);
		/* Which order the length is in is only known from the magic
		 * after it; take the smaller reading, which is checked then. */
		if (__builtin_bswap32(raw_len) < raw_len)
			raw_len = __builtin_bswap32(raw_len);
	} else {
		if (!r->in_section)
			return fail(r, "not a pcapng file (no section header first)");
		*type = u32_at(r, hdr);
		raw_len = u32_at(r, hdr + 4);
	}
	if (raw_len < 12 || raw_len % 4 || raw_len > PCAPNG_MAX_BLOCK)
		return fail(r, "block length %u is not valid", raw_len);
	*len = raw_len;
	if (*len > r->blk_cap) {
		uint8_t *n = realloc(r->blk, *len);

		if (!n)
			return fail(r, "out of memory");
		r->blk = n;
		r->blk_cap = *len;
	}
	memcpy(r->blk, hdr, sizeof(hdr));
	ret = read_exact(r, r->blk + 8, *len - 8, false);
	if (ret < 0)
		return ret;
	if (*type != PCAPNG_SHB && u32_at(r, r->blk + *len - 4) != raw_len)
		return fail(r, "trailing length %u differs from %u", u32_at(r, r->blk + *len - 4),
			    raw_len);
	return 1;
}

int pcapng_next(struct pcapng_reader *r, struct pcapng_rec *rec)
{
	size_t len = 0;
	uint32_t type = 0;
	int ret;

	memset(rec, 0, sizeof(*rec));
	ret = read_block(r, &type, &len);
	if (ret <= 0)
		return ret;
	rec->type = type;
	switch (type) {
	case PCAPNG_SHB:
		ret = parse_shb(r, len, rec);
		break;
	case PCAPNG_IDB:
		ret = parse_idb(r, len, rec);
		break;
	case PCAPNG_EPB:
		ret = parse_epb(r, len, rec);
		break;
	default:
		ret = 0; /* other blocks are skipped, as the format asks */
		break;
	}
	if (ret < 0)
		return ret;
	r->n_blocks++;
	return 1;
}
