/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.bpf.h - what trace and latency keep of a followed packet's
 * stages: the run-time configuration, the packet logs (trace) and the
 * histograms (latency), a stage's fields, and the end of a record (its log
 * sent to user space, its slot freed). skb.bpf.h decides which
 * packets are followed and calls these at each stage.
 */
#ifndef PP_TRACE_RECORD_BPF_H
#define PP_TRACE_RECORD_BPF_H

#include "bpf/common.bpf.h"
#include "bpf/devices.bpf.h"
#include "ctx.bpf.h"
#include "state.bpf.h"

/* Run-time configuration (rodata, set by user space before load). */
const volatile bool targ_latency;            /* histograms instead of logs */
const volatile __u8 targ_from;               /* latency --from stage; 0 none */
const volatile __u8 targ_to;                 /* latency --to stage */
const volatile __u64 targ_linger_ns = 1000000000ULL;
const volatile __u32 targ_rate;              /* packets traced per second; 0 all */
const volatile __u32 targ_ncpus = 1;         /* rows of trace_polls */
/* Stage ids the latency histograms cover: PP_STAGE_MAX, plus the function
 * stages (--stage); lat_hists holds 2 * (n * n + 1). */
const volatile __u32 targ_lat_stages = PP_STAGE_MAX;
/* Function stages with a return stage (%return): kfree_skb then checks
 * whether the skb dies inside one of them. */
const volatile __u32 targ_fn_nret;
/*
 * Whether the stages that read a CPU's bookkeeping are attached:
 * net_dev_xmit (start_xmit's list of packets handed to the driver) and
 * sk_data_ready (the packet the receive path met last). Without them the
 * writers skip it: latency's default has neither, and each stage's cost
 * is per packet.
 */
const volatile bool targ_xmit = true;
const volatile bool targ_data_ready = true;

/* Which half of lat_hists the programs fill (user space flips it). */
__u32 lat_epoch;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384); /* --max-packets; 1 for latency */
	__type(key, __u64);
	__type(value, struct trace_packet);
} trace_logs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20); /* --ring-size */
} trace_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * LAT_HISTS);
	__type(key, __u32);
	__type(value, struct lat_hist);
} lat_hists SEC(".maps");

static const struct trace_packet zero_log;

/* ---- latency histograms ---------------------------------------------- */

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0, shift;

	if (!v)
		return 0;
	shift = (v > 0xFFFFFFFFULL) << 5;
	v >>= shift;
	r |= shift;
	shift = (v > 0xFFFF) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xFF) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xF) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (v >> 1);
	r += 1; /* slot i holds [2^(i-1), 2^i) */
	return r < LAT_SLOTS ? r : LAT_SLOTS - 1;
}

static __always_inline void lat_add(__u32 hist, __u64 delta)
{
	__u32 idx = (lat_epoch & 1) * (targ_lat_stages * targ_lat_stages + 1) + hist;
	struct lat_hist *h = bpf_map_lookup_elem(&lat_hists, &idx);
	__u32 slot = log2_slot(delta);

	if (!h)
		return;
	h->count++;
	h->sum_ns += delta;
	if (delta > h->max_ns)
		h->max_ns = delta;
	if (slot < LAT_SLOTS)
		h->slots[slot]++;
}

/* ---- recording ----------------------------------------------------------- */

/*
 * One stage of a matching packet: onto its log (trace), or into the
 * histogram of (previous stage, this stage) (latency). A stage older than
 * the packet's latest (a per-CPU context stage carried on late) is logged
 * but does not enter the latency chain.
 */
