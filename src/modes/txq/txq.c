// SPDX-License-Identifier: GPL-2.0
/*
 * txq.c - `pktpath txq`: which TX queue each flow is given, and why.
 *
 * Open the program, write the filters into its rodata, choose the attach
 * mechanism, load, attach, then print each new flow and queue change as it
 * happens and a per-device table every interval and at exit.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "txq.skel.h"
#include "cmd/commands.h"
#include "user.h"
#include "filter/filter.h"
#include "lib/capture.h"
#include "lib/flow.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/netns.h"
#include "lib/runtime.h"
#include "lib/session.h"
#include "lib/timefmt.h"
#include "lib/vec.h"

static const struct pp_option txq_options[] = {
	{ 0, "max-flows", 0, "N",
	  "size of the in-kernel flow table (default 16384; the oldest flow is evicted, "
	  "and evictions are reported)",
	  PP_OPT_STORE_ULONG(struct txq_opts, max_flows, 16, 1 << 24) },
	{ 0 },
};

enum { HOOK_XMIT, HOOK_PICK, N_HOOKS };

static const struct hook_progs txq_hooks[N_HOOKS] = {
	[HOOK_XMIT] = { &hook_net_dev_start_xmit, HOOK_PROGS_TP("txq_start_xmit"), .required = true },
	/* Optional: the socket's cached queue before and after the pick. */
	[HOOK_PICK] = { &hook_netdev_core_pick_tx, HOOK_PROGS_ENTRY_EXIT("txq_pick"),
			.lost = "queue-change reasons are inferred after the fact, not seen" },
};

static void txq_init(void *opts)
{
	struct txq_opts *o = opts;

	o->max_flows = 16384;
}

struct txq_device *txq_device(struct txq_state *s, const struct pp_dev_id *id)
{
	return dev_names_get(&s->devs, sizeof(struct txq_device), s->skel->maps.pp_devices, id);
}

const struct xps_dev *txq_device_xps(struct txq_state *s, struct txq_device *d, double max_age)
{
	double now = session_now();

	/* A failed read (the device is gone) is not retried sooner either. */
	if (!d->xps_time || now - d->xps_time >= max_age) {
		d->xps_read = !xps_read(d->dev.id.netns, d->dev.info.name, &d->xps);
		d->xps_time = now;
	}
	return d->xps_read ? &d->xps : NULL;
}

struct txq_flow_note *txq_note(struct txq_state *s, const struct txq_flow_state_key *key,
			       bool create)
{
	struct txq_flow_note *note;

	for (size_t i = 0; i < s->n_notes; i++)
		if (!memcmp(&s->notes[i].key, key, sizeof(*key)))
			return &s->notes[i];
	if (!create)
		return NULL;
	note = vec_push(&s->notes, &s->n_notes, &s->cap_notes, sizeof(*note));
	if (note)
		note->key = *key;
	return note;
}

/* One event as the printers see it. */
struct txq_rec {
	struct txq_state *s;
	const struct txq_event *e;
	enum txq_reason why;
	const char *ns;
};

static void print_json(void *ctx, struct json_writer *w)
{
	const struct txq_rec *r = ctx;
	const struct txq_event *e = r->e;
	char when[40];

	timefmt_iso(e->ts_ns, r->s->clock.wall_offset_ns, when, sizeof(when));
	json_object_start(w);
	json_kv_str(w, "type", e->type == PP_EV_TXQ_CHANGE ? "queue_change" : "new_flow");
	json_kv_str(w, "time", when);
	json_kv_u64(w, "ts_ns", e->ts_ns);
	json_kv_str(w, "dev", e->dev_name);
	json_kv_u64(w, "ifindex", e->dev.ifindex);
	json_kv_str(w, "netns", r->ns);
	json_kv_u64(w, "netns_inode", e->dev.netns);
	flow_json(w, &e->flow);
	json_kv_i64(w, "old_queue", e->old_queue);
	json_kv_u64(w, "queue", e->new_queue);
	json_kv_u64(w, "cpu", e->cpu);
	json_kv_bool(w, "ooo_okay", e->ooo_okay);
	json_kv_bool(w, "socket", e->has_sk);
	json_kv_i64(w, "sk_queue", e->sk_queue);
	json_kv_u64(w, "hash", e->hash);
	json_kv_u64(w, "real_num_tx_queues", e->real_num_tx_queues);
	json_kv_str(w, "why", xps_reason_name(r->why));
	txq_pick_event_json(w, e);
	json_object_end(w);
}

