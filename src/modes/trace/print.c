// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - one packet's journey for people (a header line, then one
 * line per stage) or for programs (one JSON object with a "stages" array).
 * Stages come sorted by time; the wall-clock time is the kernel's monotonic
 * stamp plus the offset measured at start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "stages.h"
#include "user.h"
#include "lib/capture.h"
#include "lib/drop_reasons.h"
#include "lib/flow.h"
#include "lib/ksyms.h"
#include "lib/netns.h"
#include "lib/session.h"
#include "lib/timefmt.h"
#include "lib/vec.h"

static const char *const end_names[] = {
	[PP_END_CONSUMED] = "consumed", [PP_END_DROPPED] = "dropped",
	[PP_END_DELIVERED] = "delivered", [PP_END_VANISHED] = "vanished",
	[PP_END_EXPIRED] = "expired",
	[PP_END_RUNNING] = "in_flight",
};

static const char *const irq_sources[] = {
	[PP_IRQ_NONE] = "none",	       [PP_IRQ_RAISED] = "raised", [PP_IRQ_HANDLER] = "handler",
	[PP_IRQ_LEARNED] = "learned", [PP_IRQ_AMBIGUOUS] = "ambiguous",
};

const char *trace_end_name(unsigned int end)
{
	return end <= PP_END_RUNNING ? end_names[end] : "?";
}

const char *trace_irq_source_name(unsigned int source)
{
	return source <= PP_IRQ_AMBIGUOUS ? irq_sources[source] : "?";
}

const char *trace_reason_name(struct trace_state *s, uint32_t reason, char *buf, size_t len)
{
	return drop_reasons__text(s->reasons, reason, buf, len);
}

const char *trace_dev_name(struct trace_state *s, uint32_t netns, uint32_t ifindex)
{
	struct pp_dev_id id = { .netns = netns, .ifindex = ifindex };
	struct dev_name *d;

	if (!ifindex)
		return NAMES_NONE;
	d = dev_names_get(&s->devs, sizeof(*d), s->setup.skel->maps.pp_devices, &id);
	return d ? d->info.name : NAMES_NONE;
}

const char *trace_irq_name(struct trace_state *s, int32_t irq)
{
	struct trace_irq_stats st;
	struct trace_irq_name *n;

	for (size_t i = 0; i < s->n_irqs; i++)
		if (s->irqs[i].irq == irq)
			return s->irqs[i].name;
	if (bpf_map__lookup_elem(s->setup.skel->maps.trace_irqs, &irq, sizeof(irq), &st,
				 sizeof(st), 0))
		return "?";
	n = vec_push(&s->irqs, &s->n_irqs, &s->cap_irqs, sizeof(*n));
	if (!n)
		return "?";
	n->irq = irq;
	snprintf(n->name, sizeof(n->name), "%s", st.name);
	return n->name;
}

/* ---- what a packet's stages say, in time order ------------------------- */

struct journey {
	struct trace_stage st[PP_TRACE_MAX_STAGES];
	int rxq[PP_TRACE_MAX_STAGES]; /* RX queue at that stage; -1 unknown */
	unsigned int n;
	int first_own;     /* the first stage of the packet itself */
	int irq_stage;     /* the hard IRQ's stage; -1 none */
	int tx_queue;      /* the last TX queue; -1 none */
	int rx_queue;      /* the RX queue it came in on; -1 unknown */
	uint32_t len;      /* at its first own stage */
};

static bool is_tx(unsigned int stage)
{
	const struct stage_info *i = stage_info(stage);

	return i && i->aux == AUX_TX_QUEUE;
}

/* The reason at its kfree_skb: the last stage, unless the return of a
 * function stage (FUNC%return) that freed it follows. */
static uint32_t drop_reason_of(const struct journey *j)
{
	for (unsigned int i = j->n; i > 0; i--)
		if (j->st[i - 1].stage == PP_STAGE_DROP)
			return j->st[i - 1].aux;
	return PP_DROP_NO_REASON;
}

