// SPDX-License-Identifier: GPL-2.0
/*
 * drops.c - `pktpath drops`: every packet the kernel drops, why (the drop
 * reason), where (the code that freed it), on which device and flow.
 *
 * Open the program, write the filters and knobs into its rodata, choose
 * the attach mechanism for kfree_skb, load, attach, then print the drops
 * live (rate limited) and a table per (reason, location, device) every
 * interval and at exit.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "drops.skel.h"
#include "cmd/commands.h"
#include "user.h"
#include "filter/filter.h"
#include "lib/capture.h"
#include "lib/flow.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/names.h"
#include "lib/runtime.h"
#include "lib/session.h"
#include "lib/timefmt.h"

#define STACK_MAP_ENTRIES 4096

static const struct pp_option drops_options[] = {
	{ 0, "stack", 's', NULL,
	  "record the kernel stack of each drop: live lines and table rows show it, one row "
	  "per distinct stack. A stack walk per drop costs: in a drop storm, about half "
	  "the packet rate (without it, about a tenth)",
	  PP_OPT_STORE_FLAG(struct drops_opts, stack) },
	{ 0, "rate", 'r', "N",
	  "print at most N drops per second as they happen (default 100; 0: only the "
	  "tables), and write as many to -w's file. The tables count every drop; what is "
	  "held back is reported",
	  PP_OPT_STORE_ULONG(struct drops_opts, rate, 0, 1000000) },
	{ 0, "otherhost", 0, NULL,
	  "show frames for another host instead (the same as `pktpath otherhost`)",
	  PP_OPT_STORE_FLAG(struct drops_opts, otherhost) },
	{ 0 },
};

static const struct hook_progs drops_hooks[] = {
	{ &hook_kfree_skb, HOOK_PROGS_TP("drops_kfree_skb"), .required = true },
};

static void drops_init(void *opts)
{
	struct drops_opts *o = opts;

	o->rate = DROPS_DEFAULT_RATE;
}

/* One drop as the printers see it. */
struct drop_rec {
	struct drops_state *s;
	const struct drops_event *e;
	const uint64_t *ips;
	int depth;
};

static void print_json(void *ctx, struct json_writer *w)
{
	const struct drop_rec *d = ctx;
	const struct drops_event *e = d->e;
	struct drop_names *n = &d->s->names;
	char when[40];

	json_object_start(w);
	json_kv_str(w, "type", "drop");
	json_kv_str(w, "time", timefmt_iso(e->ts_ns, n->wall_offset_ns, when, sizeof(when)));
	json_kv_u64(w, "ts_ns", e->ts_ns);
	drop_reason_json(w, n, e->reason);
	drop_location_json(w, n, e->location);
	names_dev_json(w, &e->dev, e->dev_name);
	json_kv_u64(w, "len", e->len);
	json_kv_str(w, "pkt_type", pkt_type_name(e->pkt_type));
	flow_json(w, &e->flow);
	json_kv_u64(w, "cpu", e->cpu);
	if (d->s->opts->stack) {
		if (e->stack_id >= 0) {
			drop_stack_json(w, n, d->ips, d->depth);
		} else {
			json_key(w, "stack");
			json_null(w);
		}
	}
	json_object_end(w);
}

static void print_text(void *ctx, FILE *out)
{
	const struct drop_rec *d = ctx;
	const struct drops_event *e = d->e;
	struct drop_names *n = &d->s->names;
	char when[40], flow[160], reason[64], loc[256];

	fprintf(out, "%s %s at %s\n", drop_time_text(n, e->ts_ns, when, sizeof(when)),
		drop_reason_text(n, e->reason, reason, sizeof(reason)),
		drop_location_text(n, e->location, true, loc, sizeof(loc)));
	fprintf(out, "  %s (%s): %s, %u bytes\n", e->dev_name[0] ? e->dev_name : "no device",
		names_netns(e->dev.netns), flow_format(&e->flow, flow, sizeof(flow)),
		e->len);
	if (d->s->opts->stack && e->stack_id < 0)
		fprintf(out, "    (stack not recorded: see the losses at the end)\n");
	else if (d->s->opts->stack)
		drop_stack_print(out, n, d->ips, d->depth, "    ");
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct pp_session *sess = ctx;
	struct drops_state *s = sess->ctx;
	const struct drops_event *e = data;
	uint64_t ips[PP_STACK_DEPTH];
	struct drop_rec d = { s, e, ips, 0 };
	struct capture_printer p = { print_text, print_json, &d };
	struct capture_rec r = { 0 };

	if (len < offsetof(struct drops_event, pkt) || e->type != PP_EV_DROP ||
	    !session_take(sess))
		return 0;
	if (s->opts->stack)
		d.depth = drop_stack_read(bpf_map__fd(s->skel->maps.drops_stacks), e->stack_id,
					  &s->names, ips);
	if (s->cap && len >= sizeof(*e))
		r = capture_event(&e->dev, e->dev_name,
				  e->dev.netns ? names_netns(e->dev.netns) : NULL,
				  &e->pkt, e->ts_ns, s->names.wall_offset_ns);
	if (capture_record(r.pkt ? s->cap : NULL, s->co->json ? CAPTURE_OUT_JSON : CAPTURE_OUT_TEXT,
			   "drop", &r, &p))
		sess->error = PP_EXIT_FAIL;
	return 0;
}

