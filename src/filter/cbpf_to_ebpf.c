// SPDX-License-Identifier: GPL-2.0
/*
 * cbpf_to_ebpf.c - translate a classic BPF program into an eBPF fragment
 * that reads the packet from struct pp_filter_scratch (contract in the
 * header).
 *
 * Every packet load is checked twice over, for two different readers:
 * - at run time against caplen, with libpcap's exact condition
 *   (k + size <= caplen, or X + k + size <= caplen without 32-bit wrap);
 * - for the verifier, which knows nothing of caplen (it is map data), the
 *   offset must be provably inside pkt[]: absolute loads use constant
 *   offsets, and loads beyond PP_SNAP_MAX always fail anyway; an indexed
 *   load gets a second compare with PP_SNAP_MAX unless the bound of X
 *   (cbpf_flow.c) already proves it.
 * A run-time check that an earlier one on every path already covers is left
 * out (cbpf_flow.c's caplen_min).
 *
 * All arithmetic is 32-bit (BPF_ALU, BPF_JMP32), so A and X are always
 * zero-extended and the 64-bit index arithmetic below cannot wrap.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "filter/cbpf.h"
#include "filter/cbpf_flow.h"
#include "filter/cbpf_to_ebpf.h"
#include "filter/ebpf_insn.h"

#define R_A BPF_REG_0
#define R_SCRATCH BPF_REG_1
#define R_X BPF_REG_2
#define R_TMP BPF_REG_3
#define R_BUDGET BPF_REG_4
#define R_CAPLEN BPF_REG_5

#define OFF_CAPLEN offsetof(struct pp_filter_scratch, caplen)
#define OFF_WIRELEN offsetof(struct pp_filter_scratch, wirelen)
#define OFF_MEM offsetof(struct pp_filter_scratch, mem)
#define OFF_PKT offsetof(struct pp_filter_scratch, pkt)

_Static_assert(sizeof(((struct pp_filter_scratch *)0)->mem) == PP_CBPF_MEMWORDS * 4,
	       "scratch memory must hold libpcap's M[]");

struct fixup {
	unsigned int at; /* index of the jump instruction */
	int label;       /* classic instruction index, or enum pp_cbpf_label */
};

struct emitter {
	struct bpf_insn *insns;
	unsigned int cnt, cap;
	struct fixup *fix;
	unsigned int nfix, fixcap;
	bool oom;
	bool caplen_in_reg; /* r5 holds caplen for the whole fragment */
	int launder_mem;    /* M[] word the program never uses, or -1 */
};

static void *grow(void *p, unsigned int *cap, size_t size)
{
	unsigned int ncap = *cap ? *cap * 2 : 64;
	void *np = realloc(p, (size_t)ncap * size);

	if (np)
		*cap = ncap;
	return np;
}

static void emit(struct emitter *e, struct bpf_insn insn)
{
	if (e->cnt == e->cap) {
		struct bpf_insn *n = grow(e->insns, &e->cap, sizeof(*n));

		if (!n) {
			e->oom = true;
			return;
		}
		e->insns = n;
	}
	e->insns[e->cnt++] = insn;
}

/* A jump whose offset is filled in once every instruction has its place. */
static void emit_jump(struct emitter *e, struct bpf_insn insn, int label)
{
	if (e->nfix == e->fixcap) {
		struct fixup *n = grow(e->fix, &e->fixcap, sizeof(*n));

		if (!n) {
			e->oom = true;
			return;
		}
		e->fix = n;
	}
	e->fix[e->nfix++] = (struct fixup){ .at = e->cnt, .label = label };
	emit(e, insn);
}

static __u8 ebpf_size(unsigned int bytes)
{
	return bytes == 4 ? BPF_W : bytes == 2 ? BPF_H : BPF_B;
}

/* r5 = caplen, unless it is there for the whole fragment. */
static void emit_caplen(struct emitter *e)
{
	if (!e->caplen_in_reg)
		emit(e, pp_ldx(BPF_W, R_CAPLEN, R_SCRATCH, OFF_CAPLEN));
}

