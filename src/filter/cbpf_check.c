// SPDX-License-Identifier: GPL-2.0
/*
 * cbpf_check.c - which classic BPF programs pktpath agrees to translate.
 *
 * libpcap's pcap_validate_filter() lets through opcodes its interpreter then
 * aborts on (any BPF_MISC or BPF_RET variant, odd size bits), so the list of
 * opcodes here is the interpreter's switch in bpf_filter.c, exactly.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "filter/cbpf.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool known_opcode(__u16 code)
{
	switch (code) {
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_MSH | BPF_B:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
		return true;
	}
	if (BPF_CLASS(code) != BPF_ALU || (code & ~0xff))
		return false;
	switch (BPF_OP(code)) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_MUL:
	case BPF_DIV:
	case BPF_MOD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
	case BPF_LSH:
	case BPF_RSH:
		return true; /* with BPF_K or BPF_X: the only other bit */
	}
	return false;
}

/* What is wrong with instruction i, or NULL. */
static const char *insn_problem(const struct sock_filter *insns, unsigned int len, unsigned int i)
{
	const struct sock_filter *f = &insns[i];
	__u8 op = BPF_OP(f->code);

	if (!known_opcode(f->code))
		return "unknown opcode";
	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
	case BPF_LDX:
		if (BPF_MODE(f->code) == BPF_MEM && f->k >= PP_CBPF_MEMWORDS)
			return "M[] index out of range";
		break;
	case BPF_ST:
	case BPF_STX:
		if (f->k >= PP_CBPF_MEMWORDS)
			return "M[] index out of range";
		break;
	case BPF_ALU:
		if (BPF_SRC(f->code) == BPF_K && (op == BPF_DIV || op == BPF_MOD) && f->k == 0)
			return "division by constant 0";
		if (BPF_SRC(f->code) == BPF_K && (op == BPF_LSH || op == BPF_RSH) && f->k >= 32)
			return "shift by a constant of 32 or more";
		break;
	case BPF_JMP:
		if (op == BPF_JA ? pp_cbpf_ja_target(i, f->k) >= len
				 : i + 1 + f->jt >= len || i + 1 + f->jf >= len)
			return "jump out of range";
		break;
	}
	return NULL;
}

int pp_cbpf_check(const struct sock_filter *insns, unsigned int len, char *err, size_t errlen)
{
	if (len == 0)
		return fail(err, errlen, "empty program");
	if (len > PP_CBPF_MAX_INSNS)
		return fail(err, errlen, "%u instructions, more than the %u supported", len,
			    PP_CBPF_MAX_INSNS);
	for (unsigned int i = 0; i < len; i++) {
		const char *why = insn_problem(insns, len, i);

		if (why)
			return fail(err, errlen, "instruction %u (code %#x, k %#x): %s", i,
				    insns[i].code, insns[i].k, why);
	}
	if (BPF_CLASS(insns[len - 1].code) != BPF_RET)
		return fail(err, errlen, "last instruction does not return");
	return 0;
}

void pp_cbpf_free(struct pp_cbpf *prog)
{
	free(prog->insns);
	prog->insns = NULL;
	prog->len = 0;
}
