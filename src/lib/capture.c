// SPDX-License-Identifier: GPL-2.0
/*
 * capture.c - `-w FILE` (capture.h): files, rotation, interfaces, and
 * what a record becomes in the file.
 *
 * Rotation follows tcpdump's -C and -W: -C MB starts a new file before one
 * would grow past MB million bytes. Without --max-files the files are
 * FILE, FILE1, FILE2...; with --max-files N they are FILE0..FILE<N-1>
 * (the number zero-padded to the width of N-1) and the oldest is
 * overwritten, a ring of N files. Each file is a complete pcapng: its own
 * section header and the interface blocks it uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/capture.h"
#include "lib/log.h"
#include "lib/pcapng.h"

#define DEFAULT_SNAPLEN PP_SNAP_MAX
#define MB 1000000ULL /* tcpdump's -C unit */

struct capture_if {
	uint32_t netns, ifindex;
	uint16_t linktype;
	bool written;   /* its block is in the current file */
	char name[80];  /* DEV@NETNS */
};

struct capture {
	const char *path;       /* as given; "-" for stdout */
	char *cur;              /* the current file's name */
	int fd;
	uint32_t snaplen;
	uint64_t limit;         /* bytes per file; 0 = one file */
	unsigned long max_files, file_no, files;
	uint64_t size;          /* bytes in the current file */
	struct capture_if *ifs;
	uint32_t n_ifs, cap_ifs;
	struct pcapng_buf blk;
	unsigned long packets, file_packets;
	bool failed;
	char appl[96];
};

uint32_t capture_snaplen(const struct capture *c)
{
	return c ? c->snaplen : 0;
}

static int digits(unsigned long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* tcpdump's names: FILE, FILE1, FILE2...; with -W: FILE0, FILE1... padded. */
static char *file_name(const struct capture *c, unsigned long no)
{
	char *name = NULL;
	int ret;

	if (!c->max_files && !no)
		return strdup(c->path);
	if (c->max_files)
		ret = asprintf(&name, "%s%0*lu", c->path, digits(c->max_files - 1), no);
	else
		ret = asprintf(&name, "%s%lu", c->path, no);
	return ret < 0 ? NULL : name;
}

/* One block, with one write(): a signal can only come between blocks. */
static int put_block(struct capture *c, const struct pcapng_buf *b)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t n = write(c->fd, b->buf + off, b->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			pp_err("-w %s: %s", c->cur, n < 0 ? strerror(errno) : "nothing written");
			/* A disk that filled up mid-block: take the part back, so
			 * the file ends after its last whole block. */
			if (off && strcmp(c->path, "-") && ftruncate(c->fd, (off_t)c->size))
				pp_warn("-w %s: a partial block remains: %s", c->cur,
					strerror(errno));
			c->failed = true;
			return PP_EXIT_FAIL;
		}
		off += n;
	}
	c->size += b->len;
	return 0;
}

