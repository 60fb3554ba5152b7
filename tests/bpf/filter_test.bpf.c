// SPDX-License-Identifier: GPL-2.0
/*
 * filter_test.bpf.c - runs a spliced tcpdump filter on bytes that user
 * space writes, through BPF_PROG_TEST_RUN. The tests use it to compare the
 * translated filter with libpcap on any packet, including frames too short
 * for an skb. The filter sees exactly what it sees at a real hook: a
 * struct pp_filter_scratch in a map value, through the same markers.
 */
#include "bpf/common.bpf.h"

/* One scratch area, memory-mapped by the test so a packet costs no syscall. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct pp_filter_scratch);
} ft_input SEC(".maps");

static __always_inline struct pp_filter_scratch *input(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&ft_input, &zero);
}

/* The verdict is the program's return value (the low 32 bits of r0). */
SEC("tc")
int filter_test_l2(struct __sk_buff *ctx)
{
	struct pp_filter_scratch *s = input();

	return s ? pp_filter_run_l2(s) : 0;
}

SEC("tc")
int filter_test_l3(struct __sk_buff *ctx)
{
	struct pp_filter_scratch *s = input();

	return s ? pp_filter_run_l3(s) : 0;
}

char LICENSE[] SEC("license") = "GPL";
