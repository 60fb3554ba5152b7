// SPDX-License-Identifier: GPL-2.0
/*
 * rxq.c - `pktpath rxq`: which RX queue, IRQ and CPUs each received flow
 * goes through, where RPS/RFS steer it, and why.
 *
 * Open the program, write the filters into its rodata, choose a mechanism
 * per tracepoint, load, attach, then print each new flow and each change of
 * its way in as it happens, and a per-device table every interval and at
 * exit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "rxq.skel.h"
#include "cmd/commands.h"
#include "user.h"
#include "lib/flow.h"
#include "lib/hooks.h"
#include "lib/irq_owners.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/netns.h"
#include "lib/runtime.h"
#include "lib/session.h"
#include "lib/timefmt.h"
#include "lib/vec.h"

#define POLL_SLOTS 16 /* TRACE_POLL_SLOTS in trace/ctx.bpf.h */

static const struct pp_option rxq_options[] = {
	{ 0, "max-flows", 0, "N",
	  "size of the in-kernel flow table (default 16384; the oldest flow is evicted, "
	  "and evictions are reported)",
	  PP_OPT_STORE_ULONG(struct rxq_opts, max_flows, 16, 1 << 24) },
	{ 0, "max-packets", 0, "N",
	  "packets followed at once from the hand-off to the stack, where RPS or RFS "
	  "could move them (default 16384; a packet evicted before the stack met it is "
	  "counted as unpaired)",
	  PP_OPT_STORE_ULONG(struct rxq_opts, max_packets, 64, 1 << 22) },
	{ 0 },
};

#define RXQ_HOOK(tp, req, what) { &hook_##tp, HOOK_PROGS_TP("rxq_" #tp), .required = req, .lost = what }
#define CTX_HOOK(tp) { &hook_##tp, HOOK_PROGS_TP("tr_" #tp), .lost = "the IRQ of each flow" }

enum {
	HOOK_STACK,
	HOOK_NETIF_RX,
	HOOK_GRO,
	HOOK_GRO_FRAGS,
	HOOK_RECEIVE_ENTRY,
	HOOK_LIST_ENTRY,
	HOOK_DATA_READY,
	HOOK_RECV,
	HOOK_IRQ_FIRST,
	N_HOOKS = HOOK_IRQ_FIRST + 6,
};

_Static_assert(N_HOOKS <= MODE_MAX_HOOKS, "the driver's choices hold rxq_hooks[]");

static const struct hook_progs rxq_hooks[N_HOOKS] = {
	[HOOK_STACK] = RXQ_HOOK(netif_receive_skb, true, NULL),
	[HOOK_NETIF_RX] = RXQ_HOOK(netif_rx, true, NULL),
	[HOOK_GRO] = RXQ_HOOK(napi_gro_receive_entry, false, "the hand-off of GRO drivers"),
	[HOOK_GRO_FRAGS] = RXQ_HOOK(napi_gro_frags_entry, false,
				    "the hand-off of GRO-frags drivers"),
	[HOOK_RECEIVE_ENTRY] = RXQ_HOOK(netif_receive_skb_entry, false,
					"the hand-off of non-GRO NAPI drivers"),
	[HOOK_LIST_ENTRY] = RXQ_HOOK(netif_receive_skb_list_entry, false,
				     "the hand-off of drivers that pass lists"),
	[HOOK_DATA_READY] = RXQ_HOOK(sk_data_ready, false, "the reader of each flow"),
	[HOOK_RECV] = RXQ_HOOK(sock_recv_length, false, "the reader of each flow"),
	[HOOK_IRQ_FIRST + 0] = CTX_HOOK(irq_handler_entry),
	[HOOK_IRQ_FIRST + 1] = CTX_HOOK(irq_handler_exit),
	[HOOK_IRQ_FIRST + 2] = CTX_HOOK(softirq_raise),
	[HOOK_IRQ_FIRST + 3] = CTX_HOOK(softirq_entry),
	[HOOK_IRQ_FIRST + 4] = CTX_HOOK(softirq_exit),
	[HOOK_IRQ_FIRST + 5] = CTX_HOOK(napi_poll),
};

static void rxq_init(void *opts)
{
	struct rxq_opts *o = opts;

	o->max_flows = 16384;
	o->max_packets = 16384;
}