static void print_text(void *ctx, FILE *out)
{
	const struct txq_rec *r = ctx;
	const struct txq_event *e = r->e;
	char when[40], flow[160], why_s[48], cache[32];

	timefmt_clock(e->ts_ns, r->s->clock.wall_offset_ns, when, sizeof(when));
	flow_format(&e->flow, flow, sizeof(flow));
	txq_pick_text(e, r->why, why_s, sizeof(why_s), cache, sizeof(cache));
	if (e->type == PP_EV_TXQ_CHANGE)
		fprintf(out,
			"%s %s: MOVED %s  queue %d -> %u  (%s; ooo_okay=%u, socket cache %s, "
			"cpu %u)\n",
			when, e->dev_name, flow, e->old_queue, e->new_queue, why_s, e->ooo_okay,
			cache, e->cpu);
	else
		fprintf(out, "%s %s: new flow %s  queue %u  (%s; cpu %u)\n", when, e->dev_name,
			flow, e->new_queue, why_s, e->cpu);
}

/* Print the event, and with -w write its packet. */
static int print_event(struct txq_state *s, const struct txq_event *e, size_t len,
		       enum txq_reason why)
{
	struct txq_rec t = { s, e, why, netns_name(e->dev.netns) };
	struct capture_printer p = { print_text, print_json, &t };
	struct capture_rec r = { 0 };

	if (s->cap && len >= sizeof(*e))
		r = capture_event(&e->dev, e->dev_name, t.ns, &e->pkt, e->ts_ns, s->clock.wall_offset_ns);
	return capture_record(r.pkt ? s->cap : NULL,
			      s->co->json ? CAPTURE_OUT_JSON : CAPTURE_OUT_TEXT, "txq", &r, &p);
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct pp_session *sess = ctx;
	struct txq_state *s = sess->ctx;
	const struct txq_event *e = data;
	const struct xps_dev *xps;
	struct txq_flow_state_key key;
	struct txq_flow_note *note;
	struct txq_device *dev;
	enum txq_reason why;

	if (len < offsetof(struct txq_event, pkt) || !session_take(sess))
		return 0;
	key.dev = e->dev;
	key.flow = e->flow;
	dev = txq_device(s, &e->dev);
	/* A change is rare and may follow an XPS change: read XPS afresh. A
	 * burst of new flows may share one reading. */
	xps = dev ? txq_device_xps(s, dev, e->type == PP_EV_TXQ_CHANGE ? 0 : 1.0) : NULL;
	if (!txq_pick_explain(e, xps, &why))
		why = xps_explain(xps, e->new_queue, e->cpu, e->hash, e->real_num_tx_queues,
				  e->sk_queue, e->ooo_okay, e->type == PP_EV_TXQ_NEW_FLOW);
	note = txq_note(s, &key, true);
	if (note) {
		note->why = why;
		note->changes += e->type == PP_EV_TXQ_CHANGE;
	}
	if (print_event(s, e, len, why))
		sess->error = PP_EXIT_FAIL;
	return 0;
}

MODE_SKEL_OPS(txq);

/* Before the skeleton: the clocks every line and table is reported by. */
static int txq_start(struct mode_run *r)
{
	struct txq_state *s = r->st;
	int ret = capture_open(&s->cap, s->co, "txq");

	json_init(&s->json, stdout);
	report_clock_start(&s->clock, timefmt_wall_offset_ns());
	return ret;
}