static __always_inline void record(struct trace_skb *st, struct trace_packet *log,
				   const struct trace_stage *s)
{
	bool newer = s->ts_ns >= st->last_ts;

	if (targ_latency) {
		__u32 n = targ_lat_stages;

		if (newer && st->last_stage && st->last_stage < n && s->stage < n)
			lat_add(st->last_stage * n + s->stage, s->ts_ns - st->last_ts);
		if (targ_from && !(st->flags & SKB_F_SPAN)) {
			if (s->stage == targ_from && !st->from_ts) {
				st->from_ts = s->ts_ns;
			} else if (s->stage == targ_to && st->from_ts && s->ts_ns >= st->from_ts) {
				lat_add(n * n, s->ts_ns - st->from_ts);
				st->flags |= SKB_F_SPAN;
			}
		}
	} else if (log) {
		__u32 n = log->n_stages;

		if (n < PP_TRACE_MAX_STAGES) {
			log->stages[n] = *s;
			log->n_stages = n + 1;
		} else {
			log->stages_lost++;
		}
	}
	if (newer) {
		st->last_ts = s->ts_ns;
		st->last_stage = s->stage;
	}
}

/* Remember a device's name, once (the CPU's last device skips the look-up). */
static __always_inline void note_device(const bool btf, struct trace_cpu *c, struct net_device *dev,
					const struct pp_dev_id *id)
{
	if ((__u64)dev == c->last_dev)
		return;
	c->last_dev = (__u64)dev;
	pp_device_remember(btf, dev, id, NULL);
}

/* A stage as the skb shows it now. dev NULL: the skb's own. */
static __always_inline void fill_stage(const bool btf, struct trace_cpu *c, struct trace_stage *s,
				       struct sk_buff *skb, struct net_device *dev, __u8 stage,
				       __s32 aux, __u64 now)
{
	__builtin_memset(s, 0, sizeof(*s));
	s->ts_ns = now;
	s->stage = stage;
	/* latency keeps a stage's time and name only: no reads of the skb. */
	if (targ_latency)
		return;
	s->aux = aux;
	s->cpu = bpf_get_smp_processor_id();
	s->len = RD(btf, skb, len);
	if (!dev)
		dev = RD(btf, skb, dev);
	if (dev) {
		struct pp_dev_id id;

		id.ifindex = RD(btf, dev, ifindex);
		id.netns = dev_netns(btf, dev);
		s->ifindex = id.ifindex;
		s->netns = id.netns;
		note_device(btf, c, dev, &id);
	}
}

/* A per-CPU context stage: no device, no length. */
static __always_inline void ctx_stage(struct trace_stage *s, __u8 stage, __u64 ts, __s32 aux)
{
	__builtin_memset(s, 0, sizeof(*s));
	s->ts_ns = ts;
	s->stage = stage;
	s->aux = aux;
	s->cpu = bpf_get_smp_processor_id();
}

/* ---- the end of a record -------------------------------------------------- */

/*
 * Send a packet's log to user space and forget the packet. log: its log
 * when the caller has it already (else NULL, and it is looked up).
 */
static __always_inline void retire(__u64 key, struct trace_skb *st, struct trace_packet *log,
				   __u8 end, __s32 reason, __u64 location)
{
	__u32 n, size;

	if (!targ_latency && st->verdict == TRACE_MATCH) {
		if (!log)
			log = bpf_map_lookup_elem(&trace_logs, &key);
		if (log) {
			log->end = end;
			if (end == PP_END_DROPPED)
				log->drop_location = location;
			if (st->flags & SKB_F_POLL) {
				__u32 idx = st->poll_cpu * TRACE_POLL_SLOTS +
					    (st->poll_seq & (TRACE_POLL_SLOTS - 1));
				struct trace_poll *p = bpf_map_lookup_elem(&trace_polls, &idx);

				/* Only a poll that has ended is in its slot. */
				if (p && p->seq == st->poll_seq && p->end_ns) {
					log->poll = *p;
					log->has_poll = 1;
				}
			}
			n = log->n_stages;
			if (n > PP_TRACE_MAX_STAGES)
				n = PP_TRACE_MAX_STAGES;
			size = __builtin_offsetof(struct trace_packet, stages) +
			       n * sizeof(struct trace_stage);
			/* -w: the whole record, with the packet's bytes at its end. */
			if (targ_pcap_snaplen)
				size = sizeof(struct trace_packet);
			if (bpf_ringbuf_output(&trace_events, log, size, 0))
				pp_count(PP_CNT_EVENTS_LOST);
			bpf_map_delete_elem(&trace_logs, &key);
		}
	}
	state_free(st);
}

#endif /* PP_TRACE_RECORD_BPF_H */
