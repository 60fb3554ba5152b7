/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cost.h - what the in-program cost accounting (cost.bpf.h) and its reader
 * (src/lib/prog_sample.c) share: one slot per program, per CPU.
 */
#ifndef PP_BPF_COST_H
#define PP_BPF_COST_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/*
 * One run in PP_COST_SAMPLE is timed. A power of two, so the test is a mask:
 * 64 keeps the two clock reads (about 20 ns each) under half a ns per run on
 * average, and still gives some 60 timed runs per 4000.
 */
#define PP_COST_SAMPLE 64
#define PP_COST_SLOTS 512 /* programs an object may account (its __COUNTER__s) */

/* A program's figures on one CPU. Only that CPU writes them: no atomics. */
struct pp_cost_slot {
	__u64 runs;    /* every run */
	__u64 sampled; /* runs timed */
	__u64 ns;      /* their time, from after the count to the return */
	__u64 t0;      /* the clock at the start of the timed run; 0 when taken */
};

#endif
