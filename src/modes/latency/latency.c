// SPDX-License-Identifier: GPL-2.0
/*
 * latency.c - `pktpath latency`: how long packets take from each stage of
 * their path to the next, as log2 histograms kept in the kernel (per-CPU
 * maps, no event per packet), with p50/p90/p99/max every interval and at
 * exit; and, with --from/--to, between any two stages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "cmd/commands.h"
#include "user.h"
#include "modes/trace/stages.h"
#include "modes/trace/user.h"
#include "lib/log.h"
#include "lib/session.h"
#include "lib/timefmt.h"

static const struct pp_option latency_options[] = {
	{ .id = TOPT_FROM, "from", 0, "STAGE",
	  "also measure from STAGE (a tracepoint name, e.g. netif_receive_skb) ..." },
	{ .id = TOPT_TO, "to", 0, "STAGE", "... to STAGE (e.g. skb_copy_datagram_iovec)" },
	TOPT_STAGE_OPTION,
	{ .id = TOPT_STAGES, "stages", 0, "LIST",
	  "the tracepoint stages to time, by commas (default: each path's start, hand-offs, "
	  "socket and end; 'all': every one; see --help)" },
	TOPT_FOLLOW_OPTIONS("forget a packet after S seconds without a new stage (default 1)"),
	TOPT_NO_PROBE_COST_OPTION,
	{ 0 },
};

static void latency_init(void *opts)
{
	struct trace_opts *o = opts;

	trace_opts_init(o);
	o->stage_set = LAT_DEFAULT_STAGES;
}

static int latency_parse(void *opts, int id, const char *arg)
{
	return trace_opts_parse(opts, id, arg);
}

static int summary(void *ctx, bool final)
{
	return lat_report(ctx, final);
}

static int check_span(const struct trace_opts *o)
{
	if (!(o->from || o->from_name) != !(o->to || o->to_name)) {
		pp_err("latency: --from and --to go together");
		return PP_EXIT_USAGE;
	}
	if ((o->from && o->from == o->to) ||
	    (o->from_name && o->to_name && !strcmp(o->from_name, o->to_name))) {
		pp_err("latency: --from and --to name the same stage (%s)", o->from_name ? o->from_name : stage_name(o->from));
		return PP_EXIT_USAGE;
	}
	return 0;
}

MODE_SKEL_OPS(trace);

static int lat_check(struct mode_run *r)
{
	struct lat_state *s = r->st;
	int ret = check_span(s->opts);

	s->setup.co = s->co;
	s->setup.opts = s->opts;
	s->setup.latency = true;
	return ret ? ret : trace_setup_check(&s->setup);
}

static int lat_configure(struct mode_run *r)
{
	struct lat_state *s = r->st;

	s->ncpus = libbpf_num_possible_cpus();
	json_init(&s->json, stdout);
	s->wall_offset_ns = timefmt_wall_offset_ns();
	return trace_setup_configure(&s->setup, r);
}

static int lat_select(struct mode_run *r)
{
	return trace_setup_select(&((struct lat_state *)r->st)->setup);
}

/* The histograms: pairs of the stage ids in use (function stages too),
 * and the span. */
static int lat_attached(struct mode_run *r)
{
	struct lat_state *s = r->st;
	size_t vsize = sizeof(struct lat_hist);
	int ret = trace_setup_attached(&s->setup);

	if (ret)
		return ret;
	s->start_ns = s->last_ns = timefmt_mono_now_ns();
	s->n_hists = s->setup.lat_stages * s->setup.lat_stages + 1;
	s->total = calloc(s->n_hists, sizeof(*s->total));
	s->period = calloc(s->n_hists, sizeof(*s->period));
	s->percpu = calloc(s->ncpus, vsize);
	s->zeros = calloc(s->ncpus, vsize);
	if (!s->total || !s->period || !s->percpu || !s->zeros) {
		pp_err("latency: out of memory");
		return PP_EXIT_FAIL;
	}
	return 0;
}

