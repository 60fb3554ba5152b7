// SPDX-License-Identifier: GPL-2.0
/*
 * filter_diff - the tcpdump filter's differential test.
 *
 * Every expression of a corpus goes through pp_expr_compile() and
 * pp_expr_splice() into filter_test.bpf.c, exactly as a mode's programs
 * get it, and runs in the kernel (BPF_PROG_TEST_RUN) on every packet:
 * generated frames (filter_pktgen.h) and frames captured in a sandbox
 * (pcap files). Each verdict must equal libpcap's own interpreter on the
 * same classic program, with caplen = min(len, PP_SNAP_MAX). The raw-IP
 * compilation runs on the part of each frame after its Ethernet header and
 * VLAN tags. Any difference is printed with the expression and the packet,
 * and makes the exit status 1.
 *
 * Usage: filter_diff [-s SEED] [-n GENERATED] [-p FILE.pcap]... [-e EXPR] [-v]
 *                    [EXPRESSIONS_FILE]
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "filter/expr_priv.h"
#include "filter/pcap_compile.h"
#include "filter_test.skel.h"
#include "filter_pktgen.h"

#define MAX_PRINTED 5 /* mismatches shown per expression and layer */

static struct {
	struct pkt *pkts;
	unsigned int n, cap;
	unsigned int verbose;
} corpus;

/* What the watchdog reports if libpcap's interpreter never returns. */
static const char *volatile cur_expr;
static volatile long cur_pkt = -1;

static char bpf_log[1 << 16];
static size_t bpf_log_len;

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(bpf_log + bpf_log_len, sizeof(bpf_log) - bpf_log_len, fmt, ap);
	if (n > 0)
		bpf_log_len = bpf_log_len + n < sizeof(bpf_log) ? bpf_log_len + n : bpf_log_len;
	return 0;
}

static void watchdog(int sig)
{
	char msg[512];
	int n = snprintf(msg, sizeof(msg),
			 "filter_diff: timeout: expression '%s', packet %ld (libpcap loops?)\n",
			 cur_expr ? cur_expr : "?", (long)cur_pkt);

	if (write(2, msg, n) < 0)
		_exit(3);
	_exit(3);
}

static int add_pkt(const uint8_t *data, uint32_t len, const char *kind)
{
	if (corpus.n == corpus.cap) {
		unsigned int cap = corpus.cap ? corpus.cap * 2 : 4096;
		struct pkt *p = realloc(corpus.pkts, cap * sizeof(*p));

		if (!p)
			return -1;
		corpus.pkts = p;
		corpus.cap = cap;
	}
	corpus.pkts[corpus.n].data = malloc(len ? len : 1);
	if (!corpus.pkts[corpus.n].data)
		return -1;
	memcpy(corpus.pkts[corpus.n].data, data, len);
	corpus.pkts[corpus.n].len = len;
	corpus.pkts[corpus.n].kind = kind;
	corpus.n++;
	return 0;
}

/* A classic pcap file (microsecond or nanosecond, either byte order). */
static int read_pcap(const char *path)
{
	uint32_t hdr[6], rec[4];
	unsigned int before = corpus.n;
	uint8_t *buf = NULL;
	int swap, ret = -1;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "filter_diff: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fread(hdr, sizeof(hdr), 1, f) != 1)
		goto bad;
	if (hdr[0] == 0xa1b2c3d4 || hdr[0] == 0xa1b23c4d)
		swap = 0;
	else if (hdr[0] == 0xd4c3b2a1 || hdr[0] == 0x4d3cb2a1)
		swap = 1;
	else
		goto bad;
	if ((swap ? __builtin_bswap32(hdr[5]) : hdr[5]) != 1) {
		fprintf(stderr, "filter_diff: %s: not Ethernet\n", path);
		goto out;
	}
	while (fread(rec, sizeof(rec), 1, f) == 1) {
		uint32_t caplen = swap ? __builtin_bswap32(rec[2]) : rec[2];
		uint32_t len = swap ? __builtin_bswap32(rec[3]) : rec[3];
		uint8_t *nb;

		if (caplen > (1u << 20) || caplen > len)
			goto bad;
		nb = realloc(buf, caplen ? caplen : 1);
		if (!nb)
			goto out;
		buf = nb;
		if (caplen && fread(buf, caplen, 1, f) != 1)
			goto bad;
		/* The capture keeps whole frames; a cut one would lie about len. */
		if (caplen != len)
			continue;
		if (add_pkt(buf, len, "captured"))
			goto out;
	}
	if (corpus.verbose)
		fprintf(stderr, "filter_diff: %u frames from %s\n", corpus.n - before, path);
	ret = 0;
	goto out;
bad:
	fprintf(stderr, "filter_diff: %s: not a pcap file, or truncated\n", path);
out:
	free(buf);
	fclose(f);
	return ret;
}

