// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "counters.h"
#include "log.h"

struct counter_desc {
	const char *name;
	const char *sentence; /* NULL: bookkeeping, not a loss */
};

static const struct counter_desc descs[PP_CNT_MAX] = {
	[PP_CNT_EVENTS_LOST] = { "events_lost",
		"events were dropped because the ring buffer was full (user space fell behind)" },
	[PP_CNT_SNAP_FAILED] = { "snapshot_failed", "packets could not be read and were skipped" },
	[PP_CNT_FILTER_NO_L3] = { "filter_no_l3",
		"packets without a link-layer header did not match (the filter needs one)" },
	[PP_CNT_FLOW_NEW] = { "flows_created", NULL },
	[PP_CNT_FLOW_UPDATE_FAILED] = { "flow_table_full",
		"packets were not counted per flow: the flow table had no room" },
	[PP_CNT_QUEUE_UPDATE_FAILED] = { "queue_table_full",
		"packets were not counted per queue: the queue table had no room" },
	[PP_CNT_DEV_UPDATE_FAILED] = { "device_table_full",
		"devices could not be remembered (names may be missing)" },
	[PP_CNT_SKB_TABLE_FULL] = { "skb_table_full",
		"packets were not followed: the per-packet table had no room" },
	[PP_CNT_SKB_EVICTED] = { "skbs_tracked", NULL },
	[PP_CNT_RATE_LIMITED] = { "rate_limited", "events were held back by the rate limit" },
	[PP_CNT_TXQ_MISATTRIBUTED] = { "txq_misattributed",
		"times a socket sent two flows with one hash: up to 63 packets each may be "
		"counted on the wrong flow (per-queue totals are exact)" },
	[PP_CNT_DROP_TABLE_FULL] = { "drop_table_full",
		"drops were not counted per (reason, location, device): the drop table had no room" },
	[PP_CNT_OTHERHOST_TABLE_FULL] = { "otherhost_table_full",
		"frames were not counted per (device, MAC): the table had no room" },
	[PP_CNT_STACK_COLLISION] = { "stack_collisions",
		"stacks were not kept: their slot in the stack map held another stack" },
	[PP_CNT_STACK_LOST] = { "stacks_lost",
		"stacks were not kept: the stack map was full or the stack unreadable" },
	[PP_CNT_RXQ_UNPAIRED] = { "rxq_unpaired",
		"packets met by the stack had no hand-off seen (in flight at start, or the "
		"per-packet table evicted them): their softirq CPU is unknown" },
	[PP_CNT_RXQ_HANDED_OFF] = { "rxq_handed_off", NULL },
	[PP_CNT_RXQ_STACK_MET] = { "rxq_stack_met", NULL },
	[PP_CNT_RXQ_UNSEEN] = { "rxq_unseen",
		"packets were handed to the stack but never counted by it (dropped in the "
		"backlog, still queued at the end, or the kernel skipped the netif_receive_skb "
		"program): they are missing from the per-flow and per-queue counts" },
	[PP_CNT_SAMPLED_OUT] = { "sampled_out",
		"packets were not followed: --sample follows 1 in N of those the filters select" },
};

int counters_read(const struct bpf_map *map, struct pp_counters *out)
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t *vals;

	if (ncpus <= 0)
		return -EINVAL;
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (uint32_t i = 0; i < PP_CNT_MAX; i++) {
		out->v[i] = 0;
		if (bpf_map__lookup_elem(map, &i, sizeof(i), vals, ncpus * sizeof(*vals), 0))
			continue;
		for (int c = 0; c < ncpus; c++)
			out->v[i] += vals[c];
	}
	/* rxq: packets handed to the stack that its stage never counted (at
	 * least: packets met but handed off before the hand-off programs were
	 * attached make up for as many). The programs count both ends only. */
	out->v[PP_CNT_RXQ_UNSEEN] = 0;
	if (out->v[PP_CNT_RXQ_HANDED_OFF] > out->v[PP_CNT_RXQ_STACK_MET])
		out->v[PP_CNT_RXQ_UNSEEN] =
			out->v[PP_CNT_RXQ_HANDED_OFF] - out->v[PP_CNT_RXQ_STACK_MET];
	free(vals);
	return 0;
}

const char *counters_name(enum pp_counter c)
{
	return descs[c].name;
}

bool counters_is_loss(enum pp_counter c)
{
	return descs[c].sentence;
}

uint64_t counters_losses(const struct pp_counters *c)
{
	uint64_t sum = 0;

	for (int i = 0; i < PP_CNT_MAX; i++)
		if (descs[i].sentence)
			sum += c->v[i];
	return sum;
}

void counters_report(const struct pp_counters *c, struct json_writer *json)
{
	if (json) {
		json_key(json, "losses");
		json_object_start(json);
		for (int i = 0; i < PP_CNT_MAX; i++)
			if (descs[i].sentence)
				json_kv_u64(json, descs[i].name, c->v[i]);
		json_object_end(json);
		return;
	}
	for (int i = 0; i < PP_CNT_MAX; i++)
		if (descs[i].sentence && c->v[i])
			pp_warn("%llu %s", (unsigned long long)c->v[i], descs[i].sentence);
}