static int open_file(struct capture *c)
{
	free(c->cur);
	c->cur = file_name(c, c->file_no);
	if (!c->cur) {
		pp_err("-w: out of memory");
		return PP_EXIT_FAIL;
	}
	c->fd = open(c->cur, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (c->fd < 0) {
		pp_err("-w %s: %s", c->cur, strerror(errno));
		return PP_EXIT_FAIL;
	}
	c->size = 0;
	c->file_packets = 0;
	c->files++;
	for (uint32_t i = 0; i < c->n_ifs; i++)
		c->ifs[i].written = false;
	if (!pcapng_shb(&c->blk, c->appl)) {
		pp_err("-w: out of memory");
		return PP_EXIT_FAIL;
	}
	return put_block(c, &c->blk);
}

static void close_file(struct capture *c)
{
	if (c->fd < 0)
		return;
	/* The end of a file (rotation, exit) is where a disk flush is cheap. */
	if (strcmp(c->path, "-") && fsync(c->fd) && errno != EINVAL)
		pp_warn("-w %s: %s", c->cur, strerror(errno));
	close(c->fd);
	c->fd = -1;
}

/* -w -: the file is stdout, and what pktpath prints there goes to stderr. */
static int open_stdout(struct capture *c)
{
	fflush(stdout);
	c->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (c->fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		pp_err("-w -: %s", strerror(errno));
		return PP_EXIT_FAIL;
	}
	c->cur = strdup("-");
	c->files = 1;
	if (!c->cur || !pcapng_shb(&c->blk, c->appl)) {
		pp_err("-w: out of memory");
		return PP_EXIT_FAIL;
	}
	return put_block(c, &c->blk);
}

static int check_opts(const struct pp_common_opts *co)
{
	if (!co->write && (co->snaplen || co->file_mb || co->max_files)) {
		pp_err("--snaplen, -C and --max-files go with -w FILE");
		return PP_EXIT_USAGE;
	}
	if (co->write && !strcmp(co->write, "-") && co->file_mb) {
		pp_err("-C: standard output (-w -) cannot be rotated");
		return PP_EXIT_USAGE;
	}
	if (co->max_files && !co->file_mb) {
		pp_err("--max-files needs -C MB: the size at which a file is full");
		return PP_EXIT_USAGE;
	}
	return 0;
}

int capture_open(struct capture **cp, const struct pp_common_opts *co, const char *mode)
{
	struct capture *c;
	int ret;

	*cp = NULL;
	ret = check_opts(co);
	if (ret || !co->write)
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return PP_EXIT_FAIL;
	c->path = co->write;
	c->fd = -1;
	c->snaplen = co->snaplen ? co->snaplen : DEFAULT_SNAPLEN;
	c->limit = co->file_mb * MB;
	c->max_files = co->max_files;
	snprintf(c->appl, sizeof(c->appl), "pktpath %s %s", PKTPATH_VERSION, mode);
	ret = strcmp(c->path, "-") ? open_file(c) : open_stdout(c);
	if (ret) {
		capture_close(c);
		return ret;
	}
	*cp = c;
	return 0;
}

/* The interface's id in this file, its block written when new here. */
static int interface(struct capture *c, const struct capture_rec *r, uint16_t linktype,
		     uint32_t *id)
{
	struct capture_if *ifc = NULL;
	uint32_t i;

	for (i = 0; i < c->n_ifs; i++)
		if (c->ifs[i].netns == r->netns && c->ifs[i].ifindex == r->ifindex &&
		    c->ifs[i].linktype == linktype)
			break;
	if (i == c->n_ifs) {
		if (c->n_ifs == c->cap_ifs) {
			uint32_t n = c->cap_ifs ? 2 * c->cap_ifs : 16;
			struct capture_if *p = realloc(c->ifs, n * sizeof(*p));

			if (!p) {
				pp_err("-w: out of memory");
				return -1;
			}
			c->ifs = p;
			c->cap_ifs = n;
		}
		ifc = &c->ifs[c->n_ifs++];
		memset(ifc, 0, sizeof(*ifc));
		ifc->netns = r->netns;
		ifc->ifindex = r->ifindex;
		ifc->linktype = linktype;
		snprintf(ifc->name, sizeof(ifc->name), "%s@%s",
			 r->dev && r->dev[0] ? r->dev : "nodev",
			 r->netns_name ? r->netns_name : "?");
	}
	ifc = &c->ifs[i];
	/* Ids are per file: every file describes all interfaces seen so far
	 * in the same order, so an id means the same device in each. */
	for (uint32_t k = 0; k <= i; k++) {
		if (c->ifs[k].written)
			continue;
		if (!pcapng_idb(&c->blk, c->ifs[k].linktype, c->snaplen, c->ifs[k].name)) {
			pp_err("-w: out of memory");
			return -1;
		}
		if (put_block(c, &c->blk))
			return -1;
		c->ifs[k].written = true;
	}
	*id = i;
	return 0;
}

static int rotate(struct capture *c, size_t next)
{
	/* A file holds at least one packet, however large. */
	if (!c->limit || c->size + next <= c->limit || !c->file_packets)
		return 0;
	close_file(c);
	c->file_no++;
	if (c->max_files && c->file_no >= c->max_files)
		c->file_no = 0;
	return open_file(c);
}

int capture_write(struct capture *c, const struct capture_rec *r)
{
	const struct pp_pkt *pkt = r->pkt;
	uint16_t linktype = pkt->has_l2 ? PCAPNG_LINKTYPE_ETHERNET : PCAPNG_LINKTYPE_RAW;
	struct pcapng_packet p = {
		.ts_ns = r->mono_ns + r->wall_offset_ns,
		.data = pkt->data,
		.caplen = pkt->caplen < c->snaplen ? pkt->caplen : c->snaplen,
		.wirelen = pkt->wirelen,
		.dir = pkt->dir == PP_DIR_IN ? PCAPNG_DIR_IN :
		       pkt->dir == PP_DIR_OUT ? PCAPNG_DIR_OUT : PCAPNG_DIR_UNKNOWN,
		.comment = r->comment,
		.text = r->text,
		.json = r->json,
	};
	struct pcapng_buf b = { 0 };
	int ret = PP_EXIT_FAIL;

	if (c->failed)
		return PP_EXIT_FAIL;
	if (p.caplen > PP_SNAP_MAX)
		p.caplen = PP_SNAP_MAX;
	if (p.wirelen < p.caplen)
		p.wirelen = p.caplen;
	/* The packet block first: its size decides a rotation, which comes
	 * before the interface block it may need. */
	if (!pcapng_epb(&b, &p)) {
		pp_err("-w: out of memory");
		goto out;
	}
	if (rotate(c, b.len) || interface(c, r, linktype, &p.ifid))
		goto out;
	memcpy(b.buf + 8, &p.ifid, 4); /* the EPB's interface id field */
	ret = put_block(c, &b);
	if (!ret) {
		c->packets++;
		c->file_packets++;
	}
out:
	c->failed = ret != 0;
	pcapng_buf_free(&b);
	return ret;
}

void capture_close(struct capture *c)
{
	if (!c)
		return;
	close_file(c);
	if (c->packets || !c->failed)
		pp_info("-w %s: %lu packets in %lu file%s", c->path, c->packets, c->files,
			c->files == 1 ? "" : "s");
	pcapng_buf_free(&c->blk);
	free(c->ifs);
	free(c->cur);
	free(c);
}

/* ---- rendering --------------------------------------------------------- */

FILE *capture_text_start(struct capture_text *t)
{
	t->buf = NULL;
	t->len = 0;
	t->f = open_memstream(&t->buf, &t->len);
	return t->f;
}

const char *capture_text_end(struct capture_text *t)
{
	if (t->f) {
		fclose(t->f);
		t->f = NULL;
	}
	return t->buf ? t->buf : "";
}

void capture_text_free(struct capture_text *t)
{
	if (t->f)
		fclose(t->f);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

/* Does the line start with a clock time, "10:00:01.123456"? */
static size_t clock_prefix(const char *s)
{
	size_t n = 0;

	while (s[n] && (s[n] == ':' || s[n] == '.' || (s[n] >= '0' && s[n] <= '9')))
		n++;
	return n >= 8 && s[2] == ':' && s[n] == ' ' ? n + 1 : 0;
}

char *capture_story(const char *mode, const char *text)
{
	/* Each newline becomes "; ": at most twice the text. */
	char *out = malloc(strlen(mode) + 2 * strlen(text) + 4), *p;
	bool first = true;

	if (!out)
		return NULL;
	p = out + sprintf(out, "%s:", mode);
	text += clock_prefix(text);
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t n = eol ? (size_t)(eol - text) : strlen(text);

		while (n && (*text == ' ' || *text == '\t')) {
			text++;
			n--;
		}
		if (n) {
			p += sprintf(p, "%s%.*s", first ? " " : "; ", (int)n, text);
			first = false;
		}
		text += n + (eol ? 1 : 0);
		if (!eol)
			break;
	}
	return out;
}

int capture_record(struct capture *c, enum capture_out out, const char *mode,
		   struct capture_rec *r, const struct capture_printer *p)
{
	struct capture_text t = { 0 }, j = { 0 };
	struct json_writer w;
	char *story = NULL;
	size_t n;
	int ret;

	if (!c) {
		if (out == CAPTURE_OUT_JSON) {
			json_init(&w, stdout);
			p->json(p->ctx, &w);
		} else if (out == CAPTURE_OUT_TEXT) {
			p->text(p->ctx, stdout);
		}
		return 0;
	}
	if (capture_text_start(&t))
		p->text(p->ctx, t.f);
	if (capture_text_start(&j)) {
		json_init(&w, j.f);
		p->json(p->ctx, &w);
	}
	r->text = capture_text_end(&t);
	r->json = capture_text_end(&j);
	if (out != CAPTURE_OUT_NONE)
		fputs(out == CAPTURE_OUT_JSON ? r->json : r->text, stdout);
	/* The option holds the object without the line's newline. */
	n = strlen(r->json);
	if (n && r->json[n - 1] == '\n')
		j.buf[n - 1] = 0;
	if (!r->comment)
		r->comment = story = capture_story(mode, r->text);
	ret = capture_write(c, r);
	free(story);
	capture_text_free(&t);
	capture_text_free(&j);
	return ret;
}
