// SPDX-License-Identifier: GPL-2.0
/*
 * cbpf_flow.c - data flow over a classic BPF program, for the translator.
 *
 * libpcap programs only jump forward, except the `protochain` loop, so one
 * pass in instruction order usually reaches the fixed point; the loop below
 * repeats passes until nothing changes, which also covers backward jumps.
 *
 * The bounds of A and X must never be better than what the kernel's
 * verifier derives on its own from the emitted code, because the translator
 * drops a range check when the bound says it is not needed. So only what
 * every verifier since 5.x tracks is used: byte loads, constants, `and` and
 * right shifts by a constant, and the `ldxb 4*([k]&0xf)` sequence. Half-word
 * and word loads go through a byte swap, which older verifiers do not track.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "filter/cbpf.h"
#include "filter/cbpf_flow.h"

#define UNINIT_ALL (PP_CBPF_UNINIT_A | PP_CBPF_UNINIT_X | 0xffffu)

struct state {
	bool seen;
	__u32 uninit; /* may still hold no value */
	__u32 lb;     /* caplen is at least this */
	__u64 amax, xmax;
};

unsigned int pp_cbpf_load_size(const struct sock_filter *insn)
{
	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND:
		return 4;
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_H | BPF_IND:
		return 2;
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LDX | BPF_MSH | BPF_B:
		return 1;
	}
	return 0;
}

/* One past the last byte a load reads with X = 0. */
static __u64 load_end(const struct sock_filter *insn)
{
	return (__u64)insn->k + pp_cbpf_load_size(insn);
}

bool pp_cbpf_load_always_fails(const struct sock_filter *insn)
{
	return pp_cbpf_load_size(insn) && load_end(insn) > PP_SNAP_MAX;
}

int pp_cbpf_label_of(const struct sock_filter *insns, unsigned int t)
{
	if (insns[t].code == (BPF_RET | BPF_K) && insns[t].k == 0)
		return PP_LABEL_FAIL;
	if (insns[t].code == (BPF_RET | BPF_A))
		return PP_LABEL_END;
	return (int)t;
}

/* Successors in the program's own semantics. */
static unsigned int successors(const struct sock_filter *insns, unsigned int i, unsigned int out[2])
{
	const struct sock_filter *f = &insns[i];

	if (BPF_CLASS(f->code) == BPF_RET || pp_cbpf_load_always_fails(f))
		return 0;
	if (BPF_CLASS(f->code) != BPF_JMP) {
		out[0] = i + 1;
		return 1;
	}
	if (BPF_OP(f->code) == BPF_JA) {
		out[0] = pp_cbpf_ja_target(i, f->k);
		return 1;
	}
	out[0] = i + 1 + f->jt;
	out[1] = i + 1 + f->jf;
	return out[0] == out[1] ? 1 : 2;
}

/*
 * Successors in the emitted code: the same, except that jumps to `ret #0`
 * and `ret a` go straight to the labels, so those returns are emitted only
 * when the previous instruction falls through into them.
 */
static unsigned int emitted_successors(const struct sock_filter *insns, unsigned int i,
				       unsigned int out[2])
{
	unsigned int succ[2], n = successors(insns, i, succ), m = 0;

	for (unsigned int j = 0; j < n; j++) {
		if (succ[j] == i + 1 || pp_cbpf_label_of(insns, succ[j]) >= 0)
			out[m++] = succ[j];
	}
	return m;
}

static __u64 min_u64(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

static __u32 reads_of(const struct sock_filter *f)
{
	__u32 r = 0;

	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
		if (BPF_MODE(f->code) == BPF_IND)
			r |= PP_CBPF_UNINIT_X;
		if (BPF_MODE(f->code) == BPF_MEM)
			r |= 1u << f->k;
		break;
	case BPF_LDX:
		if (BPF_MODE(f->code) == BPF_MEM)
			r |= 1u << f->k;
		break;
	case BPF_ST:
		r |= PP_CBPF_UNINIT_A;
		break;
	case BPF_STX:
		r |= PP_CBPF_UNINIT_X;
		break;
	case BPF_ALU:
		r |= PP_CBPF_UNINIT_A;
		if (BPF_SRC(f->code) == BPF_X && BPF_OP(f->code) != BPF_NEG)
			r |= PP_CBPF_UNINIT_X;
		break;
	case BPF_JMP:
		/* BPF_JA has the value of BPF_ADD: test the class first. A backward
		 * one passes A and X through memory (emit_back_edge()). */
		if (BPF_OP(f->code) == BPF_JA && (__s32)f->k < 0)
			r |= PP_CBPF_UNINIT_A | PP_CBPF_UNINIT_X;
		if (BPF_OP(f->code) == BPF_JA)
			break;
		r |= PP_CBPF_UNINIT_A;
		if (BPF_SRC(f->code) == BPF_X)
			r |= PP_CBPF_UNINIT_X;
		break;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_A)
			r |= PP_CBPF_UNINIT_A;
		break;
	case BPF_MISC:
		r |= BPF_MISCOP(f->code) == BPF_TAX ? PP_CBPF_UNINIT_A : PP_CBPF_UNINIT_X;
		break;
	}
	return r;
}

