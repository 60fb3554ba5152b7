/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbpf_flow.h - what the translator needs to know about a classic program
 * before it emits anything: which instructions it will emit, which values
 * may be read before they are written, how many packet bytes are already
 * proven present at each instruction, and an upper bound of X.
 */
#ifndef PP_CBPF_FLOW_H
#define PP_CBPF_FLOW_H

#include <stdbool.h>
#include <linux/filter.h>

/* Bits of pp_cbpf_facts.uninit_read: M[0..15], then A and X. */
#define PP_CBPF_UNINIT_A (1u << 16)
#define PP_CBPF_UNINIT_X (1u << 17)

/* "Unknown" for the value bounds below. */
#define PP_CBPF_UNBOUNDED (~0ULL)

/* Where a jump to an instruction really goes once translated. */
enum pp_cbpf_label {
	PP_LABEL_FAIL = -1, /* the shared "return 0" */
	PP_LABEL_END = -2,  /* the end of the filter, verdict in r0 */
};

struct pp_cbpf_facts {
	/* Per instruction. */
	bool *emit;          /* reached once jumps to returns are redirected */
	__u32 *caplen_min;   /* packet bytes proven present on entry */
	__u64 *xmax;         /* X is at most this on entry */
	/* Whole program. */
	__u32 uninit_read;   /* PP_CBPF_UNINIT_* and M bits read before written */
	bool has_loads;      /* reads packet bytes (so needs caplen) */
	bool has_loops;      /* a JA goes backwards */
	__u32 snaplen;       /* bytes from the packet's start it can read */
};

/* Bytes a packet load reads: 4, 2 or 1; 0 when insn is no packet load. */
unsigned int pp_cbpf_load_size(const struct sock_filter *insn);

/*
 * A load whose bytes lie beyond PP_SNAP_MAX can never succeed: the scratch
 * area holds no more. libpcap's interpreter fails the same loads, because
 * caplen is at most PP_SNAP_MAX here.
 */
bool pp_cbpf_load_always_fails(const struct sock_filter *insn);

/*
 * Instruction index a jump to `t` is emitted to, or a pp_cbpf_label: a
 * `ret #0` becomes the shared fail block, a `ret a` the end of the filter
 * (the verdict is already in r0).
 */
int pp_cbpf_label_of(const struct sock_filter *insns, unsigned int t);

/* Returns 0 or -ENOMEM. The program must have passed pp_cbpf_check(). */
int pp_cbpf_analyze(const struct sock_filter *insns, unsigned int len, struct pp_cbpf_facts *f);
void pp_cbpf_facts_free(struct pp_cbpf_facts *f);

#endif /* PP_CBPF_FLOW_H */