/* LD ABS/IND and LDX MSH. */
static void emit_load(struct emitter *e, const struct sock_filter *f, __u32 caplen_min, __u64 xmax)
{
	unsigned int size = pp_cbpf_load_size(f);
	__u32 end = f->k + size; /* no wrap: loads that could are never emitted */
	__u8 dst = BPF_MODE(f->code) == BPF_MSH ? R_X : R_A;

	if (pp_cbpf_load_always_fails(f)) {
		emit_jump(e, pp_ja(0), PP_LABEL_FAIL);
		return;
	}
	if (BPF_MODE(f->code) == BPF_IND) {
		/* X + k + size <= caplen, computed in 64 bits. */
		emit(e, pp_alu64_reg(BPF_MOV, R_TMP, R_X));
		emit(e, pp_alu64_imm(BPF_ADD, R_TMP, end));
		emit_caplen(e);
		emit_jump(e, pp_jmp_reg(BPF_JGT, R_TMP, R_CAPLEN, 0), PP_LABEL_FAIL);
		if (xmax > PP_SNAP_MAX - end)
			emit_jump(e, pp_jmp_imm(BPF_JGT, R_TMP, PP_SNAP_MAX, 0), PP_LABEL_FAIL);
		emit(e, pp_alu64_reg(BPF_ADD, R_TMP, R_SCRATCH));
		emit(e, pp_ldx(ebpf_size(size), dst, R_TMP, OFF_PKT - size));
	} else {
		if (caplen_min < end) {
			emit_caplen(e);
			emit_jump(e, pp_jmp_imm(BPF_JLT, R_CAPLEN, end, 0), PP_LABEL_FAIL);
		}
		emit(e, pp_ldx(ebpf_size(size), dst, R_SCRATCH, OFF_PKT + f->k));
	}
	if (BPF_MODE(f->code) == BPF_MSH) {
		emit(e, pp_alu32_imm(BPF_AND, R_X, 0xf));
		emit(e, pp_alu32_imm(BPF_LSH, R_X, 2));
	} else if (size > 1) {
		emit(e, pp_to_be(R_A, size * 8));
	}
}

static void emit_alu(struct emitter *e, const struct sock_filter *f)
{
	__u8 op = BPF_OP(f->code);

	if (op == BPF_NEG) {
		emit(e, pp_alu32_imm(BPF_NEG, R_A, 0));
		return;
	}
	if (BPF_SRC(f->code) == BPF_K) {
		/* The validator refused k == 0 for DIV/MOD and k >= 32 for shifts. */
		emit(e, pp_alu32_imm(op, R_A, (__s32)f->k));
		return;
	}
	if (op == BPF_DIV || op == BPF_MOD) {
		/* libpcap returns 0; eBPF would give 0 or leave A alone. */
		emit_jump(e, pp_jmp_imm(BPF_JEQ, R_X, 0, 0), PP_LABEL_FAIL);
	} else if (op == BPF_LSH || op == BPF_RSH) {
		/* libpcap gives 0 for X >= 32; eBPF only looks at X & 31. */
		emit(e, pp_jmp_imm(BPF_JLT, R_X, 32, 1));
		emit(e, pp_alu32_imm(BPF_MOV, R_A, 0));
	}
	emit(e, pp_alu32_reg(op, R_A, R_X));
}

static __u8 inverse_jmp(__u8 op)
{
	switch (op) {
	case BPF_JEQ:
		return BPF_JNE;
	case BPF_JGT:
		return BPF_JLE;
	case BPF_JGE:
		return BPF_JLT;
	}
	return 0; /* BPF_JSET has none */
}

static struct bpf_insn jcc(const struct sock_filter *f, __u8 op, __s16 off)
{
	if (BPF_SRC(f->code) == BPF_X)
		return pp_jmp32_reg(op, R_A, R_X, off);
	return pp_jmp32_imm(op, R_A, (__s32)f->k, off);
}

/*
 * Before a backward jump. The budget lets the verifier see the loop end.
 * Passing A and X through memory makes them unknown to it, so every
 * iteration reaches the loop head in the same state but for the budget;
 * otherwise each different history of X (protochain adds header lengths
 * to it) is a state of its own, and their number explodes.
 */
static void emit_back_edge(struct emitter *e)
{
	emit_jump(e, pp_jmp_imm(BPF_JEQ, R_BUDGET, 0, 0), PP_LABEL_FAIL);
	emit(e, pp_alu64_imm(BPF_ADD, R_BUDGET, -1));
	if (e->launder_mem >= 0) {
		__s16 off = OFF_MEM + 4 * e->launder_mem;

		emit(e, pp_stx(BPF_W, R_SCRATCH, R_X, off));
		emit(e, pp_ldx(BPF_W, R_X, R_SCRATCH, off));
		emit(e, pp_stx(BPF_W, R_SCRATCH, R_A, off));
		emit(e, pp_ldx(BPF_W, R_A, R_SCRATCH, off));
	}
}