struct rxq_device *rxq_device(struct rxq_state *s, const struct pp_dev_id *id)
{
	return dev_names_get(&s->devs, sizeof(struct rxq_device), s->skel->maps.pp_devices, id);
}

const struct rps_dev *rxq_device_rps(struct rxq_state *s, struct rxq_device *d, double max_age)
{
	double now = session_now();

	(void)s;
	/* A failed read (the device is gone) is not retried sooner either. */
	if (!d->rps_time || now - d->rps_time >= max_age) {
		d->rps_read = !rps_read(d->dev.id.netns, d->dev.info.name, &d->rps);
		d->rps_time = now;
		if (!d->rps_read)
			pp_info("%s (netns %s): cannot read its RPS set-up from sysfs",
				d->dev.info.name, netns_name(d->dev.id.netns));
	}
	return d->rps_read ? &d->rps : NULL;
}

const char *rxq_irq_name(struct rxq_state *s, int32_t irq, char *buf, size_t len)
{
	struct trace_irq_stats st;

	buf[0] = 0;
	if (irq >= 0 && !bpf_map__lookup_elem(s->skel->maps.trace_irqs, &irq, sizeof(irq), &st,
					      sizeof(st), 0))
		snprintf(buf, len, "%.*s", (int)sizeof(st.name), st.name);
	return buf;
}

static int cpu_or_none(uint16_t cpu)
{
	return cpu == RXQ_NO_CPU ? -1 : cpu;
}

bool rxq_reader(struct rxq_state *s, const struct rxq_flow_state *st, struct rxq_reader *r)
{
	return st->sk &&
	       !bpf_map__lookup_elem(s->skel->maps.rxq_readers, &st->sk, sizeof(st->sk), r,
				     sizeof(*r), 0) &&
	       r->app_cpu != RXQ_NO_CPU;
}

enum rxq_reason rxq_explain(struct rxq_state *s, const struct pp_dev_id *id,
			    const struct rxq_flow_state *st, const struct rxq_reader *r)
{
	struct rxq_device *d = rxq_device(s, id);
	const struct rps_dev *rps = d ? rxq_device_rps(s, d, 1.0) : NULL;

	if (st->softirq_cpu == RXQ_NO_CPU)
		return RXQ_WHY_UNKNOWN;
	return rps_explain(rps, st->rx_queue == RXQ_NO_QUEUE ? -1 : st->rx_queue, st->hash,
			   st->softirq_cpu, st->rps_cpu, r ? cpu_or_none(r->app_cpu) : -1);
}

void rxq_reader_json(struct json_writer *w, const struct rxq_reader *r)
{
	if (!r || r->app_cpu == RXQ_NO_CPU) {
		json_key(w, "app_cpu");
		json_null(w);
		json_key(w, "app_pid");
		json_null(w);
		json_key(w, "app_comm");
		json_null(w);
		return;
	}
	json_kv_u64(w, "app_cpu", r->app_cpu);
	json_kv_u64(w, "app_pid", r->app_pid);
	json_kv_str(w, "app_comm", r->app_comm);
}

void rxq_way_json(struct rxq_state *s, const struct rxq_flow_state *st)
{
	struct json_writer *w = &s->json;
	char irq[40];

	json_key(w, "rx_queue");
	if (st->rx_queue == RXQ_NO_QUEUE)
		json_null(w);
	else
		json_u64(w, st->rx_queue);
	json_key(w, "irq");
	if (st->irq < 0)
		json_null(w);
	else
		json_i64(w, st->irq);
	json_key(w, "irq_name");
	if (st->irq < 0)
		json_null(w);
	else
		json_string(w, rxq_irq_name(s, st->irq, irq, sizeof(irq)));
	json_key(w, "softirq_cpu");
	if (st->softirq_cpu == RXQ_NO_CPU)
		json_null(w);
	else
		json_u64(w, st->softirq_cpu);
	json_kv_u64(w, "rps_cpu", st->rps_cpu);
	json_kv_u64(w, "hash", st->hash);
}

static const char *event_name(uint32_t type)
{
	return type == RXQ_EV_NEW_FLOW ? "new_flow" : type == RXQ_EV_CHANGE ? "flow_change"
									  : "app_change";
}

