/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbpf_to_ebpf.h - pktpath's classic-to-eBPF translator.
 *
 * The output is a fragment, not a program: it runs where a BPF program left
 * a filter marker (see common.bpf.h) and must leave that program's own
 * registers alone. Its contract:
 *
 *   on entry  r1 = struct pp_filter_scratch * (map value; never changed)
 *   on exit   r0 = the verdict, libpcap's return value (0: no match)
 *   uses      r0 = A, r2 = X, r3 = scratch, r4 = loop budget (only when the
 *             program jumps backwards), r5 = caplen (only when it reads
 *             packet bytes); r6-r10 are never touched.
 *
 * Every way out of the fragment jumps to the instruction just past its
 * last one, insns[cnt]; whoever places the fragment puts the way back there.
 *
 * Semantics are those of libpcap 1.10's bpf_filter.c with
 * buflen = min(caplen, PP_SNAP_MAX) and wirelen taken from the scratch area:
 * a load outside the captured bytes, or a division or modulus by X == 0,
 * returns 0; a shift by X >= 32 gives 0; A and X start at 0.
 * Two deliberate differences, both where libpcap has no answer:
 * - M[k] read before any write is 0 (libpcap reads stack garbage);
 * - a backward jump taken more than PP_CBPF_LOOP_BUDGET times in one run
 *   returns 0 (libpcap would loop forever: its `protochain` code does, on
 *   some malformed AH chains).
 */
#ifndef PP_CBPF_TO_EBPF_H
#define PP_CBPF_TO_EBPF_H

#include <stddef.h>
#include <linux/bpf.h>
#include <linux/filter.h>

/* Backward jumps per run; a `protochain` walk needs one per header. */
#define PP_CBPF_LOOP_BUDGET 32

struct pp_ebpf {
	struct bpf_insn *insns;
	unsigned int cnt;     /* exits jump to insns[cnt] */
	unsigned int snaplen; /* packet bytes it can read, <= PP_SNAP_MAX */
};

/*
 * Translate a classic program (checked with pp_cbpf_check() first).
 * Returns 0, or a negative errno with the reason in err: -EINVAL for a
 * program pktpath does not accept, -E2BIG when the result is too large for
 * eBPF's 16-bit jumps, -ENOMEM.
 */
int pp_cbpf_to_ebpf(const struct sock_filter *insns, unsigned int len, struct pp_ebpf *out,
		    char *err, size_t errlen);

void pp_ebpf_free(struct pp_ebpf *prog);

#endif /* PP_CBPF_TO_EBPF_H */