static void journey_build(const struct trace_packet *p, struct journey *j)
{
	memset(j, 0, sizeof(*j));
	j->n = p->n_stages < PP_TRACE_MAX_STAGES ? p->n_stages : PP_TRACE_MAX_STAGES;
	memcpy(j->st, p->stages, j->n * sizeof(j->st[0]));
	/* Stable insertion sort: context stages are recorded late. */
	for (unsigned int i = 1; i < j->n; i++) {
		struct trace_stage t = j->st[i];
		unsigned int k = i;

		while (k > 0 && j->st[k - 1].ts_ns > t.ts_ns) {
			j->st[k] = j->st[k - 1];
			k--;
		}
		j->st[k] = t;
	}
	j->first_own = -1;
	j->irq_stage = -1;
	j->tx_queue = -1;
	j->rx_queue = -1;
	for (unsigned int i = 0, len_at_fn = 1; i < j->n; i++) {
		const struct stage_info *info = stage_info(j->st[i].stage);
		int q = j->st[i].aux;

		j->rxq[i] = -1;
		if (!info)
			continue;
		if (!info->context && j->first_own < 0)
			j->first_own = i;
		/* The frame's length at the first tracepoint: a transmit
		 * function before it sees no link-layer header yet. */
		if (!info->context && len_at_fn) {
			j->len = j->st[i].len;
			len_at_fn = info->function;
		}
		if (j->st[i].stage == PP_STAGE_IRQ && j->irq_stage < 0)
			j->irq_stage = i;
		if (is_tx(j->st[i].stage)) {
			j->tx_queue = q;
		} else if (info->aux == AUX_RX_QUEUE && q > 0) {
			/* skb_record_rx_queue() stores queue + 1 (the kernel
			 * side zeroes a TX queue seen again on receive). */
			j->rxq[i] = q - 1;
			if (j->rx_queue < 0)
				j->rx_queue = q - 1;
		}
	}
	if (j->first_own < 0 && j->n)
		j->first_own = 0;
}

/* The earliest arrival: hardware stamp, else the hard IRQ, else a stage. */
static const char *earliest(const struct trace_packet *p, const struct journey *j, uint64_t *ts)
{
	if (p->hw_tstamp_ns) {
		*ts = p->hw_tstamp_ns;
		return "hardware";
	}
	if (j->irq_stage >= 0) {
		*ts = j->st[j->irq_stage].ts_ns;
		return "irq";
	}
	*ts = j->n ? j->st[j->first_own].ts_ns : 0;
	return "software";
}

static void stage_detail(struct trace_state *s, const struct trace_packet *p,
			 const struct journey *j, unsigned int i, char *buf, size_t len)
{
	const struct trace_stage *st = &j->st[i];
	const struct stage_info *info = stage_info(st->stage);
	char tmp[160];

	buf[0] = 0;
	switch (st->stage) {
	case PP_STAGE_IRQ:
		snprintf(buf, len, "IRQ %d %s", st->aux, trace_irq_name(s, st->aux));
		return;
	case PP_STAGE_SOFTIRQ_RAISE:
		if (st->aux >= 0)
			snprintf(buf, len, "by IRQ %d", st->aux);
		return;
	case PP_STAGE_NAPI_POLL:
		if (p->has_poll)
			snprintf(buf, len, "napi %u %s, work %d of %d", p->poll.napi_id,
				 p->poll.ifindex ? trace_dev_name(s, p->poll.netns, p->poll.ifindex)
						 : "(backlog)",
				 p->poll.work, p->poll.budget);
		return;
	case PP_STAGE_DROP: {
		const char *why = trace_reason_name(s, st->aux, tmp, sizeof(tmp));

		if (s->ksyms && p->drop_location) {
			char loc[128];

			ksyms__format(s->ksyms, p->drop_location, loc, sizeof(loc));
			snprintf(buf, len, "%s at %s", why, loc);
		} else {
			snprintf(buf, len, "%s", why);
		}
		return;
	}
	}
	if (!info)
		return;
	switch (info->aux) {
	case AUX_RC:
		snprintf(buf, len, "rc %d", st->aux);
		break;
	case AUX_BYTES:
		snprintf(buf, len, "%d bytes", st->aux);
		break;
	case AUX_RETVAL:
		snprintf(buf, len, "returned %d", st->aux);
		break;
	default:
		break;
	}
}

static void queue_text(const struct journey *j, unsigned int i, char *buf, size_t len)
{
	const struct stage_info *info = stage_info(j->st[i].stage);

	if (info && info->aux == AUX_TX_QUEUE)
		snprintf(buf, len, "tx%d", j->st[i].aux);
	else if (j->rxq[i] >= 0)
		snprintf(buf, len, "rx%d", j->rxq[i]);
	else
		snprintf(buf, len, "-");
}

static void id_text(uint64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "#%llu.%llu", (unsigned long long)(id >> 40) - 1,
		 (unsigned long long)(id & ((1ULL << 40) - 1)));
}

