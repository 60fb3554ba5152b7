/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog_sample.h - the user half of the in-program cost accounting
 * (src/bpf/cost.bpf.h): which slot a program writes, and its figures summed
 * over the CPUs.
 */
#ifndef PP_PROG_SAMPLE_H
#define PP_PROG_SAMPLE_H

#include "bpf/cost.h"

struct bpf_object;

/* The slot of program prog_name in obj (its rodata variable
 * pp_cost_slot__PROG), or -1 when it has none. */
int prog_sample_slot(const struct bpf_object *obj, const char *prog_name);

/* Slot's figures in the per-CPU map, summed over every possible CPU.
 * 0 or -errno. */
int prog_sample_read(int map_fd, int slot, struct pp_cost_slot *sum);

#endif
