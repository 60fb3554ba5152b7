// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the classic-to-eBPF translator and its checks, without the
 * kernel: what the checker refuses, the shape of the code (prologue, bounds
 * checks kept and dropped, loops), the register contract, the bytes an
 * expression reads, and the pp_expr API around it. The kernel-side
 * semantics are tested by tests/filter/{diff,fuzz}.test.sh.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "filter/cbpf.h"
#include "filter/cbpf_to_ebpf.h"
#include "filter/ebpf_insn.h"
#include "filter/expr_priv.h"
#include "filter/pcap_compile.h"
#include "../helpers/filter_runner.h"
#include "check.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int translate(const struct sock_filter *p, unsigned int len, struct pp_ebpf *out,
		     char *err)
{
	return pp_cbpf_to_ebpf(p, len, out, err, 256);
}

#define ANY LONG_MIN

/* How many instructions of the fragment match code (and imm, unless ANY). */
static unsigned int count(const struct pp_ebpf *e, __u8 code, long imm)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < e->cnt; i++)
		n += e->insns[i].code == code && (imm == ANY || e->insns[i].imm == imm);
	return n;
}

static void contract(const struct pp_ebpf *e, const char *what)
{
	unsigned int at;
	const char *bad = runner_contract(e, &at);

	CHECK(!bad, "%s: instruction %u %s", what, at, bad ? bad : "");
}