static void emit_jmp(struct emitter *e, const struct sock_filter *insns, unsigned int i)
{
	const struct sock_filter *f = &insns[i];
	unsigned int t = i + 1 + f->jt, ft = i + 1 + f->jf;
	__u8 op = BPF_OP(f->code);

	if (op == BPF_JA) {
		t = pp_cbpf_ja_target(i, f->k);
		if (t <= i)
			emit_back_edge(e);
		if (t != i + 1)
			emit_jump(e, pp_ja(0), pp_cbpf_label_of(insns, t));
		return;
	}
	if (t == ft) {
		if (t != i + 1)
			emit_jump(e, pp_ja(0), pp_cbpf_label_of(insns, t));
	} else if (f->jf == 0) {
		emit_jump(e, jcc(f, op, 0), pp_cbpf_label_of(insns, t));
	} else if (f->jt == 0 && inverse_jmp(op)) {
		emit_jump(e, jcc(f, inverse_jmp(op), 0), pp_cbpf_label_of(insns, ft));
	} else if (f->jt == 0) {
		emit(e, jcc(f, op, 1)); /* jset: over the jump to jf */
		emit_jump(e, pp_ja(0), pp_cbpf_label_of(insns, ft));
	} else {
		emit_jump(e, jcc(f, op, 0), pp_cbpf_label_of(insns, t));
		emit_jump(e, pp_ja(0), pp_cbpf_label_of(insns, ft));
	}
}

static void emit_insn(struct emitter *e, const struct sock_filter *insns, unsigned int i,
		      const struct pp_cbpf_facts *facts)
{
	const struct sock_filter *f = &insns[i];
	__s16 mem = OFF_MEM + 4 * (f->k % PP_CBPF_MEMWORDS);

	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
	case BPF_LDX: {
		__u8 dst = BPF_CLASS(f->code) == BPF_LD ? R_A : R_X;

		switch (BPF_MODE(f->code)) {
		case BPF_IMM:
			emit(e, pp_alu32_imm(BPF_MOV, dst, (__s32)f->k));
			break;
		case BPF_LEN:
			emit(e, pp_ldx(BPF_W, dst, R_SCRATCH, OFF_WIRELEN));
			break;
		case BPF_MEM:
			emit(e, pp_ldx(BPF_W, dst, R_SCRATCH, mem));
			break;
		default:
			emit_load(e, f, facts->caplen_min[i], facts->xmax[i]);
			break;
		}
		break;
	}
	case BPF_ST:
		emit(e, pp_stx(BPF_W, R_SCRATCH, R_A, mem));
		break;
	case BPF_STX:
		emit(e, pp_stx(BPF_W, R_SCRATCH, R_X, mem));
		break;
	case BPF_ALU:
		emit_alu(e, f);
		break;
	case BPF_JMP:
		emit_jmp(e, insns, i);
		break;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_K && f->k == 0) {
			emit_jump(e, pp_ja(0), PP_LABEL_FAIL);
			break;
		}
		if (BPF_RVAL(f->code) == BPF_K)
			emit(e, pp_alu32_imm(BPF_MOV, R_A, (__s32)f->k));
		emit_jump(e, pp_ja(0), PP_LABEL_END);
		break;
	case BPF_MISC:
		if (BPF_MISCOP(f->code) == BPF_TAX)
			emit(e, pp_alu64_reg(BPF_MOV, R_X, R_A));
		else
			emit(e, pp_alu64_reg(BPF_MOV, R_A, R_X));
		break;
	}
}

/* Give registers and M[] that may be read before written libpcap's start. */
static void emit_prologue(struct emitter *e, const struct pp_cbpf_facts *facts)
{
	if (facts->uninit_read & PP_CBPF_UNINIT_A)
		emit(e, pp_alu32_imm(BPF_MOV, R_A, 0));
	if (facts->uninit_read & PP_CBPF_UNINIT_X)
		emit(e, pp_alu32_imm(BPF_MOV, R_X, 0));
	for (unsigned int k = 0; k < PP_CBPF_MEMWORDS; k++) {
		if (facts->uninit_read & (1u << k))
			emit(e, pp_st_imm(BPF_W, R_SCRATCH, OFF_MEM + 4 * k, 0));
	}
	if (facts->has_loads && e->caplen_in_reg)
		emit(e, pp_ldx(BPF_W, R_CAPLEN, R_SCRATCH, OFF_CAPLEN));
	if (facts->has_loops)
		emit(e, pp_alu64_imm(BPF_MOV, R_BUDGET, PP_CBPF_LOOP_BUDGET));
}

