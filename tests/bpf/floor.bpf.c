// SPDX-License-Identifier: GPL-2.0
/*
 * floor.bpf.c - the least a per-stage program can cost: programs at
 * latency's default tracepoints that do nothing (floor_empty_*), or only
 * what every stage of latency must do (floor_clock_*: the per-CPU context
 * look-up and the clock). bench/run's floor-* rows attach one set through
 * tests/helpers/progfloor, so the goals of trace and latency can be read
 * against what the attach mechanism alone costs on this machine.
 */
#include "bpf/common.bpf.h"

struct floor_cpu {
	__u64 last_ts;
	__u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct floor_cpu);
} floor_cpus SEC(".maps");

static __always_inline int floor_clock(void)
{
	__u32 zero = 0;
	struct floor_cpu *c = bpf_map_lookup_elem(&floor_cpus, &zero);

	if (c) {
		c->last_ts = bpf_ktime_get_ns();
		c->runs++;
	}
	return 0;
}

#define FLOOR(tp)                                                                        \
	SEC("?tp_btf/" #tp) int floor_empty_##tp(void *ctx) { return 0; }               \
	SEC("?tp_btf/" #tp) int floor_clock_##tp(void *ctx) { return floor_clock(); }

FLOOR(net_dev_queue)
FLOOR(net_dev_start_xmit)
FLOOR(netif_rx)
FLOOR(netif_receive_skb)
FLOOR(kfree_skb)
FLOOR(consume_skb)

char LICENSE[] SEC("license") = "GPL";
