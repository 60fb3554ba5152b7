// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of pp_expr_splice() on real BPF objects, opened but not
 * loaded (no kernel needed): every marker becomes `ja filter; ja +0`, its
 * own copy of the right filter follows the program's original code and
 * jumps back to the second slot, and nothing else moves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "filter/ebpf_insn.h"
#include "filter/expr_priv.h"
#include "filter_test.skel.h"
#include "txq.skel.h"
#include "check.h"

struct snapshot {
	struct bpf_insn *insns;
	size_t cnt;
};

static int marker_layer(const struct bpf_insn *in)
{
	if (in->code != (BPF_LD | BPF_DW | BPF_IMM) || in->dst_reg != 0)
		return -1;
	if ((__u32)in->imm == PP_FILTER_MARK_L2)
		return PP_EXPR_L2;
	if ((__u32)in->imm == PP_FILTER_MARK_L3)
		return PP_EXPR_L3;
	return -1;
}

static struct snapshot take(const struct bpf_program *prog)
{
	struct snapshot s = { .cnt = bpf_program__insn_cnt(prog) };

	s.insns = malloc(s.cnt * sizeof(*s.insns));
	if (s.insns)
		memcpy(s.insns, bpf_program__insns(prog), s.cnt * sizeof(*s.insns));
	return s;
}

/* Check one program against its state before splicing; returns markers. */
static unsigned int check_program(const struct pp_expr *e, const struct bpf_program *prog,
				  const struct snapshot *before)
{
	static const struct bpf_insn no_match = { .code = BPF_ALU | BPF_MOV | BPF_K };
	const struct bpf_insn *now = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog), at = before->cnt;
	const char *name = bpf_program__name(prog);
	unsigned int markers = 0;

	for (size_t m = 0; m < before->cnt; m++) {
		int layer = marker_layer(&before->insns[m]);
		const struct bpf_insn *code;
		unsigned int n;

		if (layer < 0) {
			CHECK(!memcmp(&now[m], &before->insns[m], sizeof(*now)),
			      "%s: instruction %zu changed", name, m);
			continue;
		}
		markers++;
		code = e->has[layer] ? e->ebpf[layer].insns : &no_match;
		n = e->has[layer] ? e->ebpf[layer].cnt : 1;
		CHECK(pp_is_ja(&now[m]) && m + 1 + now[m].off == at,
		      "%s: marker %zu: no jump to %zu", name, m, at);
		CHECK(pp_is_ja(&now[m + 1]) && now[m + 1].off == 0, "%s: second slot of %zu", name,
		      m);
		CHECK(at + n + 1 <= cnt && !memcmp(&now[at], code, n * sizeof(*now)),
		      "%s: marker %zu: not its layer's filter", name, m);
		CHECK(at + n < cnt && pp_is_ja(&now[at + n]) &&
			      (long)(at + n + 1) + now[at + n].off == (long)m + 1,
		      "%s: marker %zu: no jump back", name, m);
		at += n + 1;
		m++;
	}
	CHECK(at == cnt, "%s: %zu instructions, expected %zu", name, cnt, at);
	for (size_t i = 0; i < cnt; i++)
		CHECK(marker_layer(&now[i]) < 0, "%s: marker left at %zu", name, i);
	return markers;
}

/* want_markers 0: at least one (a mode's programs may change). */
static void test_object(struct bpf_object *obj, const char *expr, unsigned int want_markers)
{
	struct snapshot before[8] = { 0 };
	struct bpf_program *prog;
	struct pp_expr *e;
	unsigned int i = 0, markers = 0;

	if (pp_expr_compile(expr, &e) || !e) {
		CHECK(0, "'%s' does not compile", expr);
		return;
	}
	bpf_object__for_each_program(prog, obj)
	{
		if (i < 8)
			before[i++] = take(prog);
	}

	/* No filter: the markers stay and the rodata switches them off. */
	CHECK(pp_expr_splice(NULL, obj) == 0, "splice of no filter");
	i = 0;
	bpf_object__for_each_program(prog, obj)
	{
		if (i < 8) {
			CHECK(bpf_program__insn_cnt(prog) == before[i].cnt &&
				      !memcmp(bpf_program__insns(prog), before[i].insns,
					      before[i].cnt * sizeof(struct bpf_insn)),
			      "no filter changed %s", bpf_program__name(prog));
			i++;
		}
	}

	CHECK(pp_expr_splice(e, obj) == 0, "splice '%s'", expr);
	i = 0;
	bpf_object__for_each_program(prog, obj)
	{
		if (i < 8)
			markers += check_program(e, prog, &before[i++]);
	}
	CHECK(want_markers ? markers == want_markers : markers > 0,
	      "'%s': %u markers, expected %u", expr, markers, want_markers);

	/* Once spliced, nothing is left to splice. */
	i = 0;
	bpf_object__for_each_program(prog, obj)
	{
		if (i < 8) {
			free(before[i].insns);
			before[i++] = take(prog);
		}
	}
	CHECK(pp_expr_splice(e, obj) == 0, "second splice");
	i = 0;
	bpf_object__for_each_program(prog, obj)
	{
		if (i < 8) {
			CHECK(bpf_program__insn_cnt(prog) == before[i].cnt, "second splice grew %s",
			      bpf_program__name(prog));
			free(before[i++].insns);
		}
	}
	pp_expr_free(e);
}

int main(void)
{
	static const char *const exprs[] = { "tcp port 80", "ether host 02:00:00:00:00:01",
					     "ip6 protochain 6" };

	pp_verbosity = -1;
	for (unsigned int i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
		struct filter_test_bpf *ft = filter_test_bpf__open();
		struct txq_bpf *txq = txq_bpf__open();

		CHECK(ft && txq, "skeletons do not open");
		if (!ft || !txq)
			return 1;
		/* One marker per test program; some in txq's. */
		test_object(ft->obj, exprs[i], 2);
		test_object(txq->obj, exprs[i], 0);
		filter_test_bpf__destroy(ft);
		txq_bpf__destroy(txq);
	}
	if (failures)
		fprintf(stderr, "filter_splice: %d failures\n", failures);
	return failures ? 1 : 0;
}
