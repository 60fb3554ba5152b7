/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filter_runner.h - load a translated filter fragment on its own and run
 * it on a packet, for the translator's fuzzer and semantic tests.
 *
 * The fragment is wrapped in the smallest program that gives it what a
 * hook gives it: r1 = a struct pp_filter_scratch in a map value, r2-r5
 * holding nothing the verifier may assume (they are clobbered by a helper
 * call just before). The scratch map is memory-mapped, so writing a packet
 * costs no system call.
 */
#ifndef FILTER_RUNNER_H
#define FILTER_RUNNER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "pktpath.h"
#include "filter/cbpf_to_ebpf.h"
#include "filter/ebpf_insn.h"

struct filter_runner {
	int map_fd;
	struct pp_filter_scratch *scratch;
	size_t map_size;
};

static inline int runner_init(struct filter_runner *r)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_MMAPABLE);
	long page = sysconf(_SC_PAGESIZE);
	void *m;

	r->map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ft_runner", 4,
				   sizeof(struct pp_filter_scratch), 1, &opts);
	if (r->map_fd < 0)
		return -errno;
	r->map_size = (sizeof(struct pp_filter_scratch) + page - 1) / page * page;
	m = mmap(NULL, r->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, r->map_fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	r->scratch = m;
	return 0;
}

/*
 * Static checks of the fragment's contract (cbpf_to_ebpf.h): registers
 * r0-r5 only, r1 never written, memory only through r1 or r3, jumps that
 * stay inside or go to insns[cnt]. Returns NULL or what is wrong.
 */
static inline const char *runner_contract(const struct pp_ebpf *code, unsigned int *at)
{
	for (unsigned int i = 0; i < code->cnt; i++) {
		const struct bpf_insn *in = &code->insns[i];
		__u8 cls = BPF_CLASS(in->code);

		*at = i;
		if (in->dst_reg > BPF_REG_5 || in->src_reg > BPF_REG_5)
			return "uses a register above r5";
		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
		case BPF_LDX:
			if (in->dst_reg == BPF_REG_1)
				return "writes r1";
			if (cls == BPF_LDX && in->src_reg != BPF_REG_1 && in->src_reg != BPF_REG_3)
				return "loads through a register other than r1 or r3";
			break;
		case BPF_ST:
		case BPF_STX:
			if (in->dst_reg != BPF_REG_1)
				return "stores through a register other than r1";
			break;
		case BPF_JMP:
		case BPF_JMP32: {
			long t = (long)i + 1 + in->off;

			if (BPF_OP(in->code) == BPF_CALL || BPF_OP(in->code) == BPF_EXIT)
				return "calls or exits";
			if (t < 0 || t > (long)code->cnt)
				return "jumps outside the fragment";
			break;
		}
		default:
			return "unexpected instruction class";
		}
	}
	return NULL;
}

/* Returns a program fd, or -errno with the verifier's log in log. */
static inline int runner_load(struct filter_runner *r, const struct pp_ebpf *code, char *log,
		       size_t loglen)
{
	struct bpf_insn head[] = {
		pp_st_imm(BPF_W, BPF_REG_10, -4, 0),
		pp_alu64_reg(BPF_MOV, BPF_REG_2, BPF_REG_10),
		pp_alu64_imm(BPF_ADD, BPF_REG_2, -4),
		pp_insn(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, r->map_fd),
		pp_insn(0, 0, 0, 0, 0),
		pp_insn(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		pp_jmp_imm(BPF_JNE, BPF_REG_0, 0, 2),
		pp_alu32_imm(BPF_MOV, BPF_REG_0, 0),
		pp_exit_insn(),
		pp_alu64_reg(BPF_MOV, BPF_REG_1, BPF_REG_0),
	};
	size_t nhead = sizeof(head) / sizeof(head[0]), n = nhead + code->cnt + 1;
	struct bpf_insn *prog = calloc(n, sizeof(*prog));
	int fd;

	if (!prog)
		return -ENOMEM;
	memcpy(prog, head, sizeof(head));
	memcpy(prog + nhead, code->insns, code->cnt * sizeof(*prog));
	prog[n - 1] = pp_exit_insn(); /* the fragment's insns[cnt] */
	/* No log unless loading fails: logging makes every load slower. */
	fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "ft_runner", "GPL", prog, n, NULL);
	if (fd < 0) {
		LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = (__u32)loglen,
			    .log_level = 1);
		int err = -errno;

		if (log && loglen) {
			log[0] = 0;
			bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, "ft_runner", "GPL", prog, n, &opts);
		}
		fd = err;
	}
	free(prog);
	return fd;
}

/* caplen must be <= PP_SNAP_MAX, as the hooks guarantee. */
static inline int runner_run(struct filter_runner *r, int prog_fd, const uint8_t *pkt,
			     uint32_t caplen, uint32_t wirelen, uint32_t *verdict)
{
	static const uint8_t dummy[14];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = dummy, .data_size_in = sizeof(dummy),
		    .repeat = 1);

	memcpy(r->scratch->pkt, pkt, caplen);
	r->scratch->caplen = caplen;
	r->scratch->wirelen = wirelen;
	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	*verdict = opts.retval;
	return 0;
}

#endif /* FILTER_RUNNER_H */