static int unused_mem(const struct sock_filter *insns, unsigned int len)
{
	__u32 used = 0;

	for (unsigned int i = 0; i < len; i++) {
		__u16 c = insns[i].code;

		if (c == BPF_ST || c == BPF_STX || c == (BPF_LD | BPF_MEM) ||
		    c == (BPF_LDX | BPF_MEM))
			used |= 1u << insns[i].k;
	}
	for (int k = PP_CBPF_MEMWORDS - 1; k >= 0; k--) {
		if (!(used & (1u << k)))
			return k;
	}
	return -1; /* all 16 in use: loops still work, but verify more slowly */
}

static bool last_is_jump_to(const struct emitter *e, int label)
{
	return e->nfix && e->fix[e->nfix - 1].at == e->cnt - 1 &&
	       pp_is_ja(&e->insns[e->cnt - 1]) && e->fix[e->nfix - 1].label == label;
}

/*
 * The shared "return 0", only when something uses it (the verifier refuses
 * unreachable instructions), and no jump to the very next instruction.
 */
static unsigned int emit_epilogue(struct emitter *e)
{
	bool need_fail = false;

	for (unsigned int j = 0; j < e->nfix; j++)
		need_fail |= e->fix[j].label == PP_LABEL_FAIL;
	if (need_fail) {
		if (last_is_jump_to(e, PP_LABEL_FAIL)) {
			e->cnt--;
			e->nfix--;
		}
		emit(e, pp_alu32_imm(BPF_MOV, R_A, 0));
		return e->cnt - 1;
	}
	if (last_is_jump_to(e, PP_LABEL_END)) {
		e->cnt--;
		e->nfix--;
	}
	return e->cnt; /* unused */
}

static int resolve(struct emitter *e, const unsigned int *pos, const bool *emitted,
		   unsigned int fail, char *err, size_t errlen)
{
	for (unsigned int j = 0; j < e->nfix; j++) {
		const struct fixup *fx = &e->fix[j];
		long target, off;

		if (fx->label == PP_LABEL_FAIL)
			target = fail;
		else if (fx->label == PP_LABEL_END)
			target = e->cnt;
		else if (emitted[fx->label])
			target = pos[fx->label];
		else
			return -EFAULT; /* a bug in cbpf_flow.c: say so, do not guess */
		off = target - ((long)fx->at + 1);
		if (off < -32768 || off > 32767) {
			snprintf(err, errlen, "too large: a jump spans %ld eBPF instructions", off);
			return -E2BIG;
		}
		e->insns[fx->at].off = (__s16)off;
	}
	return 0;
}

int pp_cbpf_to_ebpf(const struct sock_filter *insns, unsigned int len, struct pp_ebpf *out,
		    char *err, size_t errlen)
{
	struct pp_cbpf_facts facts;
	struct emitter e = { 0 };
	unsigned int *pos, fail;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = pp_cbpf_check(insns, len, err, errlen);
	if (ret)
		return ret;
	if (pp_cbpf_analyze(insns, len, &facts))
		goto oom;
	pos = calloc(len, sizeof(*pos));
	if (!pos) {
		pp_cbpf_facts_free(&facts);
		goto oom;
	}

	/*
	 * In a loop, caplen is read again for each check: a register the
	 * verifier refines at every check would differ between iterations.
	 */
	e.caplen_in_reg = !facts.has_loops;
	e.launder_mem = unused_mem(insns, len);
	emit_prologue(&e, &facts);
	for (unsigned int i = 0; i < len; i++) {
		if (!facts.emit[i])
			continue;
		pos[i] = e.cnt;
		emit_insn(&e, insns, i, &facts);
	}
	fail = emit_epilogue(&e);
	ret = e.oom ? -ENOMEM : resolve(&e, pos, facts.emit, fail, err, errlen);
	out->snaplen = facts.snaplen;
	free(pos);
	pp_cbpf_facts_free(&facts);
	free(e.fix);
	if (ret == -ENOMEM)
		goto oom_free;
	if (ret) {
		if (ret == -EFAULT)
			snprintf(err, errlen, "internal error: jump to an instruction not emitted");
		free(e.insns);
		return ret;
	}
	out->insns = e.insns;
	out->cnt = e.cnt;
	return 0;

oom_free:
	free(e.insns);
oom:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

void pp_ebpf_free(struct pp_ebpf *prog)
{
	free(prog->insns);
	memset(prog, 0, sizeof(*prog));
}