static void test_check(void)
{
	static const struct {
		struct sock_filter prog[3];
		unsigned int len;
		const char *why;
	} bad[] = {
		{ { BPF_STMT(BPF_LD | BPF_H | BPF_IMM, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "unknown opcode" },
		{ { BPF_STMT(BPF_RET | BPF_X, 0) }, 1, "unknown opcode" },
		{ { BPF_STMT(BPF_MISC | 0x10, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "unknown opcode" },
		{ { BPF_STMT(BPF_ALU | BPF_NEG | BPF_X, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "unknown opcode" },
		{ { BPF_STMT(BPF_LD | BPF_MEM, 16), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "out of range" },
		{ { BPF_STMT(BPF_STX, 99), BPF_STMT(BPF_RET | BPF_K, 0) }, 2, "out of range" },
		{ { BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "division by constant 0" },
		{ { BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "division by constant 0" },
		{ { BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "shift by a constant of 32" },
		{ { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "jump out of range" },
		{ { BPF_STMT(BPF_JMP | BPF_JA, 5), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "jump out of range" },
		{ { BPF_STMT(BPF_JMP | BPF_JA, (__u32)-3), BPF_STMT(BPF_RET | BPF_K, 0) }, 2,
		  "jump out of range" },
		{ { BPF_STMT(BPF_LD | BPF_IMM, 1) }, 1, "does not return" },
		{ { { 0 } }, 0, "empty" },
	};
	struct pp_ebpf out;
	char err[256];

	for (unsigned int i = 0; i < N(bad); i++) {
		int ret = translate(bad[i].prog, bad[i].len, &out, err);

		CHECK(ret == -EINVAL, "bad program %u accepted", i);
		CHECK(ret != -EINVAL || strstr(err, bad[i].why), "program %u: '%s', expected '%s'",
		      i, err, bad[i].why);
	}
}

/* ret #0 / ret #k / ret a: the smallest fragments. */
static void test_returns(void)
{
	struct sock_filter r0[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_filter rk[] = { BPF_STMT(BPF_RET | BPF_K, 0xfffffffe) };
	struct sock_filter ra[] = { BPF_STMT(BPF_RET | BPF_A, 0) };
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(r0, 1, &e, err) && e.cnt == 1 && e.insns[0].imm == 0 &&
		      e.insns[0].code == (BPF_ALU | BPF_MOV | BPF_K),
	      "ret #0 is one mov");
	pp_ebpf_free(&e);
	CHECK(!translate(rk, 1, &e, err) && e.cnt == 1 && (__u32)e.insns[0].imm == 0xfffffffe,
	      "ret #k is one 32-bit mov, no jump");
	pp_ebpf_free(&e);
	/* A reads as 0 before any write, as in libpcap. */
	CHECK(!translate(ra, 1, &e, err) && e.cnt == 1 && e.insns[0].dst_reg == BPF_REG_0 &&
		      e.insns[0].imm == 0,
	      "ret a initializes A");
	pp_ebpf_free(&e);
}

/* ldh [12]; jeq; ldb [23]; ldh [20]; ...: the second check is redundant. */
static void test_bounds_checks(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),             /* needs 14 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x800, 0, 6),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),             /* needs 24 */
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),             /* covered */
		BPF_STMT(BPF_LDX | BPF_MSH | BPF_B, 14),            /* covered */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 14),             /* X known <= 60 */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 300),            /* never fits */
		BPF_STMT(BPF_RET | BPF_K, 1),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(p, N(p), &e, err), "%s", err);
	contract(&e, "bounds");
	CHECK(count(&e, BPF_JMP | BPF_JLT | BPF_K, ANY) == 2, "two caplen checks, not %u",
	      count(&e, BPF_JMP | BPF_JLT | BPF_K, ANY));
	CHECK(count(&e, BPF_JMP | BPF_JGT | BPF_X, ANY) == 1, "one X + k + size <= caplen");
	CHECK(count(&e, BPF_JMP | BPF_JGT | BPF_K, PP_SNAP_MAX) == 0,
	      "no constant bound: X after ldxb 4*([k]&0xf) is at most 60");
	CHECK(count(&e, BPF_LDX | BPF_MEM | BPF_W, ANY) == 1, "only caplen is read as a word: "
	      "the load at 300 is never emitted");
	CHECK(count(&e, BPF_ALU | BPF_END | BPF_TO_BE, 16) == 3, "three half-word loads swap");
	CHECK(e.snaplen == PP_SNAP_MAX, "an indexed load may read anything: snaplen %u",
	      e.snaplen);
	pp_ebpf_free(&e);
}

/* An indexed load with X from memory needs the verifier's constant bound. */
static void test_unknown_x(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LDX | BPF_MEM, 3),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(p, N(p), &e, err), "%s", err);
	contract(&e, "unknown x");
	CHECK(count(&e, BPF_JMP | BPF_JGT | BPF_K, PP_SNAP_MAX) == 1, "constant bound missing");
	/* M[3] is read before written: zeroed in the prologue. */
	CHECK(count(&e, BPF_ST | BPF_MEM | BPF_W, 0) == 1 &&
		      e.insns[0].off == offsetof(struct pp_filter_scratch, mem) + 12,
	      "M[3] not zeroed first");
	pp_ebpf_free(&e);
}

static void test_alu_x(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), /* X is 0 here: libpcap returns 0 */
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
		BPF_STMT(BPF_ALU | BPF_NEG, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(p, N(p), &e, err), "%s", err);
	contract(&e, "alu x");
	CHECK(count(&e, BPF_JMP | BPF_JEQ | BPF_K, 0) == 1, "division by X == 0 not caught");
	CHECK(count(&e, BPF_JMP | BPF_JLT | BPF_K, 32) == 1, "shift by X >= 32 not caught");
	CHECK(count(&e, BPF_LDX | BPF_MEM | BPF_W, ANY) == 1, "no packet load: no caplen read");
	CHECK(e.snaplen == 0, "reads no packet bytes, snaplen %u", e.snaplen);
	pp_ebpf_free(&e);
}

/* JSET with jt == 0 has no inverse in eBPF: jset +1; ja. */
static void test_jumps(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 4, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x80000000, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 7),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(p, N(p), &e, err), "%s", err);
	contract(&e, "jumps");
	CHECK(count(&e, BPF_JMP32 | BPF_JSET | BPF_K, 4) == 1, "jset");
	/* 32-bit compares: k >= 2^31 must not be sign-extended. */
	CHECK(count(&e, BPF_JMP32 | BPF_JLT | BPF_K, (__s32)0x80000000) == 1, "inverted jge");
	CHECK(count(&e, BPF_JMP | BPF_JGE | BPF_K, ANY) == 0, "64-bit compare with an immediate");
	pp_ebpf_free(&e);
}

/* A backward jump: budget, caplen read per check, A and X laundered. */
static void test_loop(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LDX | BPF_IMM, 0),
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),   /* again: */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 4, 0),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_MISC | BPF_TAX, 0),
		BPF_STMT(BPF_JMP | BPF_JA, (__u32)-6),   /* goto again */
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct pp_ebpf e;
	char err[256];

	/* The last JA is index 6: 6 + 1 - 6 = 1. */
	CHECK(!translate(p, N(p), &e, err), "%s", err);
	contract(&e, "loop");
	CHECK(count(&e, BPF_ALU64 | BPF_MOV | BPF_K, PP_CBPF_LOOP_BUDGET) == 1, "no budget");
	CHECK(count(&e, BPF_ALU64 | BPF_ADD | BPF_K, -1) == 1 /* r4 += -1 */,
	      "budget not decremented");
	CHECK(count(&e, BPF_STX | BPF_MEM | BPF_W, ANY) == 2, "A and X not laundered");
	CHECK(count(&e, BPF_JMP | BPF_JGT | BPF_K, PP_SNAP_MAX) == 1,
	      "X is unknown at the loop head: constant bound missing");
	pp_ebpf_free(&e);
}