static struct state transfer(const struct sock_filter *f, struct state s)
{
	__u64 end = load_end(f);

	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
		s.uninit &= ~PP_CBPF_UNINIT_A;
		s.amax = PP_CBPF_UNBOUNDED;
		switch (BPF_MODE(f->code)) {
		case BPF_ABS:
		case BPF_IND:
			/* Past this load, the packet has at least k + size bytes. */
			if (end > s.lb)
				s.lb = end;
			if (BPF_SIZE(f->code) == BPF_B)
				s.amax = 0xff;
			break;
		case BPF_IMM:
			s.amax = f->k;
			break;
		}
		break;
	case BPF_LDX:
		s.uninit &= ~PP_CBPF_UNINIT_X;
		s.xmax = PP_CBPF_UNBOUNDED;
		if (BPF_MODE(f->code) == BPF_MSH) {
			if (end > s.lb)
				s.lb = end;
			s.xmax = 60;
		} else if (BPF_MODE(f->code) == BPF_IMM) {
			s.xmax = f->k;
		}
		break;
	case BPF_ST:
	case BPF_STX:
		s.uninit &= ~(1u << f->k);
		break;
	case BPF_ALU:
		if (f->code == (BPF_ALU | BPF_AND | BPF_K))
			s.amax = min_u64(s.amax, f->k);
		else if (f->code == (BPF_ALU | BPF_RSH | BPF_K))
			s.amax >>= f->k;
		else
			s.amax = PP_CBPF_UNBOUNDED;
		break;
	case BPF_JMP:
		/* A backward jump hides A and X from the verifier (see
		 * emit_back_edge()); forward jumps change nothing. */
		if (BPF_OP(f->code) == BPF_JA && (__s32)f->k < 0)
			s.amax = s.xmax = PP_CBPF_UNBOUNDED;
		break;
	case BPF_MISC:
		if (BPF_MISCOP(f->code) == BPF_TAX) {
			s.uninit &= ~PP_CBPF_UNINIT_X;
			s.xmax = s.amax;
		} else {
			s.uninit &= ~PP_CBPF_UNINIT_A;
			s.amax = s.xmax;
		}
		break;
	}
	return s;
}

/* Merge a predecessor's exit state into `dst`; true when dst changed. */
static bool join(struct state *dst, const struct state *src)
{
	struct state old = *dst;

	if (!dst->seen) {
		*dst = *src;
		return true;
	}
	dst->uninit |= src->uninit;
	if (src->lb < dst->lb)
		dst->lb = src->lb;
	if (src->amax > dst->amax)
		dst->amax = src->amax;
	if (src->xmax > dst->xmax)
		dst->xmax = src->xmax;
	return memcmp(&old, dst, sizeof(old)) != 0;
}

static void mark_emitted(const struct sock_filter *insns, unsigned int len, bool *emit)
{
	bool changed = true;

	/* Forward jumps settle in one pass; each extra pass follows a back edge. */
	emit[0] = true;
	while (changed) {
		changed = false;
		for (unsigned int i = 0; i < len; i++) {
			unsigned int succ[2], n;

			if (!emit[i])
				continue;
			n = emitted_successors(insns, i, succ);
			for (unsigned int j = 0; j < n; j++) {
				if (!emit[succ[j]]) {
					emit[succ[j]] = true;
					changed |= succ[j] < i;
				}
			}
		}
	}
}

static void collect(const struct sock_filter *insns, unsigned int len, const struct state *in,
		    struct pp_cbpf_facts *f)
{
	for (unsigned int i = 0; i < len; i++) {
		const struct sock_filter *insn = &insns[i];

		if (!in[i].seen)
			continue;
		/* Returns that are jumped to, not emitted, still read A. */
		f->uninit_read |= in[i].uninit & reads_of(insn);
		f->caplen_min[i] = in[i].lb;
		f->xmax[i] = in[i].xmax;
		if (!f->emit[i])
			continue;
		if (pp_cbpf_load_size(insn) && !pp_cbpf_load_always_fails(insn)) {
			__u32 need = BPF_MODE(insn->code) == BPF_IND ? PP_SNAP_MAX : load_end(insn);

			f->has_loads = true;
			if (need > f->snaplen)
				f->snaplen = need;
		}
		if (insn->code == (BPF_JMP | BPF_JA) && pp_cbpf_ja_target(i, insn->k) <= i)
			f->has_loops = true;
	}
}

int pp_cbpf_analyze(const struct sock_filter *insns, unsigned int len, struct pp_cbpf_facts *f)
{
	struct state *in;
	bool changed = true;

	memset(f, 0, sizeof(*f));
	in = calloc(len, sizeof(*in));
	f->emit = calloc(len, sizeof(*f->emit));
	f->caplen_min = calloc(len, sizeof(*f->caplen_min));
	f->xmax = calloc(len, sizeof(*f->xmax));
	if (!in || !f->emit || !f->caplen_min || !f->xmax) {
		free(in);
		pp_cbpf_facts_free(f);
		return -ENOMEM;
	}

	in[0] = (struct state){ .seen = true, .uninit = UNINIT_ALL, .lb = 0 };
	while (changed) {
		changed = false;
		for (unsigned int i = 0; i < len; i++) {
			unsigned int succ[2], n;
			struct state out;

			if (!in[i].seen)
				continue;
			out = transfer(&insns[i], in[i]);
			n = successors(insns, i, succ);
			for (unsigned int j = 0; j < n; j++)
				changed |= join(&in[succ[j]], &out) && succ[j] <= i;
		}
	}

	mark_emitted(insns, len, f->emit);
	collect(insns, len, in, f);
	free(in);
	return 0;
}

void pp_cbpf_facts_free(struct pp_cbpf_facts *f)
{
	free(f->emit);
	free(f->caplen_min);
	free(f->xmax);
	memset(f, 0, sizeof(*f));
}
