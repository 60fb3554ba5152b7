// SPDX-License-Identifier: GPL-2.0
/*
 * pick.c - what txq makes of its optional hook on netdev_core_pick_tx
 * (src/modes/txq/pick.bpf.h): the exact reason of a queue choice, from the
 * socket's cached queue before and after the pick, instead of one inferred
 * from what net_dev_start_xmit sees afterwards; and the per-queue count of
 * picks, an independent check of the per-queue totals.
 */
#include <stdio.h>
#include <stdlib.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "txq.skel.h"
#include "user.h"
#include "lib/netns.h"

/* Was the pick seen, and does it say why, not just what? */
static bool exact(const struct txq_event *e)
{
	return (e->pick.flags & TXQ_PICK_SEEN) && !(e->pick.flags & TXQ_PICK_SINGLE);
}

bool txq_pick_explain(const struct txq_event *e, const struct xps_dev *x, enum txq_reason *why)
{
	const struct txq_pick *p = &e->pick;

	if (!exact(e))
		return false;
	if (p->flags & TXQ_PICK_DRIVER)
		*why = TXQ_WHY_UNKNOWN; /* the driver's ndo_select_queue */
	else if (!(p->flags & TXQ_PICK_REPICKED))
		*why = p->queue == (uint32_t)p->sk_before ? TXQ_WHY_SOCKET : TXQ_WHY_UNKNOWN;
	else /* picked afresh: XPS for the picking CPU, else the hash */
		*why = xps_explain(x, p->queue, p->cpu, e->hash, e->real_num_tx_queues, -1, true,
				   true);
	return true;
}

const char *txq_pick_source(const struct txq_event *e)
{
	return exact(e) ? "netdev_core_pick_tx" : "net_dev_start_xmit";
}

void txq_pick_text(const struct txq_event *e, enum txq_reason why, char *why_s, size_t why_len,
		   char *cache, size_t cache_len)
{
	if (!exact(e)) {
		snprintf(why_s, why_len, "%s", xps_reason_name(why));
		snprintf(cache, cache_len, "%d", e->sk_queue);
		return;
	}
	if (e->pick.flags & TXQ_PICK_REPICKED)
		snprintf(why_s, why_len, "re-picked: %s", xps_reason_name(why));
	else
		snprintf(why_s, why_len, "%s", xps_reason_name(why));
	snprintf(cache, cache_len, "%d -> %d", e->pick.sk_before, e->pick.sk_after);
}

void txq_pick_event_json(struct json_writer *w, const struct txq_event *e)
{
	const struct txq_pick *p = &e->pick;

	json_kv_str(w, "why_source", txq_pick_source(e));
	json_key(w, "pick");
	if (!(p->flags & TXQ_PICK_SEEN)) {
		json_null(w);
		return;
	}
	json_object_start(w);
	json_kv_u64(w, "queue", p->queue);
	json_kv_u64(w, "cpu", p->cpu);
	json_kv_i64(w, "sk_queue_before", p->sk_before);
	json_kv_i64(w, "sk_queue_after", p->sk_after);
	json_kv_str(w, "picked", p->flags & TXQ_PICK_SINGLE	? "single-queue"
				 : p->flags & TXQ_PICK_DRIVER	? "driver"
				 : p->flags & TXQ_PICK_REPICKED ? "re-picked"
								: "socket-cache");
	json_object_end(w);
}

/*
 * "pick": the hook and, per (device, queue), the skbs it saw picked: the
 * same skbs net_dev_start_xmit counts, unless some were dropped in between
 * (before the packet filter, which only the transmit side applies). null
 * when the hook is not attached.
 */
void txq_pick_summary_json(struct txq_state *s)
{
	const struct bpf_map *map = s->skel->maps.txq_pick_queues;
	int ncpus = libbpf_num_possible_cpus(), fd = bpf_map__fd(map);
	struct txq_queue_key key, next, *prev = NULL;
	struct json_writer *w = &s->json;
	struct txq_pick_stats *vals;

	json_key(w, "pick");
	if (!s->pick_mech || ncpus <= 0 || !(vals = calloc(ncpus, sizeof(*vals)))) {
		json_null(w);
		return;
	}
	json_object_start(w);
	json_kv_str(w, "hook", "netdev_core_pick_tx");
	json_kv_str(w, "mechanism", s->pick_mech);
	json_key(w, "queues");
	json_array_start(w);
	for (; !bpf_map_get_next_key(fd, prev, &next); prev = &key) {
		struct txq_pick_stats sum = { 0 };
		struct txq_device *d;

		key = next;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;
		for (int c = 0; c < ncpus; c++) {
			sum.skbs += vals[c].skbs;
			sum.repicked += vals[c].repicked;
		}
		d = txq_device(s, &key.dev);
		json_object_start(w);
		json_kv_str(w, "dev", d ? d->dev.info.name : "");
		json_kv_u64(w, "ifindex", key.dev.ifindex);
		json_kv_str(w, "netns", netns_name(key.dev.netns));
		json_kv_u64(w, "netns_inode", key.dev.netns);
		json_kv_u64(w, "queue", key.queue);
		json_kv_u64(w, "skbs", sum.skbs);
		json_kv_u64(w, "repicked", sum.repicked);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
	free(vals);
}
