// SPDX-License-Identifier: GPL-2.0
/*
 * otherhost.c - `pktpath otherhost`: frames that reached a device although
 * their destination MAC is another host's, where the stack met them and
 * where it dropped them.
 *
 * A subcommand of its own rather than only `drops --otherhost` (which runs
 * this too): it asks another question (who sends me frames that are not
 * mine, and does my device accept them?), at another hook, with another
 * table (per device and foreign MAC); drops' --stack does not apply.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "otherhost.skel.h"
#include "cmd/commands.h"
#include "modes/drops/user.h"
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

static const struct pp_option otherhost_options[] = {
	{ 0, "rate", 'r', "N",
	  "print at most N frames per second as they happen (default 100; 0: only the "
	  "tables). The tables count every frame; what is held back is reported",
	  PP_OPT_STORE_ULONG(struct drops_opts, rate, 0, 1000000) },
	{ 0 },
};

static const struct hook_progs otherhost_hooks[] = {
	{ &hook_netif_receive_skb, HOOK_PROGS_TP("otherhost_rx"), .required = true },
	{ &hook_kfree_skb, HOOK_PROGS_TP("otherhost_free"), .required = false },
};

#define N_HOOKS (sizeof(otherhost_hooks) / sizeof(otherhost_hooks[0]))

static void otherhost_init(void *opts)
{
	struct drops_opts *o = opts;

	o->rate = DROPS_DEFAULT_RATE;
}

static void json_mac(struct json_writer *w, const char *key, const uint8_t mac[6], bool known)
{
	char buf[18];

	json_key(w, key);
	if (known)
		json_string(w, mac_text(mac, buf));
	else
		json_null(w);
}

/* One event as the printers see it. */
struct otherhost_rec {
	struct otherhost_state *s;
	const struct otherhost_event *e;
};

static void print_json(void *ctx, struct json_writer *w)
{
	const struct otherhost_rec *r = ctx;
	const struct otherhost_event *e = r->e;
	struct drop_names *n = &r->s->names;
	char when[40];

	json_object_start(w);
	json_kv_str(w, "type", "otherhost");
	json_kv_str(w, "stage", e->stage == OTHERHOST_DROPPED ? "dropped" : "received");
	json_kv_str(w, "time", timefmt_iso(e->ts_ns, n->wall_offset_ns, when, sizeof(when)));
	json_kv_u64(w, "ts_ns", e->ts_ns);
	json_kv_str(w, "dev", e->dev_name);
	json_kv_u64(w, "ifindex", e->dev.ifindex);
	json_kv_str(w, "netns", names_netns(e->dev.netns));
	json_kv_u64(w, "netns_inode", e->dev.netns);
	json_mac(w, "dev_mac", e->dev_mac, true);
	json_mac(w, "dst_mac", e->dst_mac, e->has_mac);
	json_mac(w, "src_mac", e->src_mac, e->has_mac);
	json_kv_bool(w, "promisc", e->promisc);
	flow_json(w, &e->flow);
	json_kv_u64(w, "len", e->len);
	json_kv_u64(w, "cpu", e->cpu);
	if (e->stage == OTHERHOST_DROPPED) {
		drop_reason_json(w, n, e->reason);
		drop_location_json(w, n, e->location);
	}
	json_object_end(w);
}

static void print_text(void *ctx, FILE *out)
{
	const struct otherhost_rec *r = ctx;
	const struct otherhost_event *e = r->e;
	struct drop_names *n = &r->s->names;
	char when[40], flow[160], dst[18], src[18], own[18], reason[64], loc[256];
	const char *dev = e->dev_name[0] ? e->dev_name : "?";

	drop_time_text(n, e->ts_ns, when, sizeof(when));
	if (!e->has_mac)
		snprintf(dst, sizeof(dst), "?");
	else
		mac_text(e->dst_mac, dst);
	flow_format(&e->flow, flow, sizeof(flow));
	if (e->stage == OTHERHOST_DROPPED) {
		fprintf(out, "%s %s: frame for %s dropped (%s)\n", when, dev, dst,
			drop_reason_text(n, e->reason, reason, sizeof(reason)));
		fprintf(out, "  at %s: %s\n",
			drop_location_text(n, e->location, true, loc, sizeof(loc)), flow);
		return;
	}
	fprintf(out, "%s %s: frame for %s, not us (%s)\n", when, dev, dst,
		mac_text(e->dev_mac, own));
	fprintf(out, "  from %s: %s%s\n", e->has_mac ? mac_text(e->src_mac, src) : "?", flow,
		e->promisc ? " (promisc)" : "");
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct pp_session *sess = ctx;
	struct otherhost_state *s = sess->ctx;
	const struct otherhost_event *e = data;
	struct otherhost_rec o = { s, e };
	struct capture_printer p = { print_text, print_json, &o };
	struct capture_rec r = { 0 };

	if (len < offsetof(struct otherhost_event, pkt) || e->type != PP_EV_OTHERHOST ||
	    !session_take(sess))
		return 0;
	if (s->cap && len >= sizeof(*e))
		r = capture_event(&e->dev, e->dev_name, names_netns(e->dev.netns),
				  &e->pkt, e->ts_ns, s->names.wall_offset_ns);
	if (capture_record(r.pkt ? s->cap : NULL, s->co->json ? CAPTURE_OUT_JSON : CAPTURE_OUT_TEXT,
			   "otherhost", &r, &p))
		sess->error = PP_EXIT_FAIL;
	return 0;
}

