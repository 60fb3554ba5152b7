/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cbpf.h - classic BPF programs as libpcap produces them, and the checks a
 * program must pass before pktpath translates it.
 *
 * The instructions are the kernel's struct sock_filter, which has the same
 * layout as libpcap's struct bpf_insn; libpcap's own type cannot be used
 * next to <linux/bpf.h>, whose eBPF instruction has the same name.
 */
#ifndef PP_CBPF_H
#define PP_CBPF_H

#include <stddef.h>
#include <linux/filter.h>

/* Scratch memory words, as in libpcap and the kernel. */
#define PP_CBPF_MEMWORDS 16

/* Longest program accepted; eBPF's 16-bit jumps bound the output anyway. */
#define PP_CBPF_MAX_INSNS 16384

struct pp_cbpf {
	struct sock_filter *insns;
	unsigned int len;
};

/*
 * Accept exactly the programs libpcap's interpreter can run without
 * aborting, minus what it runs with undefined behaviour:
 * - every opcode one its interpreter knows (anything else makes it abort);
 * - M[] indices below 16; no division or modulus by a constant zero;
 * - no shift by a constant of 32 or more (undefined in C; the kernel's
 *   checker refuses it too);
 * - jump targets inside the program; a JA may go backwards, as libpcap's
 *   `protochain` code does;
 * - the last instruction returns.
 * Returns 0, or -EINVAL with the reason in err.
 */
int pp_cbpf_check(const struct sock_filter *insns, unsigned int len, char *err, size_t errlen);

/* Index of the instruction a JA at `i` goes to (its k is signed). */
static inline unsigned int pp_cbpf_ja_target(unsigned int i, __u32 k)
{
	return i + 1 + k; /* unsigned wrap-around: a negative k goes back */
}

void pp_cbpf_free(struct pp_cbpf *prog);

#endif /* PP_CBPF_H */
