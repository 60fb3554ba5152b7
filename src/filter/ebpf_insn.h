/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ebpf_insn.h - constructors for single eBPF instructions.
 *
 * The uapi headers give the opcode bits but no way to build an instruction;
 * these keep the translator and the splicer readable. Register numbers are
 * the eBPF ones (BPF_REG_0 ...).
 */
#ifndef PP_EBPF_INSN_H
#define PP_EBPF_INSN_H

#include <linux/bpf.h>

static inline struct bpf_insn pp_insn(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	struct bpf_insn insn = {
		.code = code,
		.dst_reg = dst,
		.src_reg = src,
		.off = off,
		.imm = imm,
	};

	return insn;
}

/* dst op= imm, on the low 32 bits; the upper 32 bits become zero. */
static inline struct bpf_insn pp_alu32_imm(__u8 op, __u8 dst, __s32 imm)
{
	return pp_insn(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}

static inline struct bpf_insn pp_alu32_reg(__u8 op, __u8 dst, __u8 src)
{
	return pp_insn(BPF_ALU | op | BPF_X, dst, src, 0, 0);
}

static inline struct bpf_insn pp_alu64_imm(__u8 op, __u8 dst, __s32 imm)
{
	return pp_insn(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}

static inline struct bpf_insn pp_alu64_reg(__u8 op, __u8 dst, __u8 src)
{
	return pp_insn(BPF_ALU64 | op | BPF_X, dst, src, 0, 0);
}

/* dst = big-endian value of its low `bits` bits, zero-extended. */
static inline struct bpf_insn pp_to_be(__u8 dst, __s32 bits)
{
	return pp_insn(BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, bits);
}

/* dst = *(size *)(src + off), zero-extended. */
static inline struct bpf_insn pp_ldx(__u8 size, __u8 dst, __u8 src, __s16 off)
{
	return pp_insn(BPF_LDX | BPF_MEM | size, dst, src, off, 0);
}

/* *(size *)(dst + off) = src */
static inline struct bpf_insn pp_stx(__u8 size, __u8 dst, __u8 src, __s16 off)
{
	return pp_insn(BPF_STX | BPF_MEM | size, dst, src, off, 0);
}

/* *(size *)(dst + off) = imm */
static inline struct bpf_insn pp_st_imm(__u8 size, __u8 dst, __s16 off, __s32 imm)
{
	return pp_insn(BPF_ST | BPF_MEM | size, dst, 0, off, imm);
}

static inline struct bpf_insn pp_jmp_imm(__u8 op, __u8 dst, __s32 imm, __s16 off)
{
	return pp_insn(BPF_JMP | op | BPF_K, dst, 0, off, imm);
}

static inline struct bpf_insn pp_jmp_reg(__u8 op, __u8 dst, __u8 src, __s16 off)
{
	return pp_insn(BPF_JMP | op | BPF_X, dst, src, off, 0);
}

/* Compare the low 32 bits only: the immediate is not sign-extended. */
static inline struct bpf_insn pp_jmp32_imm(__u8 op, __u8 dst, __s32 imm, __s16 off)
{
	return pp_insn(BPF_JMP32 | op | BPF_K, dst, 0, off, imm);
}

static inline struct bpf_insn pp_jmp32_reg(__u8 op, __u8 dst, __u8 src, __s16 off)
{
	return pp_insn(BPF_JMP32 | op | BPF_X, dst, src, off, 0);
}

static inline struct bpf_insn pp_ja(__s16 off)
{
	return pp_insn(BPF_JMP | BPF_JA, 0, 0, off, 0);
}

static inline struct bpf_insn pp_exit_insn(void)
{
	return pp_insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static inline int pp_is_ja(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_JA);
}

#endif /* PP_EBPF_INSN_H */