MODE_SKEL_OPS(otherhost);

static int otherhost_start(struct mode_run *r)
{
	struct otherhost_state *s = r->st;
	int ret = capture_open(&s->cap, s->co, "otherhost");

	if (!ret)
		ret = drop_names_init(&s->names);
	json_init(&s->json, stdout);
	report_clock_start(&s->clock, s->names.wall_offset_ns);
	return ret;
}

static int otherhost_configure(struct mode_run *r)
{
	struct otherhost_state *s = r->st;
	struct otherhost_bpf *skel = r->skel;

	s->skel = skel;
	skel->rodata->targ_rate = s->opts->rate;
	skel->rodata->targ_pcap_snaplen = capture_snaplen(s->cap);
	return 0;
}

static int otherhost_attached(struct mode_run *r)
{
	drop_names_symbols(&((struct otherhost_state *)r->st)->names);
	return 0;
}

static void otherhost_banner(struct mode_run *r)
{
	const struct hook_choice *c = r->choices;

	mode_banner(&r->m, "Tracing frames for other hosts (netif_receive_skb: %s%s%s)",
		    hooks_mech_name(c[0].mech), c[1].mech >= 0 ? ", kfree_skb: " : "",
		    c[1].mech >= 0 ? hooks_mech_name(c[1].mech) : "");
}

static int otherhost_summary(void *st, bool final)
{
	return otherhost_report(st, final);
}

static void otherhost_cleanup(struct mode_run *r)
{
	struct otherhost_state *s = r->st;

	s->skel = NULL;
	drop_names_free(&s->names);
	row_history_free(&s->prev);
	capture_close(s->cap);
}

const struct mode_desc otherhost_mode = {
	.name = "otherhost",
	.skel = &otherhost_skel_ops,
	.hooks = otherhost_hooks,
	.n_hooks = N_HOOKS,
	.events_map = "otherhost_events",
	.start = otherhost_start,
	.configure = otherhost_configure,
	.attached = otherhost_attached,
	.banner = otherhost_banner,
	.on_event = on_event,
	.summary = otherhost_summary,
	.cleanup = otherhost_cleanup,
};

int otherhost_run(const struct pp_common_opts *co, void *opts)
{
	struct otherhost_state s = { .co = co, .opts = opts };

	return mode_run(&otherhost_mode, co, &s);
}

const struct pp_command cmd_otherhost = {
	.name = "otherhost",
	.summary = "frames for another host's MAC that reach this one, and their fate",
	.synopsis = "[FILTER] [--dev DEV] [--rate N] [--interval S] [--json]",
	.description =
		"A frame whose destination MAC is neither the device's own, broadcast, nor\n"
		"a joined multicast group is marked PACKET_OTHERHOST by the driver\n"
		"(eth_type_trans). It is met at netif_receive_skb, where pktpath shows the\n"
		"source and destination MAC, the device's own MAC, whether the device is\n"
		"promiscuous, and the addresses and ports inside; IP then drops it (reason\n"
		"OTHERHOST, in ip_rcv_core or ip6_rcv_core) unless a bridge, macvlan or\n"
		"packet socket wanted it. The table counts frames per (device, foreign\n"
		"destination MAC), every --interval and at exit.\n"
		"\n"
		"Such frames come from a switch flooding an unknown MAC (its table aged\n"
		"out, or asymmetric routing), a neighbour with a stale ARP/ND entry for\n"
		"one of our addresses, or a device put in promiscuous mode (tcpdump,\n"
		"bridges). Next steps: `ip -s -s link` (rx_otherhost_dropped), `ip neigh`\n"
		"on the sender, the switch's MAC table. Also run by `pktpath drops\n"
		"--otherhost`.",
	.examples = "  pktpath otherhost --dev eth0\n"
		    "  pktpath otherhost 'udp' --interval 10 --json\n"
		    "  pktpath otherhost --dev eth0 -w otherhost.pcapng   # for Wireshark\n",
	.common = (PP_OPTS_CAPTURE & ~PP_OPT_QUEUE) | PP_OPT_WRITE,
	.options = otherhost_options,
	.opts_size = sizeof(struct drops_opts),
	.init = otherhost_init,
	.run = otherhost_run,
};