MODE_SKEL_OPS(drops);

static int drops_start(struct mode_run *r)
{
	struct drops_state *s = r->st;
	int ret = capture_open(&s->cap, s->co, "drops");

	if (!ret)
		ret = drop_names_init(&s->names);
	json_init(&s->json, stdout);
	report_clock_start(&s->clock, s->names.wall_offset_ns);
	return ret;
}

static int drops_configure(struct mode_run *r)
{
	struct drops_state *s = r->st;
	struct drops_bpf *skel = r->skel;

	s->skel = skel;
	skel->rodata->targ_rate = s->opts->rate;
	skel->rodata->targ_stack = s->opts->stack;
	skel->rodata->targ_pcap_snaplen = capture_snaplen(s->cap);
	/* The stack map is allocated whole at load: keep it tiny when unused. */
	bpf_map__set_max_entries(skel->maps.drops_stacks, s->opts->stack ? STACK_MAP_ENTRIES : 1);
	return 0;
}

static int drops_attached(struct mode_run *r)
{
	drop_names_symbols(&((struct drops_state *)r->st)->names);
	return 0;
}

static void drops_banner(struct mode_run *r)
{
	mode_banner(&r->m, "Tracing drops at kfree_skb (%s)%s", hooks_mech_name(r->choices[0].mech),
		    ((struct drops_state *)r->st)->opts->stack ? " with stacks" : "");
}

static int drops_summary(void *st, bool final)
{
	return drops_report(st, final);
}

static void drops_cleanup(struct mode_run *r)
{
	struct drops_state *s = r->st;

	s->skel = NULL;
	drop_names_free(&s->names);
	row_history_free(&s->prev);
	capture_close(s->cap);
}

const struct mode_desc drops_mode = {
	.name = "drops",
	.skel = &drops_skel_ops,
	.hooks = drops_hooks,
	.n_hooks = 1,
	.events_map = "drops_events",
	.start = drops_start,
	.configure = drops_configure,
	.attached = drops_attached,
	.banner = drops_banner,
	.on_event = on_event,
	.summary = drops_summary,
	.cleanup = drops_cleanup,
};

static int drops_run(const struct pp_common_opts *co, void *opts)
{
	const struct drops_opts *o = opts;
	struct drops_state s = { .co = co, .opts = o };

	if (o->otherhost) {
		if (o->stack) {
			pp_err("drops: --stack does not apply to --otherhost");
			return PP_EXIT_USAGE;
		}
		return otherhost_run(co, opts);
	}
	return mode_run(&drops_mode, co, &s);
}

const struct pp_command cmd_drops = {
	.name = "drops",
	.summary = "every packet the kernel drops: why, where, on which device",
	.synopsis = "[FILTER] [--netns NS] [--stack] [--rate N] [--interval S]",
	.description =
		"Watches the kfree_skb tracepoint, where the kernel frees a packet it did not\n"
		"deliver. Each drop has a reason, the kernel's own word for why (enum\n"
		"skb_drop_reason, read from this kernel's BTF, so names are right on every\n"
		"version), and a location: the function that dropped it. Packets that were\n"
		"used (consume_skb, SKB_CONSUMED) are not drops and are not shown.\n"
		"\n"
		"Drops are counted inside the kernel per (reason, location, device); a table\n"
		"sorted by count is printed every --interval and at exit, grouped by network\n"
		"namespace. Live lines are rate limited (--rate), never the counts.\n"
		"\n"
		"Common reasons: NO_SOCKET (nothing listens on that port: UdpNoPorts, or a\n"
		"TCP RST), NETFILTER_DROP (a firewall rule: nft list ruleset),\n"
		"SOCKET_RCVBUFF (the application reads too slowly: SO_RCVBUF, rmem_max),\n"
		"OTHERHOST (a frame for another MAC: pktpath otherhost), NOT_SPECIFIED\n"
		"(code not annotated yet: the location and --stack tell where). The names\n"
		"are documented in the kernel's include/net/dropreason-core.h. Next steps:\n"
		"the counters that go with a reason (nstat -az, ip -s link), and --stack to\n"
		"see the path that led to the drop.",
	.examples = "  pktpath drops --netns web1 --interval 5\n"
		    "  pktpath drops 'udp port 53' --stack\n"
		    "  pktpath drops -w drops.pcapng --rate 1000   # then: pktpath show drops.pcapng\n"
		    "  pktpath drops --rate 0 --duration 60 --json | jq 'select(.type==\"summary\")'\n",
	.common = (PP_OPTS_CAPTURE & ~PP_OPT_QUEUE) | PP_OPT_WRITE,
	.options = drops_options,
	.opts_size = sizeof(struct drops_opts),
	.init = drops_init,
	.run = drops_run,
};
