// SPDX-License-Identifier: GPL-2.0
/*
 * expr_splice.c - put a translated filter where a BPF program left a marker.
 *
 * A marker is the two-slot `r0 = PP_FILTER_MARK_* ll` of common.bpf.h. The
 * filter is appended after the program's last instruction, and the marker
 * becomes
 *     mark:   ja filter          filter: ...            (exits go to `back`)
 *     mark+1: ja +0                      back: ja mark+1
 * so no original instruction moves: libbpf applies its relocations (maps,
 * CO-RE) by instruction index, and appends subprograms only at load time,
 * after whatever the program holds then. Both marker slots stay reachable,
 * as the verifier demands. Each marker gets its own copy of the filter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "filter/ebpf_insn.h"
#include "filter/expr_priv.h"

/* Which filter, if any, a marker at insns[i] asks for. */
static int marker_layer(const struct bpf_insn *insns, size_t cnt, size_t i)
{
	const struct bpf_insn *m = &insns[i];

	if (i + 1 >= cnt || m->code != (BPF_LD | BPF_DW | BPF_IMM) || m->dst_reg != BPF_REG_0 ||
	    m->src_reg != 0 || insns[i + 1].imm != 0)
		return -1;
	if ((__u32)m->imm == PP_FILTER_MARK_L2)
		return PP_EXPR_L2;
	if ((__u32)m->imm == PP_FILTER_MARK_L3)
		return PP_EXPR_L3;
	return -1;
}

/* The code a marker's layer gets: the filter, or "no match" without one. */
static const struct pp_ebpf *code_for(const struct pp_expr *e, int layer)
{
	static struct bpf_insn no_match[] = { { .code = BPF_ALU | BPF_MOV | BPF_K } };
	static const struct pp_ebpf none = { .insns = no_match, .cnt = 1 };

	return e->has[layer] ? &e->ebpf[layer] : &none;
}

static bool fits_s16(long v)
{
	return v >= -32768 && v <= 32767;
}

static int splice_program(const struct pp_expr *e, struct bpf_program *prog)
{
	const struct bpf_insn *old = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog), total = cnt, at;
	struct bpf_insn *insns;
	int err;

	for (size_t i = 0; i < cnt; i++) {
		int layer = marker_layer(old, cnt, i);

		if (layer >= 0)
			total += code_for(e, layer)->cnt + 1;
	}
	if (total == cnt)
		return 0;

	insns = calloc(total, sizeof(*insns));
	if (!insns)
		return -ENOMEM;
	memcpy(insns, old, cnt * sizeof(*insns));
	at = cnt;
	for (size_t m = 0; m < cnt; m++) {
		int layer = marker_layer(old, cnt, m);
		const struct pp_ebpf *code;
		long back;

		if (layer < 0)
			continue;
		code = code_for(e, layer);
		back = (long)(m + 1) - (long)(at + code->cnt + 1);
		if (!fits_s16((long)at - (long)(m + 1)) || !fits_s16(back)) {
			free(insns);
			return -E2BIG;
		}
		insns[m] = pp_ja((__s16)(at - (m + 1)));
		insns[m + 1] = pp_ja(0);
		memcpy(&insns[at], code->insns, code->cnt * sizeof(*insns));
		at += code->cnt;
		insns[at++] = pp_ja((__s16)back);
		m++; /* the second slot is no marker */
	}
	err = bpf_program__set_insns(prog, insns, total);
	free(insns);
	return err;
}

int pp_expr_splice(const struct pp_expr *e, struct bpf_object *obj)
{
	struct bpf_program *prog;

	if (!e)
		return 0; /* markers stay: the rodata switches the filter off */
	bpf_object__for_each_program(prog, obj)
	{
		int err = splice_program(e, prog);
		char q[96];

		if (err == -E2BIG) {
			pp_err("filter %s is too large to splice into %s (more than 32767 "
			       "instructions away)",
			       pp_expr_quote(e->text, q, sizeof(q)), bpf_program__name(prog));
			return PP_EXIT_BPF;
		}
		if (err) {
			pp_err("filter %s: splicing into %s failed: %s",
			       pp_expr_quote(e->text, q, sizeof(q)), bpf_program__name(prog),
			       strerror(-err));
			return PP_EXIT_BPF;
		}
	}
	return 0;
}