/* One record as the printers see it. */
struct trace_rec {
	struct trace_state *s;
	const struct trace_packet *p;
	const struct journey *j;
};

/* "#0.1 udp 192.0.2.1:30000 > 192.0.2.2:9 len 92: dropped; earliest: ...",
 * without its newline. */
static void print_head(struct trace_state *s, const struct trace_packet *p,
		       const struct journey *j, FILE *out)
{
	char id[40], parent[40], flow[160], irq[96] = "";
	const char *src;
	uint64_t ts;

	id_text(p->id, id, sizeof(id));
	src = earliest(p, j, &ts);
	flow_format(&p->flow, flow, sizeof(flow));
	if (p->irq >= 0)
		snprintf(irq, sizeof(irq), ", IRQ %d %s (%s)", p->irq, trace_irq_name(s, p->irq),
			 trace_irq_source_name(p->irq_source));
	else if (p->irq_source == PP_IRQ_AMBIGUOUS)
		snprintf(irq, sizeof(irq), ", IRQ ambiguous");
	fprintf(out, "%s %s len %u: %s%s; earliest: %s", id, flow, j->len, trace_end_name(p->end),
		irq, src);
	if (!strcmp(src, "software"))
		fprintf(out, " (%s%s)", j->n ? stage_name(j->st[j->first_own].stage) : "-",
			p->irq < 0 ? ", no hard IRQ" : "");
	if (p->parent_id) {
		id_text(p->parent_id, parent, sizeof(parent));
		fprintf(out, "; clone of %s", parent);
	}
	if (p->stages_lost)
		fprintf(out, "; %u stages not kept", p->stages_lost);
}

static void print_text(void *ctx, FILE *out)
{
	const struct trace_rec *t = ctx;
	struct trace_state *s = t->s;
	const struct trace_packet *p = t->p;
	const struct journey *j = t->j;
	char when[40], detail[320], q[16];
	uint64_t first;

	print_head(s, p, j, out);
	fputc('\n', out);
	first = j->n ? j->st[0].ts_ns : 0;
	for (unsigned int i = 0; i < j->n; i++) {
		const struct trace_stage *st = &j->st[i];
		uint64_t prev = i ? j->st[i - 1].ts_ns : st->ts_ns;

		timefmt_clock(st->ts_ns, s->wall_offset_ns, when, sizeof(when));
		stage_detail(s, p, j, i, detail, sizeof(detail));
		queue_text(j, i, q, sizeof(q));
		fprintf(out, "  %s %+10.3f %+10.3f %2u %-10s %-4s %s%s%s\n", when,
			(st->ts_ns - prev) / 1e3, (st->ts_ns - first) / 1e3, st->cpu,
			trace_dev_name(s, st->netns, st->ifindex), q, stage_name(st->stage),
			detail[0] ? "  " : "", detail);
	}
	if (p->hw_tstamp_ns)
		fprintf(out, "  hardware timestamp %llu ns (the NIC's clock)\n",
			(unsigned long long)p->hw_tstamp_ns);
}

/*
 * The pcapng comment: the head line, then the stages on one line, each
 * with the time since the one before: "trace: #0.1 udp ... len 92:
 * dropped; earliest: software (net_dev_queue, no hard IRQ) | net_dev_queue
 * veth-a tx0 -> net_dev_start_xmit +1.2us -> ... -> kfree_skb +9.8us
 * NO_SOCKET at __udp4_lib_rcv+0x4bc/0xd00".
 */
static void print_story(const struct trace_rec *t, FILE *out)
{
	const struct journey *j = t->j;
	char detail[320], q[16];

	fputs("trace: ", out);
	print_head(t->s, t->p, j, out);
	for (unsigned int i = 0; i < j->n; i++) {
		const struct trace_stage *st = &j->st[i];

		fprintf(out, "%s%s", i ? " -> " : " | ", stage_name(st->stage));
		if (i)
			fprintf(out, " +%.1fus", (st->ts_ns - j->st[i - 1].ts_ns) / 1e3);
		if (st->ifindex)
			fprintf(out, " %s", trace_dev_name(t->s, st->netns, st->ifindex));
		queue_text(j, i, q, sizeof(q));
		if (strcmp(q, "-"))
			fprintf(out, " %s", q);
		stage_detail(t->s, t->p, j, i, detail, sizeof(detail));
		if (detail[0])
			fprintf(out, " %s", detail);
	}
}