/* "rxq 0 irq 25 (virtio0-input.0) cpu 0 -> 1": the way in, for text. */
static void format_way(struct rxq_state *s, const struct rxq_flow_state *st, char *buf,
		       size_t len)
{
	char q[16] = "-", irq[64] = "", name[40], sirq[8] = "?";

	if (st->rx_queue != RXQ_NO_QUEUE)
		snprintf(q, sizeof(q), "%u", st->rx_queue);
	if (st->irq >= 0)
		snprintf(irq, sizeof(irq), " irq %d (%s)", st->irq,
			 rxq_irq_name(s, st->irq, name, sizeof(name)));
	if (st->softirq_cpu != RXQ_NO_CPU)
		snprintf(sirq, sizeof(sirq), "%u", st->softirq_cpu);
	snprintf(buf, len, "rxq %s%s cpu %s -> %u", q, irq, sirq, st->rps_cpu);
}

static void json_event(struct rxq_state *s, const struct rxq_event *e, const char *dev,
		       const char *when, enum rxq_reason why)
{
	struct json_writer *w = &s->json;

	json_object_start(w);
	json_kv_str(w, "type", event_name(e->type));
	json_kv_str(w, "time", when);
	json_kv_u64(w, "ts_ns", e->ts_ns);
	json_kv_str(w, "dev", dev);
	json_kv_u64(w, "ifindex", e->dev.ifindex);
	json_kv_str(w, "netns", netns_name(e->dev.netns));
	json_kv_u64(w, "netns_inode", e->dev.netns);
	flow_json(w, &e->flow);
	rxq_way_json(s, &e->now);
	rxq_reader_json(w, e->type == RXQ_EV_APP ? &e->reader : NULL);
	json_kv_str(w, "why", rps_reason_name(why));
	json_key(w, "old");
	if (e->type == RXQ_EV_CHANGE) {
		json_object_start(w);
		rxq_way_json(s, &e->old);
		json_object_end(w);
	} else if (e->type == RXQ_EV_APP) {
		json_object_start(w);
		rxq_reader_json(w, &e->old_reader);
		json_object_end(w);
	} else {
		json_null(w);
	}
	json_object_end(w);
}

static void print_event(struct rxq_state *s, const struct rxq_event *e, const char *dev)
{
	const struct rxq_reader *r = e->type == RXQ_EV_APP ? &e->reader : NULL;
	struct rxq_reader known;
	enum rxq_reason why;

	/* A move: the socket's reader now (RFS follows it), if known. */
	if (!r && rxq_reader(s, &e->now, &known))
		r = &known;
	why = rxq_explain(s, &e->dev, &e->now, r);
	char when[40], flow[160], now[128], old[128];

	if (s->co->json) {
		timefmt_iso(e->ts_ns, s->clock.wall_offset_ns, when, sizeof(when));
		json_event(s, e, dev, when, why);
		return;
	}
	timefmt_clock(e->ts_ns, s->clock.wall_offset_ns, when, sizeof(when));
	flow_format(&e->flow, flow, sizeof(flow));
	format_way(s, &e->now, now, sizeof(now));
	if (e->type == RXQ_EV_NEW_FLOW) {
		printf("%s %s: new flow %s  %s (%s)\n", when, dev, flow, now, rps_reason_name(why));
	} else if (e->type == RXQ_EV_CHANGE) {
		format_way(s, &e->old, old, sizeof(old));
		printf("%s %s: MOVED %s  %s => %s (%s)\n", when, dev, flow, old, now,
		       rps_reason_name(why));
	} else {
		if (e->old_reader.app_cpu == RXQ_NO_CPU)
			snprintf(old, sizeof(old), "first reader");
		else
			snprintf(old, sizeof(old), "was %.16s/%u on cpu %u", e->old_reader.app_comm,
				 e->old_reader.app_pid, e->old_reader.app_cpu);
		printf("%s %s: reader of %s  %.16s/%u on cpu %u, stack on cpu %u (%s; %s)\n", when,
		       dev, flow, r->app_comm, r->app_pid, r->app_cpu, e->now.rps_cpu,
		       rps_reason_name(why), old);
	}
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct pp_session *sess = ctx;
	struct rxq_state *s = sess->ctx;
	const struct rxq_event *e = data;
	struct rxq_device *d;

	if (len < sizeof(*e) || !session_take(sess))
		return 0;
	d = rxq_device(s, &e->dev);
	/* A move may follow a change of the RPS set-up: read it afresh. */
	if (d && e->type == RXQ_EV_CHANGE)
		rxq_device_rps(s, d, 0);
	print_event(s, e, e->dev_name[0] ? e->dev_name : d ? d->dev.info.name : NAMES_NONE);
	return 0;
}

