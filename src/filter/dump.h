/* SPDX-License-Identifier: GPL-2.0 */
/* dump.h - one instruction a line, for debugging and test reports. */
#ifndef PP_FILTER_DUMP_H
#define PP_FILTER_DUMP_H

#include <stdio.h>
#include <linux/bpf.h>
#include <linux/filter.h>

void pp_cbpf_dump(const struct sock_filter *insns, unsigned int len, FILE *out);
void pp_ebpf_dump(const struct bpf_insn *insns, unsigned int cnt, FILE *out);

#endif /* PP_FILTER_DUMP_H */