/* Bytes of the Ethernet header and its VLAN tags; 0 when too short. */
static uint32_t l2_len(const struct pkt *p)
{
	uint32_t off = 12;

	for (;;) {
		uint32_t type;

		if (p->len < off + 2)
			return 0;
		type = p->data[off] << 8 | p->data[off + 1];
		if (type != 0x8100 && type != 0x88a8 && type != 0x9100)
			return off + 2;
		off += 4;
	}
}

static void hexdump(const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 32 == 0 ? "\n    " : i % 4 == 0 ? " " : "", d[i]);
	fprintf(stderr, "\n");
}

struct runner {
	struct filter_test_bpf *skel;
	struct pp_filter_scratch *scratch;
	size_t map_size;
	int prog_fd[PP_EXPR_LAYERS];
};

static int runner_open(struct runner *r, const struct pp_expr *e)
{
	long page = sysconf(_SC_PAGESIZE);
	void *m;

	memset(r, 0, sizeof(*r));
	bpf_log_len = 0;
	bpf_log[0] = 0;
	r->skel = filter_test_bpf__open();
	if (!r->skel)
		return -1;
	if (pp_expr_splice(e, r->skel->obj) || filter_test_bpf__load(r->skel))
		return -1;
	r->map_size = (sizeof(struct pp_filter_scratch) + page - 1) / page * page;
	m = mmap(NULL, r->map_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 bpf_map__fd(r->skel->maps.ft_input), 0);
	if (m == MAP_FAILED) {
		snprintf(bpf_log, sizeof(bpf_log), "mmap: %s\n", strerror(errno));
		return -1;
	}
	r->scratch = m;
	r->prog_fd[PP_EXPR_L2] = bpf_program__fd(r->skel->progs.filter_test_l2);
	r->prog_fd[PP_EXPR_L3] = bpf_program__fd(r->skel->progs.filter_test_l3);
	return 0;
}

static void runner_close(struct runner *r)
{
	if (r->scratch)
		munmap(r->scratch, r->map_size);
	filter_test_bpf__destroy(r->skel);
}

/* The kernel's verdict on data[0..len). */
static int run_kernel(struct runner *r, int layer, const uint8_t *data, uint32_t len,
		      uint32_t *verdict)
{
	static const uint8_t dummy[14]; /* tc needs an Ethernet header's worth */
	uint32_t caplen = len < PP_SNAP_MAX ? len : PP_SNAP_MAX;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = dummy, .data_size_in = sizeof(dummy),
		    .repeat = 1);
	int err;

	/* Bytes past caplen keep the previous packet's: a filter reading
	 * them would show up as a difference. */
	memcpy(r->scratch->pkt, data, caplen);
	r->scratch->caplen = caplen;
	r->scratch->wirelen = len;
	err = bpf_prog_test_run_opts(r->prog_fd[layer], &opts);
	*verdict = opts.retval;
	return err;
}

struct tally {
	unsigned long runs[PP_EXPR_LAYERS], matches[PP_EXPR_LAYERS], mismatches, failures;
	unsigned int no_l3;
};

static void report(const struct pp_expr *e, int layer, unsigned int idx, const uint8_t *data,
		   uint32_t len, uint32_t got, uint32_t want)
{
	uint32_t caplen = len < PP_SNAP_MAX ? len : PP_SNAP_MAX;

	fprintf(stderr,
		"MISMATCH %s filter '%s' packet #%u (%s, len %u, caplen %u): kernel %u, "
		"libpcap %u",
		layer == PP_EXPR_L2 ? "L2" : "L3", e->text, idx, corpus.pkts[idx].kind, len, caplen,
		got, want);
	hexdump(data, caplen);
}