/*
 * Detached in the skeleton's order, the stack's program could leave before
 * the reader's: under load, a backlog the stack works through during the
 * detach was then read and counted (app_reads) but never counted as
 * packets, with no loss to show for it. Against the packet's way instead,
 * reader first and hand-off last, every packet counted at a later stage
 * was counted at each earlier one.
 */
static const int detach_first[] = { HOOK_RECV, HOOK_DATA_READY, HOOK_STACK, -1 };

static bool irq_hooks_chosen(const struct hook_choice *choices)
{
	for (int i = HOOK_IRQ_FIRST; i < N_HOOKS; i++)
		if (choices[i].mech < 0)
			return false;
	return true;
}

/* Runs in the device's namespace: '1' when it has a parent device. */
static int has_parent(void *arg, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/class/net/%s/device", (const char *)arg);
	if (len)
		buf[0] = access(path, F_OK) ? '0' : '1';
	return len ? 1 : -1;
}

/*
 * With --dev NAME naming virtual devices only (veth, loopback, bridges,
 * tunnels: no parent device in sysfs), no hardware IRQ brings their
 * packets in: the IRQ and softirq programs, which run on every softirq of
 * the machine, would cost for nothing.
 */
static bool irq_useful(const struct pp_meta_filter *mf)
{
	struct pp_dev_id found[16];
	char name[PP_IFNAMSIZ + 1] = "";
	int n;

	memcpy(name, (const char *)mf->dev_name, PP_IFNAMSIZ);
	if (!name[0])
		return true;
	n = netdev_find(name, found, 16);
	for (int i = 0; i < n && i < 16; i++) {
		char c = '1';

		if (mf->netns && found[i].netns != mf->netns)
			continue;
		if (netns_run(found[i].netns, 1, has_parent, name, &c, 1) != 1 || c == '1')
			return true;
	}
	return false;
}

/* Leave the IRQ hooks out: choices "missing"; their programs stay unloaded
 * (SEC("?...")). */
static void drop_irq_hooks(struct hook_choice *choices)
{
	for (int i = HOOK_IRQ_FIRST; i < N_HOOKS; i++) {
		choices[i].mech = -1;
		snprintf(choices[i].reason, sizeof(choices[i].reason), "virtual device");
	}
}

MODE_SKEL_OPS(rxq);

static int rxq_start(struct mode_run *r)
{
	struct rxq_state *s = r->st;

	json_init(&s->json, stdout);
	report_clock_start(&s->clock, timefmt_wall_offset_ns());
	return 0;
}

static int rxq_configure(struct mode_run *r)
{
	struct rxq_state *s = r->st;
	struct rxq_bpf *skel = r->skel;
	const struct pp_meta_filter *mf = &r->m.filter.mf;

	s->skel = skel;
	bpf_map__set_max_entries(skel->maps.rxq_flows, s->opts->max_flows);
	bpf_map__set_max_entries(skel->maps.rxq_flow_state, s->opts->max_flows);
	bpf_map__set_max_entries(skel->maps.rxq_skbs, s->opts->max_packets);
	bpf_map__set_max_entries(skel->maps.trace_polls,
				 libbpf_num_possible_cpus() * POLL_SLOTS);
	skel->rodata->targ_nr_cpus = irq_owners_nr_cpus();
	if (mf->irq < 0 && !irq_useful(mf)) {
		pp_info("--dev %s: a virtual device, no IRQ to find: IRQ hooks left out",
			(const char *)mf->dev_name);
		drop_irq_hooks(r->choices);
		r->n_hooks = HOOK_IRQ_FIRST;
	}
	return 0;
}

