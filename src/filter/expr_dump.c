// SPDX-License-Identifier: GPL-2.0
/*
 * expr_dump.c - print a compiled expression: libpcap's classic program and
 * pktpath's eBPF translation, one instruction a line, for `-d`-style
 * debugging and for the tests' failure reports.
 */
#include <stdio.h>

#include "filter/dump.h"
#include "filter/ebpf_insn.h"
#include "filter/expr_priv.h"

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=",  [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=",   [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "= -",
	[BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=",  [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "= be",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">",   [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&", [BPF_JNE >> 4] = "!=",  [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<", [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(__u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_W:
		return "u32";
	case BPF_H:
		return "u16";
	case BPF_B:
		return "u8";
	}
	return "u64";
}

static const char *or_q(const char *s)
{
	return s ? s : "?";
}

static void dump_ebpf_insn(FILE *out, const struct bpf_insn *in, unsigned int i)
{
	__u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_ALU || cls == BPF_JMP32 ? 'w' : 'r';

	fprintf(out, "  %4u: ", i);
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_END)
			fprintf(out, "r%u = be%d r%u\n", in->dst_reg, in->imm, in->dst_reg);
		else if (op == BPF_NEG)
			fprintf(out, "%c%u = -%c%u\n", r, in->dst_reg, r, in->dst_reg);
		else if (BPF_SRC(in->code) == BPF_X)
			fprintf(out, "%c%u %s %c%u\n", r, in->dst_reg, or_q(alu_ops[op >> 4]), r,
				in->src_reg);
		else
			fprintf(out, "%c%u %s %d\n", r, in->dst_reg, or_q(alu_ops[op >> 4]),
				in->imm);
		break;
	case BPF_LDX:
		fprintf(out, "r%u = *(%s *)(r%u %+d)\n", in->dst_reg, size_name(in->code),
			in->src_reg, in->off);
		break;
	case BPF_STX:
		fprintf(out, "*(%s *)(r%u %+d) = r%u\n", size_name(in->code), in->dst_reg, in->off,
			in->src_reg);
		break;
	case BPF_ST:
		fprintf(out, "*(%s *)(r%u %+d) = %d\n", size_name(in->code), in->dst_reg, in->off,
			in->imm);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_JA)
			fprintf(out, "goto %+d\n", in->off);
		else if (op == BPF_EXIT)
			fprintf(out, "exit\n");
		else if (BPF_SRC(in->code) == BPF_X)
			fprintf(out, "if %c%u %s %c%u goto %+d\n", r, in->dst_reg,
				or_q(jmp_ops[op >> 4]), r, in->src_reg, in->off);
		else
			fprintf(out, "if %c%u %s %#x goto %+d\n", r, in->dst_reg,
				or_q(jmp_ops[op >> 4]), (__u32)in->imm, in->off);
		break;
	default:
		fprintf(out, "code %#x dst r%u src r%u off %d imm %d\n", in->code, in->dst_reg,
			in->src_reg, in->off, in->imm);
	}
}

void pp_cbpf_dump(const struct sock_filter *insns, unsigned int len, FILE *out)
{
	for (unsigned int i = 0; i < len; i++)
		fprintf(out, "  (%03u) code %#06x jt %3u jf %3u k %#x\n", i, insns[i].code,
			insns[i].jt, insns[i].jf, insns[i].k);
}

void pp_ebpf_dump(const struct bpf_insn *insns, unsigned int cnt, FILE *out)
{
	for (unsigned int i = 0; i < cnt; i++)
		dump_ebpf_insn(out, &insns[i], i);
}

void pp_expr_dump(const struct pp_expr *e, FILE *out)
{
	static const char *const names[] = { "Ethernet", "raw IP" };

	if (!e) {
		fprintf(out, "no filter\n");
		return;
	}
	fprintf(out, "filter '%s': reads %u bytes\n", e->text, e->snaplen);
	for (int l = 0; l < PP_EXPR_LAYERS; l++) {
		if (!e->has[l]) {
			fprintf(out, "%s: not applicable, never matches\n", names[l]);
			continue;
		}
		fprintf(out, "%s: classic BPF, %u instructions\n", names[l], e->cbpf[l].len);
		pp_cbpf_dump(e->cbpf[l].insns, e->cbpf[l].len, out);
		fprintf(out, "%s: eBPF, %u instructions (r1 scratch, r0 A, r2 X)\n", names[l],
			e->ebpf[l].cnt);
		pp_ebpf_dump(e->ebpf[l].insns, e->ebpf[l].cnt, out);
	}
}
