// SPDX-License-Identifier: GPL-2.0
/*
 * cbpf_fuzz - libFuzzer target for the classic-to-eBPF translator.
 *
 * Input: byte 0 is the number of instructions n; bytes 1-2 give caplen
 * (0-256) and wirelen - caplen (see parse()); then n classic instructions of
 * 8 bytes (code u16, jt, jf, k u32, little-endian); the rest is the packet.
 * For every input:
 * - pp_cbpf_check() accepts only programs libpcap's bpf_validate() accepts;
 * - an accepted program translates (no error is acceptable for programs
 *   this short), into a fragment that keeps its register contract, and
 *   the kernel's verifier accepts it;
 * - run on the packet in the kernel, it returns what libpcap's interpreter
 *   returns, unless the program loops (libpcap may never return) or reads
 *   M[] before writing it (libpcap reads stack garbage).
 * Anything else aborts with the program, its translation and the log.
 * Needs root (it loads BPF programs).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter/cbpf.h"
#include "filter/cbpf_flow.h"
#include "filter/cbpf_to_ebpf.h"
#include "filter/dump.h"
#include "filter/pcap_compile.h"
#include "../helpers/filter_runner.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct filter_runner runner;
static char vlog[1 << 20];
static unsigned long n_loaded, n_compared, n_loops;

/* What the run covered, for the test's log: libFuzzer exits through exit(). */
__attribute__((destructor)) static void summary(void)
{
	fprintf(stderr, "cbpf_fuzz: %lu valid programs translated and loaded, %lu with loops, "
			"%lu verdicts compared with libpcap\n",
		n_loaded, n_loops, n_compared);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int err = runner_init(&runner);

	if (err) {
		fprintf(stderr, "cbpf_fuzz: cannot create the scratch map (%s): run as root\n",
			strerror(-err));
		exit(1);
	}
	return 0;
}

struct input {
	struct sock_filter insns[255];
	unsigned int len;
	uint8_t pkt[PP_SNAP_MAX];
	uint32_t caplen, wirelen;
};

static void parse(const uint8_t *data, size_t size, struct input *in)
{
	size_t n = size ? data[0] : 0, off = 3;

	memset(in, 0, sizeof(*in));
	in->caplen = (size > 1 ? data[1] : 0) | (size > 2 ? (data[2] & 1u) << 8 : 0);
	if (in->caplen > PP_SNAP_MAX)
		in->caplen = PP_SNAP_MAX;
	in->wirelen = in->caplen + (size > 2 ? (data[2] >> 1) * 13u : 0);
	for (in->len = 0; in->len < n && off + 8 <= size; in->len++, off += 8) {
		struct sock_filter *f = &in->insns[in->len];

		f->code = (__u16)(data[off] | data[off + 1] << 8);
		f->jt = data[off + 2];
		f->jf = data[off + 3];
		f->k = (__u32)data[off + 4] | (__u32)data[off + 5] << 8 |
		       (__u32)data[off + 6] << 16 | (__u32)data[off + 7] << 24;
	}
	/* The rest is the packet; caplen bytes of it, zero-padded. */
	if (off < size)
		memcpy(in->pkt, data + off,
		       size - off < sizeof(in->pkt) ? size - off : sizeof(in->pkt));
}

static void die(const struct input *in, const struct pp_ebpf *code, const char *why)
{
	fprintf(stderr, "cbpf_fuzz: %s\nclassic program:\n", why);
	pp_cbpf_dump(in->insns, in->len, stderr);
	if (code && code->insns) {
		fprintf(stderr, "eBPF fragment:\n");
		pp_ebpf_dump(code->insns, code->cnt, stderr);
	}
	if (vlog[0])
		fprintf(stderr, "verifier log:\n%s\n", vlog);
	abort();
}

/* Whether libpcap's interpreter is a fair reference for this program. */
static int comparable(const struct input *in, unsigned long *loops)
{
	struct pp_cbpf_facts facts;
	int ok;

	if (pp_cbpf_analyze(in->insns, in->len, &facts))
		return 0;
	*loops += facts.has_loops;
	ok = !facts.has_loops && !(facts.uninit_read & 0xffff);
	pp_cbpf_facts_free(&facts);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pp_ebpf code;
	struct input in;
	char err[256];
	uint32_t got, want;
	unsigned int at;
	const char *bad;
	int fd, ret;

	parse(data, size, &in);
	vlog[0] = 0;
	if (pp_cbpf_check(in.insns, in.len, err, sizeof(err))) {
		if (pp_cbpf_to_ebpf(in.insns, in.len, &code, err, sizeof(err)) != -EINVAL)
			die(&in, NULL, "the translator accepts what the check refuses");
		return 0;
	}
	if (!pp_pcap_validate(in.insns, in.len))
		die(&in, NULL, "accepted a program libpcap's bpf_validate() refuses");

	ret = pp_cbpf_to_ebpf(in.insns, in.len, &code, err, sizeof(err));
	if (ret) {
		snprintf(vlog, sizeof(vlog), "%s", err);
		die(&in, NULL, "a valid program did not translate");
	}
	bad = runner_contract(&code, &at);
	if (bad) {
		snprintf(vlog, sizeof(vlog), "instruction %u %s", at, bad);
		die(&in, &code, "the fragment breaks its register contract");
	}
	fd = runner_load(&runner, &code, vlog, sizeof(vlog));
	if (fd < 0)
		die(&in, &code, "the verifier refused the translation");
	n_loaded++;

	if (runner_run(&runner, fd, in.pkt, in.caplen, in.wirelen, &got))
		die(&in, &code, "BPF_PROG_TEST_RUN failed");
	if (comparable(&in, &n_loops)) {
		n_compared++;
		want = pp_pcap_filter(&(struct pp_cbpf){ .insns = in.insns, .len = in.len }, in.pkt,
				      in.wirelen, in.caplen);
		if (got != want) {
			snprintf(vlog, sizeof(vlog), "caplen %u wirelen %u: kernel %u, libpcap %u",
				 in.caplen, in.wirelen, got, want);
			die(&in, &code, "verdicts differ");
		}
	}
	close(fd);
	pp_ebpf_free(&code);
	return 0;
}