static int rxq_chosen(struct mode_run *r)
{
	struct rxq_bpf *skel = r->skel;

	skel->rodata->has_irq = irq_hooks_chosen(r->choices);
	if (r->m.filter.mf.irq >= 0 && !skel->rodata->has_irq) {
		pp_err("--irq: this kernel's IRQ and softirq tracepoints are not usable");
		return PP_EXIT_ENV;
	}
	return 0;
}

static int rxq_attached(struct mode_run *r)
{
	struct rxq_state *s = r->st;

	s->has_irq = irq_hooks_chosen(r->choices);
	s->has_reader = r->choices[HOOK_DATA_READY].mech >= 0 && r->choices[HOOK_RECV].mech >= 0;
	if (s->has_irq)
		irq_owners_load(bpf_map__fd(s->skel->maps.trace_irq_owners));
	return 0;
}

static void rxq_banner(struct mode_run *r)
{
	const struct rxq_state *s = r->st;

	mode_banner(&r->m, "Tracing RX queues and CPUs at netif_receive_skb (%s)%s%s",
		    hooks_mech_name(r->choices[HOOK_STACK].mech), s->has_irq ? ", IRQs" : "",
		    s->has_reader ? ", readers" : "");
}

static int rxq_summary(void *st, bool final)
{
	return rxq_report(st, final);
}

static void rxq_cleanup(struct mode_run *r)
{
	struct rxq_state *s = r->st;

	s->skel = NULL;
	dev_names_free(&s->devs);
	row_history_free(&s->prev_queues);
	row_history_free(&s->prev_paths);
}

const struct mode_desc rxq_mode = {
	.name = "rxq",
	.skel = &rxq_skel_ops,
	.hooks = rxq_hooks,
	.n_hooks = N_HOOKS,
	.detach_first = detach_first,
	.events_map = "rxq_events",
	.start = rxq_start,
	.configure = rxq_configure,
	.chosen = rxq_chosen,
	.attached = rxq_attached,
	.banner = rxq_banner,
	.on_event = on_event,
	.summary = rxq_summary,
	.cleanup = rxq_cleanup,
};

static int rxq_run(const struct pp_common_opts *co, void *opts)
{
	struct rxq_state s = { .co = co, .opts = opts };

	return mode_run(&rxq_mode, co, &s);
}

const struct pp_command cmd_rxq = {
	.name = "rxq",
	.summary = "which RX queue, IRQ and CPUs each flow arrives on, and why",
	.synopsis = "[FILTER] [--dev DEV] [--netns NS] [--interval S] [--duration S] [--json]",
	.description =
		"Follows every received packet through three CPUs and counts it per\n"
		"(device, flow) inside the kernel:\n"
		"  softirq cpu  where the driver (NAPI) or netif_rx handed it to the stack,\n"
		"               with the RX queue the driver recorded and, for NAPI, the IRQ\n"
		"               that scheduled the poll (none on veth and loopback);\n"
		"  rps cpu      where the stack processed it (netif_receive_skb), after RPS\n"
		"               or RFS chose a CPU; the same CPU when nothing steered it;\n"
		"  app cpu      where a task received it from its socket, with its pid\n"
		"               and name (sk_data_ready names the socket, sock_recv_length\n"
		"               the reader).\n"
		"Prints each new flow and each change of its way in as it happens, and a\n"
		"per-device table every --interval and at exit.\n"
		"\n"
		"Why that CPU: `rps` (the queue's rps_cpus map and the packet's hash, as\n"
		"get_rps_cpu computes it), `rfs` (the CPU of the flow's reader, with\n"
		"rps_flow_cnt and net.core.rps_sock_flow_entries set), `none` (no\n"
		"steering), `no-hash`, or `other`. Flags: `steered` (processed on another\n"
		"CPU than the hand-off's: an inter-processor interrupt per batch),\n"
		"`app-remote` (read on another CPU than the stack's: cache misses),\n"
		"`ksoftirqd` (the softirq was deferred to the ksoftirqd thread).\n"
		"--cpu filters on the stack's CPU, --queue on the RX queue.",
	.examples = "  pktpath rxq --dev eth0 --interval 1\n"
		    "  pktpath rxq 'udp and dst port 53' --duration 30 --json\n",
	.common = PP_OPTS_CAPTURE | PP_OPT_IRQ,
	.options = rxq_options,
	.opts_size = sizeof(struct rxq_opts),
	.init = rxq_init,
	.run = rxq_run,
};