static void lat_banner(struct mode_run *r)
{
	const struct lat_state *s = r->st;
	char rxq[32] = "";

	if (s->opts->rxq >= 0)
		snprintf(rxq, sizeof(rxq), ", RX queue %ld", s->opts->rxq);
	mode_banner(&r->m, "Timing packets between stages at %u tracepoints (%s)%s%s",
		    s->setup.n_hooks, s->setup.mech, rxq, trace_fn_banner(&s->setup));
}

static void lat_cleanup(struct mode_run *r)
{
	struct lat_state *s = r->st;

	s->setup.skel = NULL;
	prog_costs_free(&s->setup.cost);
	free(s->total);
	free(s->period);
	free(s->percpu);
	free(s->zeros);
	s->total = s->period = NULL;
	s->percpu = s->zeros = NULL;
}

const struct mode_desc latency_mode = {
	.name = "latency",
	.skel = &trace_skel_ops,
	.check = lat_check,
	.configure = lat_configure,
	.select = lat_select,
	.attached = lat_attached,
	.banner = lat_banner,
	.summary = summary,
	.cleanup = lat_cleanup,
};

static int latency_run(const struct pp_common_opts *co, void *opts)
{
	struct lat_state s = { .co = co, .opts = opts };

	return mode_run(&latency_mode, co, &s);
}

const struct pp_command cmd_latency = {
	.name = "latency",
	.summary = "time between the stages of packets' paths, as histograms",
	.synopsis = "[FILTER] [--stages LIST] [--stage FUNC]... [--from STAGE --to STAGE] "
		    "[--interval S] [--json]",
	.description =
		"Follows packets through the same stages as `pktpath trace` and adds, in the\n"
		"kernel, the time from each stage of a packet to its next one to a log2\n"
		"histogram per pair of stages (per-CPU maps: no event per packet). Prints,\n"
		"per pair, the count and the 50th, 90th and 99th percentiles (estimated\n"
		"inside the histogram's power-of-two bucket, never above the maximum) and the\n"
		"maximum, every --interval and for the whole run at exit.\n"
		"\n"
		"--from and --to add one histogram from the first time a packet meets one\n"
		"stage to the first time after that it meets the other, printed in full.\n"
		"Stage names are the tracepoints': irq_handler_entry, softirq_raise,\n"
		"softirq_entry, napi_poll (the start of the poll that carried it),\n"
		"napi_gro_receive_entry, netif_receive_skb_entry, netif_rx, netif_receive_skb,\n"
		"tcp_probe, sk_data_ready, skb_copy_datagram_iovec, net_dev_queue,\n"
		"qdisc_enqueue, qdisc_dequeue, net_dev_start_xmit, net_dev_xmit, consume_skb,\n"
		"kfree_skb (and the other hand-offs: pktpath trace --help), or a --stage\n"
		"function's name.\n"
		"\n"
		"--stages LIST chooses the tracepoint stages to time (names by commas,\n"
		"'default', 'all'). The default is one program per step a packet takes:\n"
		"net_dev_queue, net_dev_start_xmit, the driver hand-offs, netif_rx,\n"
		"netif_receive_skb, tcp_probe, skb_copy_datagram_iovec, consume_skb and\n"
		"kfree_skb. The per-CPU context (irq_handler_entry, softirq_raise,\n"
		"softirq_entry, napi_poll), netif_rx_entry, the qdisc, net_dev_xmit and\n"
		"sk_data_ready cost a program run each per packet and are added by name or\n"
		"with 'all'; --from, --to and --irq add the stages they need.\n"
		"\n"
		TRACE_STAGE_HELP,
	.examples = "  pktpath latency --interval 1\n"
		    "  pktpath latency --stage ip_rcv_core --stage udp_rcv --from ip_rcv_core "
		    "--to udp_rcv\n"
		    "  pktpath latency 'tcp port 443' --from netif_receive_skb "
		    "--to skb_copy_datagram_iovec\n",
	.common = (PP_OPTS_CAPTURE & ~(PP_OPT_QUEUE | PP_OPT_COUNT)) | PP_OPT_IRQ,
	.options = latency_options,
	.opts_size = sizeof(struct trace_opts),
	.init = latency_init,
	.parse = latency_parse,
	.run = latency_run,
};