static void json_stage(struct trace_state *s, struct json_writer *w, const struct trace_packet *p,
		       const struct journey *j, unsigned int i)
{
	const struct trace_stage *st = &j->st[i];
	const struct stage_info *info = stage_info(st->stage);
	char when[40], tmp[160];

	json_object_start(w);
	json_kv_str(w, "stage", stage_name(st->stage));
	timefmt_iso(st->ts_ns, s->wall_offset_ns, when, sizeof(when));
	json_kv_str(w, "time", when);
	json_kv_u64(w, "ts_ns", st->ts_ns);
	json_kv_u64(w, "delta_ns", i ? st->ts_ns - j->st[i - 1].ts_ns : 0);
	json_kv_u64(w, "since_first_ns", st->ts_ns - j->st[0].ts_ns);
	json_kv_u64(w, "cpu", st->cpu);
	if (st->ifindex) {
		json_kv_str(w, "dev", trace_dev_name(s, st->netns, st->ifindex));
		json_kv_u64(w, "ifindex", st->ifindex);
		json_kv_str(w, "netns", netns_name(st->netns));
	}
	if (info && !info->context)
		json_kv_u64(w, "len", st->len);
	switch (info ? info->aux : AUX_NONE) {
	case AUX_TX_QUEUE:
		json_kv_i64(w, "queue", st->aux);
		break;
	case AUX_RX_QUEUE:
		json_kv_u64(w, "queue_mapping", (uint32_t)st->aux);
		if (j->rxq[i] >= 0)
			json_kv_i64(w, "queue", j->rxq[i]);
		break;
	case AUX_IRQ:
		if (st->aux >= 0)
			json_kv_i64(w, "irq", st->aux);
		break;
	case AUX_RC:
		json_kv_i64(w, "rc", st->aux);
		break;
	case AUX_BYTES:
		json_kv_i64(w, "bytes", st->aux);
		break;
	case AUX_RETVAL:
		json_kv_i64(w, "return", st->aux);
		break;
	case AUX_REASON:
		json_kv_str(w, "drop_reason", trace_reason_name(s, st->aux, tmp, sizeof(tmp)));
		json_key(w, "drop_reason_code");
		if ((uint32_t)st->aux == PP_DROP_NO_REASON)
			json_null(w); /* a kernel before 5.17 */
		else
			json_u64(w, (uint32_t)st->aux);
		break;
	default:
		break;
	}
	json_object_end(w);
}

static void print_json(void *ctx, struct json_writer *w)
{
	const struct trace_rec *t = ctx;
	struct trace_state *s = t->s;
	const struct trace_packet *p = t->p;
	const struct journey *j = t->j;
	char when[40], tmp[160];
	const char *src;
	uint64_t ts;

	json_object_start(w);
	json_kv_str(w, "type", "packet");
	json_kv_u64(w, "id", p->id);
	if (p->parent_id)
		json_kv_u64(w, "clone_of", p->parent_id);
	flow_json(w, &p->flow);
	json_kv_u64(w, "len", j->len);
	json_kv_str(w, "end", trace_end_name(p->end));
	if (p->end == PP_END_DROPPED && j->n) {
		json_kv_str(w, "drop_reason", trace_reason_name(s, drop_reason_of(j), tmp,
								 sizeof(tmp)));
		if (s->ksyms && p->drop_location) {
			ksyms__format(s->ksyms, p->drop_location, tmp, sizeof(tmp));
			json_kv_str(w, "drop_location", tmp);
		}
	}
	src = earliest(p, j, &ts);
	json_key(w, "earliest");
	json_object_start(w);
	json_kv_str(w, "source", src);
	if (!strcmp(src, "hardware")) {
		json_kv_u64(w, "hw_ns", ts);
	} else {
		if (j->n)
			json_kv_str(w, "stage", stage_name(j->st[!strcmp(src, "irq") ?
								 j->irq_stage : j->first_own].stage));
		timefmt_iso(ts, s->wall_offset_ns, when, sizeof(when));
		json_kv_str(w, "time", when);
		json_kv_u64(w, "ts_ns", ts);
	}
	json_object_end(w);
	json_key(w, "irq");
	if (p->irq >= 0 || p->irq_source == PP_IRQ_AMBIGUOUS) {
		json_object_start(w);
		if (p->irq >= 0) {
			json_kv_i64(w, "number", p->irq);
			json_kv_str(w, "name", trace_irq_name(s, p->irq));
		}
		json_kv_str(w, "source", trace_irq_source_name(p->irq_source));
		json_object_end(w);
	} else {
		json_null(w);
	}
	json_key(w, "rx_queue");
	if (j->rx_queue >= 0)
		json_i64(w, j->rx_queue);
	else
		json_null(w);
	json_key(w, "tx_queue");
	if (j->tx_queue >= 0)
		json_i64(w, j->tx_queue);
	else
		json_null(w);
	if (p->napi_id || p->has_poll) {
		json_key(w, "napi");
		json_object_start(w);
		json_kv_u64(w, "id", p->has_poll ? p->poll.napi_id : p->napi_id);
		if (p->has_poll) {
			json_kv_str(w, "dev", p->poll.ifindex ? trace_dev_name(s, p->poll.netns,
									       p->poll.ifindex)
							      : "(backlog)");
			json_kv_i64(w, "work", p->poll.work);
			json_kv_i64(w, "budget", p->poll.budget);
			json_kv_u64(w, "poll_end_ns", p->poll.end_ns);
		}
		json_object_end(w);
	}
	json_kv_u64(w, "stages_lost", p->stages_lost);
	json_key(w, "stages");
	json_array_start(w);
	for (unsigned int i = 0; i < j->n; i++)
		json_stage(s, w, p, j, i);
	json_array_end(w);
	json_object_end(w);
}