static int txq_configure(struct mode_run *r)
{
	struct txq_state *s = r->st;
	struct txq_bpf *skel = r->skel;

	s->skel = skel;
	bpf_map__set_max_entries(skel->maps.txq_flows, s->opts->max_flows);
	bpf_map__set_max_entries(skel->maps.txq_flow_state, s->opts->max_flows);
	skel->rodata->targ_pcap_snaplen = capture_snaplen(s->cap);
	return 0;
}

static int txq_chosen(struct mode_run *r)
{
	((struct txq_bpf *)r->skel)->rodata->has_pick = r->choices[HOOK_PICK].mech >= 0;
	return 0;
}

static int txq_attached(struct mode_run *r)
{
	struct txq_state *s = r->st;

	if (r->choices[HOOK_PICK].mech >= 0)
		s->pick_mech = hooks_choice_name(&txq_hooks[HOOK_PICK], &r->choices[HOOK_PICK]);
	return 0;
}

static void txq_banner(struct mode_run *r)
{
	const char *pick = ((struct txq_state *)r->st)->pick_mech;

	mode_banner(&r->m, "Tracing TX queue choice at net_dev_start_xmit (%s)%s%s%s",
		    hooks_mech_name(r->choices[HOOK_XMIT].mech),
		    pick ? " and netdev_core_pick_tx (" : "", pick ? pick : "", pick ? ")" : "");
}

static int txq_summary(void *st, bool final)
{
	return txq_report(st, final);
}

static void txq_cleanup(struct mode_run *r)
{
	struct txq_state *s = r->st;

	s->skel = NULL;
	free(s->notes);
	dev_names_free(&s->devs);
	row_history_free(&s->prev_queues);
	row_history_free(&s->prev_flows);
	capture_close(s->cap);
}

const struct mode_desc txq_mode = {
	.name = "txq",
	.skel = &txq_skel_ops,
	.hooks = txq_hooks,
	.n_hooks = N_HOOKS,
	.events_map = "txq_events",
	.start = txq_start,
	.configure = txq_configure,
	.chosen = txq_chosen,
	.attached = txq_attached,
	.banner = txq_banner,
	.on_event = on_event,
	.summary = txq_summary,
	.cleanup = txq_cleanup,
};

static int txq_run(const struct pp_common_opts *co, void *opts)
{
	struct txq_state s = { .co = co, .opts = opts };

	return mode_run(&txq_mode, co, &s);
}

const struct pp_command cmd_txq = {
	.name = "txq",
	.summary = "which TX queue each flow is given, and why",
	.synopsis = "[FILTER] [--dev DEV] [--interval S] [--duration S] [--json]",
	.description =
		"Counts every transmitted packet per (device, flow, TX queue) inside the kernel,\n"
		"at the net_dev_start_xmit tracepoint, where skb->queue_mapping holds the queue\n"
		"the stack chose. Prints each new flow and each queue change as it happens,\n"
		"and a per-device table every --interval and at exit.\n"
		"\n"
		"Why a queue: `socket-cache` (the socket's cached queue was reused),\n"
		"`xps` (XPS maps the sending CPU to it), `hash` (skb_tx_hash of the flow),\n"
		"or `other` (the driver's ndo_select_queue, tc skbedit...). A cached queue\n"
		"is only re-picked when the skb has ooo_okay set (TCP: all data acked).\n"
		"Packets are counted as segments, as qdisc counters (`tc -s qdisc`) do.",
	.examples = "  pktpath txq --dev eth0 --interval 1\n"
		    "  pktpath txq 'tcp and dst port 443' --duration 30 --json\n"
		    "  pktpath txq --dev eth0 -w - 2>/dev/null | tshark -r - -V   # first packets\n",
	.common = PP_OPTS_CAPTURE | PP_OPT_WRITE,
	.options = txq_options,
	.opts_size = sizeof(struct txq_opts),
	.init = txq_init,
	.run = txq_run,
};