/* A loop that never touches X still passes it through memory: X starts at 0. */
static void test_loop_without_x(void)
{
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		BPF_STMT(BPF_JMP | BPF_JA, (__u32)-3), /* found by the fuzzer */
		BPF_STMT(BPF_RET | BPF_K, 1),
	};
	struct pp_ebpf e;
	char err[256];

	CHECK(!translate(p, N(p), &e, err), "%s", err);
	CHECK(e.cnt && e.insns[0].code == (BPF_ALU | BPF_MOV | BPF_K) &&
		      e.insns[0].dst_reg == BPF_REG_2,
	      "X not set before the loop stores it");
	pp_ebpf_free(&e);
}

/* A jump over ~100k eBPF instructions cannot be encoded. */
static void test_too_large(void)
{
	static struct sock_filter p[PP_CBPF_MAX_INSNS + 1];
	unsigned int len = PP_CBPF_MAX_INSNS;
	struct pp_ebpf e;
	char err[256];
	int ret;

	p[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0);
	p[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 5, 1, 0);
	p[2] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, len - 5); /* to p[len - 2] */
	for (unsigned int i = 3; i < len - 2; i++)
		p[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_B | BPF_IND, i % 200);
	p[len - 2] = (struct sock_filter)BPF_STMT(BPF_MISC | BPF_TXA, 0);
	p[len - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	ret = translate(p, len, &e, err);
	CHECK(ret == -E2BIG && strstr(err, "too large"), "ret %d, '%s'", ret, err);
	CHECK(e.insns == NULL && e.cnt == 0, "output left behind");
	p[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	CHECK(translate(p, len + 1, &e, err) == -EINVAL && strstr(err, "more than"),
	      "over PP_CBPF_MAX_INSNS");
}

static const char *const corpus[] = {
	"tcp port 80", "ip6 protochain 6", "vlan and vlan and ip", "ip[ip[0] & 0xf] = 1",
	"ip[8] / ip[9] > 3", "ip[1] << ip[9] > 1000", "len > 100", "ether[300] = 0",
	"(tcp and port 80) or (udp and port 53) or icmp", "pppoes and ip",
};

static void test_expr_api(void)
{
	struct pp_meta_filter mf = { .pkt_filter = 1, .pkt_filter_l3 = 1, .snaplen = 9 };
	struct pp_expr *e = (void *)1;

	CHECK(pp_expr_compile(NULL, &e) == 0 && e == NULL, "NULL is no filter");
	e = (void *)1;
	CHECK(pp_expr_compile(" \t ", &e) == 0 && e == NULL, "blank is no filter");
	pp_expr_set_rodata(NULL, &mf);
	CHECK(!mf.pkt_filter && !mf.pkt_filter_l3 && !mf.snaplen, "rodata not cleared");
	CHECK(pp_expr_text(NULL) == NULL, "text of no filter");
	pp_expr_free(NULL);

	CHECK(pp_expr_compile("tcp port", &e) == PP_EXIT_USAGE && e == NULL, "syntax error");

	CHECK(pp_expr_compile("ip", &e) == 0 && e, "ip");
	pp_expr_set_rodata(e, &mf);
	CHECK(mf.pkt_filter && mf.pkt_filter_l3 && mf.snaplen == 14, "ip: %u %u %u",
	      mf.pkt_filter, mf.pkt_filter_l3, mf.snaplen);
	CHECK(!strcmp(pp_expr_text(e), "ip"), "text");
	pp_expr_free(e);

	CHECK(pp_expr_compile("ether src 02:00:00:00:00:01", &e) == 0 && e, "ether src");
	pp_expr_set_rodata(e, &mf);
	CHECK(mf.pkt_filter && !mf.pkt_filter_l3 && mf.snaplen == 12, "ether src: %u %u %u",
	      mf.pkt_filter, mf.pkt_filter_l3, mf.snaplen);
	pp_expr_free(e);

	for (unsigned int i = 0; i < N(corpus); i++) {
		CHECK(pp_expr_compile(corpus[i], &e) == 0 && e, "%s", corpus[i]);
		if (!e)
			continue;
		for (int l = 0; l < PP_EXPR_LAYERS; l++) {
			if (e->has[l])
				contract(&e->ebpf[l], corpus[i]);
		}
		CHECK(e->snaplen <= PP_SNAP_MAX, "%s: snaplen %u", corpus[i], e->snaplen);
		pp_expr_free(e);
	}
}

int main(void)
{
	pp_verbosity = -1; /* the errors and notes expected here stay quiet */
	test_check();
	test_returns();
	test_bounds_checks();
	test_unknown_x();
	test_alu_x();
	test_jumps();
	test_loop();
	test_loop_without_x();
	test_too_large();
	test_expr_api();
	if (failures)
		fprintf(stderr, "filter_translate: %d failures\n", failures);
	return failures ? 1 : 0;
}