static void count(struct trace_state *s, const struct trace_packet *p, const struct journey *j)
{
	s->packets++;
	if (p->end <= PP_END_RUNNING)
		s->ends[p->end]++;
	s->clones += !!p->parent_id;
	s->stages += j->n;
	s->stages_lost += p->stages_lost;
	if (p->end == PP_END_DROPPED && j->n) {
		uint32_t reason = drop_reason_of(j);
		unsigned int i;

		for (i = 0; i < s->n_drop_reasons; i++)
			if (s->drops[i].reason == reason)
				break;
		if (i == s->n_drop_reasons && i < sizeof(s->drops) / sizeof(s->drops[0])) {
			s->drops[i].reason = reason;
			s->drops[i].count = 0;
			s->n_drop_reasons++;
		}
		if (i < s->n_drop_reasons)
			s->drops[i].count++;
	}
}

/* The interface a record is filed under in -w's file: its first own stage's
 * device, else any stage's. */
static const struct trace_stage *capture_stage(const struct journey *j)
{
	if (j->n && j->st[j->first_own].ifindex)
		return &j->st[j->first_own];
	for (unsigned int i = 0; i < j->n; i++)
		if (j->st[i].ifindex)
			return &j->st[i];
	return NULL;
}

static int capture_packet(struct trace_state *s, const struct trace_rec *t,
			  const struct capture_printer *pr, enum capture_out out)
{
	const struct trace_stage *st = capture_stage(t->j);
	struct capture_rec r = { .pkt = &t->p->pkt };
	struct capture_text story;
	uint64_t ts = 0;
	int ret;

	if (st) {
		r.netns = st->netns;
		r.ifindex = st->ifindex;
		r.dev = trace_dev_name(s, st->netns, st->ifindex);
		r.netns_name = netns_name(st->netns);
	}
	/* The packet's earliest stage (the IRQ's for a received packet). */
	for (unsigned int i = 0; i < t->j->n; i++)
		if (!ts || t->j->st[i].ts_ns < ts)
			ts = t->j->st[i].ts_ns;
	r.mono_ns = ts;
	r.wall_offset_ns = s->wall_offset_ns;
	if (capture_text_start(&story))
		print_story(t, story.f);
	r.comment = capture_text_end(&story);
	ret = capture_record(s->cap, out, "trace", &r, pr);
	capture_text_free(&story);
	return ret;
}

void trace_print_packet(struct trace_state *s, const struct trace_packet *p)
{
	struct journey j;
	struct trace_rec t = { s, p, &j };
	struct capture_printer pr = { print_text, print_json, &t };
	enum capture_out out = s->opts->quiet ? CAPTURE_OUT_NONE :
			       s->co->json    ? CAPTURE_OUT_JSON : CAPTURE_OUT_TEXT;
	int ret;

	if (s->sess && !session_take(s->sess))
		return;
	journey_build(p, &j);
	count(s, p, &j);
	if (s->cap)
		ret = capture_packet(s, &t, &pr, out);
	else
		ret = capture_record(NULL, out, "trace", NULL, &pr);
	if (ret && s->sess)
		s->sess->error = ret;
}