static void check_expr(const char *text, struct tally *t)
{
	unsigned int printed[PP_EXPR_LAYERS] = { 0 }, hits[PP_EXPR_LAYERS] = { 0 };
	struct pp_expr *e = NULL;
	struct runner r;

	cur_expr = text;
	if (pp_expr_compile(text, &e) || !e) {
		fprintf(stderr, "FAIL filter '%s': does not compile\n", text);
		t->failures++;
		return;
	}
	if (runner_open(&r, e)) {
		fprintf(stderr, "FAIL filter '%s': load failed\n%s", text, bpf_log);
		t->failures++;
		goto out;
	}
	if (!e->has[PP_EXPR_L3])
		t->no_l3++;

	for (unsigned int i = 0; i < corpus.n; i++) {
		const struct pkt *p = &corpus.pkts[i];

		cur_pkt = i;
		for (int layer = 0; layer < PP_EXPR_LAYERS; layer++) {
			uint32_t off = layer == PP_EXPR_L2 ? 0 : l2_len(p), got, want;
			const uint8_t *data = p->data + off;
			uint32_t len = p->len - off;

			if (!e->has[layer] || (layer == PP_EXPR_L3 && !off))
				continue;
			want = pp_pcap_filter(&e->cbpf[layer], data, len,
					      len < PP_SNAP_MAX ? len : PP_SNAP_MAX);
			if (run_kernel(&r, layer, data, len, &got)) {
				fprintf(stderr, "FAIL filter '%s': test run: %s\n", text,
					strerror(errno));
				t->failures++;
				goto out_close;
			}
			t->runs[layer]++;
			t->matches[layer] += want != 0;
			hits[layer] += want != 0;
			if (got == want)
				continue;
			t->mismatches++;
			if (printed[layer]++ < MAX_PRINTED)
				report(e, layer, i, data, len, got, want);
		}
	}
	if (corpus.verbose)
		fprintf(stderr, "ok filter '%s': %u + %u matches, %u + %u insns\n", text,
			hits[0], hits[1], e->ebpf[0].cnt, e->ebpf[1].cnt);
out_close:
	runner_close(&r);
out:
	pp_expr_free(e);
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		*--end = 0;
	return s;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 0x5eed2026;
	unsigned int n_gen = 3000, n_expr = 0;
	const char *one = NULL;
	struct tally t = { 0 };
	struct timespec t0, t1;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:p:e:v")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			n_gen = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			if (read_pcap(optarg))
				return 2;
			break;
		case 'e':
			one = optarg;
			break;
		case 'v':
			corpus.verbose++;
			break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n GENERATED] [-p FILE.pcap]... "
					"[-e EXPR] [-v] [EXPRESSIONS_FILE]\n",
				argv[0]);
			return 2;
		}
	}
	if (!one && optind != argc - 1) {
		fprintf(stderr, "%s: an expressions file or -e EXPR is needed\n", argv[0]);
		return 2;
	}

	{
		unsigned int base = corpus.n;
		struct pkt *gen = calloc(n_gen ? n_gen : 1, sizeof(*gen));

		if (!gen || pktgen(seed, n_gen, gen))
			return 2;
		for (unsigned int i = 0; i < n_gen; i++) {
			if (add_pkt(gen[i].data, gen[i].len, gen[i].kind))
				return 2;
			free(gen[i].data);
		}
		free(gen);
		fprintf(stderr,
			"filter_diff: %u packets (%u generated with seed %#llx, %u captured)\n",
			corpus.n, n_gen, seed, base);
	}

	libbpf_set_print(print_libbpf);
	pp_verbosity = PP_LOG_WARN; /* the "needs a link layer" notes are expected */
	signal(SIGALRM, watchdog);
	alarm(300);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	if (one) {
		check_expr(one, &t);
		n_expr = 1;
	} else {
		FILE *f = fopen(argv[optind], "r");
		char line[4096];

		if (!f) {
			fprintf(stderr, "%s: %s\n", argv[optind], strerror(errno));
			return 2;
		}
		while (fgets(line, sizeof(line), f)) {
			char *s = trim(line);

			if (!*s || *s == '#')
				continue;
			check_expr(s, &t);
			n_expr++;
		}
		fclose(f);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	fprintf(stderr,
		"filter_diff: %u expressions (%u without raw IP), %lu + %lu runs (L2 + L3), "
		"%lu + %lu matched, %lu mismatches, %lu failures, %.1f s\n",
		n_expr, t.no_l3, t.runs[0], t.runs[1], t.matches[0], t.matches[1], t.mismatches,
		t.failures,
		(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (unsigned int i = 0; i < corpus.n; i++)
		free(corpus.pkts[i].data);
	free(corpus.pkts);
	return t.mismatches || t.failures ? 1 : 0;
}
