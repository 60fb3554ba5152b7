// SPDX-License-Identifier: GPL-2.0
/*
 * trace.c - `pktpath trace`: each packet's journey through the kernel, stage
 * by stage, with wall-clock times, from its earliest arrival (the NIC's
 * hardware timestamp, else its hard interrupt, else its first stage) to the
 * socket or the wire, and the interrupt and queue that carried it.
 *
 * The kernel keeps each packet's stages (src/modes/trace/skb.bpf.h) and sends
 * them in one event when the skb ends, so a packet is shown whole or, when
 * the ring buffer is full, counted as lost.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "cmd/commands.h"
#include "user.h"
#include "lib/capture.h"
#include "lib/drop_reasons.h"
#include "lib/ksyms.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/session.h"
#include "lib/timefmt.h"

#define SWEEP_NS 250000000ULL /* how often idle records are looked for */

static const struct pp_option trace_options[] = {
	TOPT_STAGE_OPTION,
	TOPT_FOLLOW_OPTIONS("close a packet's record after S seconds without a new stage "
			    "(default 1)"),
	{ 0, "rate", 0, "N",
	  "trace at most N new packets per second (default 10000, 0: no limit); the rest "
	  "are counted",
	  PP_OPT_STORE_ULONG(struct trace_opts, rate, 0, 100000000) },
	{ .id = TOPT_RING_SIZE, "ring-size", 0, "MIB", "ring buffer size in MiB (default 8)" },
	{ 0, "quiet", 0, NULL,
	  "no packet lines: count the packets and print the summaries (for benchmarks, "
	  "or with -w: the records go to the file only)",
	  PP_OPT_STORE_FLAG(struct trace_opts, quiet) },
	TOPT_NO_PROBE_COST_OPTION,
	{ 0 },
};

static void trace_init(void *opts)
{
	trace_opts_init(opts);
}

static int trace_parse(void *opts, int id, const char *arg)
{
	return trace_opts_parse(opts, id, arg);
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct pp_session *sess = ctx;
	struct trace_state *s = sess->ctx;
	struct trace_packet p;

	if (len < __builtin_offsetof(struct trace_packet, stages))
		return 0;
	memset(&p, 0, sizeof(p));
	memcpy(&p, data, len < sizeof(p) ? len : sizeof(p));
	trace_print_packet(s, &p);
	return 0;
}

/* Close the records idle for --linger, also when no event comes. */
static void tick(void *ctx)
{
	struct trace_state *s = ctx;
	uint64_t now = timefmt_mono_now_ns();

	if (now - s->last_sweep_ns > SWEEP_NS) {
		s->last_sweep_ns = now;
		trace_flush_table(s, false);
	}
}

MODE_SKEL_OPS(trace);

/* The -w file and the --stage functions first, as any usage error. */
static int trace_check(struct mode_run *r)
{
	struct trace_state *s = r->st;
	int ret;

	s->sess = &r->sess;
	s->setup.co = s->co;
	s->setup.opts = s->opts;
	ret = capture_open(&s->cap, s->co, "trace");
	if (ret)
		return ret;
	s->setup.pcap_snaplen = capture_snaplen(s->cap);
	return trace_setup_check(&s->setup);
}

static int trace_configure(struct mode_run *r)
{
	return trace_setup_configure(&((struct trace_state *)r->st)->setup, r);
}

static int trace_select(struct mode_run *r)
{
	return trace_setup_select(&((struct trace_state *)r->st)->setup);
}

static int trace_attached(struct mode_run *r)
{
	struct trace_state *s = r->st;
	int ret = trace_setup_attached(&s->setup);

	if (ret)
		return ret;
	json_init(&s->json, stdout);
	s->wall_offset_ns = timefmt_wall_offset_ns();
	s->start_ns = s->last_sweep_ns = timefmt_mono_now_ns();
	s->ksyms = ksyms__load();
	if (!s->ksyms)
		pp_info("no kernel symbols (%s): drop locations are shown as addresses",
			strerror(errno));
	s->reasons = drop_reasons__load();
	if (!s->reasons)
		pp_info("no drop reason names (%s): drops show numbers", strerror(errno));
	return 0;
}

static void trace_banner(struct mode_run *r)
{
	const struct trace_state *s = r->st;
	char rxq[32] = "";

	if (s->opts->rxq >= 0)
		snprintf(rxq, sizeof(rxq), ", RX queue %ld", s->opts->rxq);
	mode_banner(&r->m,
		    "Tracing packets at %u tracepoints (%s)%s%s.\n"
		    "Earliest arrival: the NIC's hardware timestamp, else its hard IRQ, else the "
		    "first stage.\n"
		    "Per stage: wall clock, +us since the previous stage and since the first, CPU, "
		    "device, queue.",
		    s->setup.n_hooks, s->setup.mech, trace_fn_banner(&s->setup), rxq);
}

static int summary(void *ctx, bool final)
{
	return trace_summary(ctx, final);
}

static void trace_cleanup(struct mode_run *r)
{
	struct trace_state *s = r->st;

	s->setup.skel = NULL;
	capture_close(s->cap);
	ksyms__free(s->ksyms);
	drop_reasons__free(s->reasons);
	dev_names_free(&s->devs);
	free(s->irqs);
	prog_costs_free(&s->setup.cost);
}

static const struct mode_desc trace_mode = {
	.name = "trace",
	.skel = &trace_skel_ops,
	.events_map = "trace_events",
	.check = trace_check,
	.configure = trace_configure,
	.select = trace_select,
	.attached = trace_attached,
	.banner = trace_banner,
	.on_event = on_event,
	.summary = summary,
	.tick = tick,
	.cleanup = trace_cleanup,
};

static int trace_run(const struct pp_common_opts *co, void *opts)
{
	struct trace_state s = { .co = co, .opts = opts };

	return mode_run(&trace_mode, co, &s);
}

const struct pp_command cmd_trace = {
	.name = "trace",
	.summary = "each packet's journey through the kernel, stage by stage, with times",
	.synopsis = "[FILTER] [--stage FUNC]... [--dev DEV] [--irq IRQ] [--count N] [--json]",
	.description =
		"Follows each packet from its earliest arrival to the socket (receive) or to\n"
		"the driver (transmit), at every tracepoint this kernel has on the way: the\n"
		"NIC's hard IRQ, the NET_RX softirq and NAPI poll that carried it (per-CPU\n"
		"events tied to the packet at the driver's hand-off), netif_receive_skb,\n"
		"tcp_probe, sk_data_ready, the copy to the user; net_dev_queue, the qdisc,\n"
		"net_dev_start_xmit, net_dev_xmit; and the end of the skb (consume_skb, or\n"
		"kfree_skb with the drop reason's name from the kernel's BTF).\n"
		"\n"
		"One record per packet: a header line, then a line per stage with the wall-\n"
		"clock time (ns), the time since the previous stage and since the first\n"
		"(microseconds), CPU, device and queue; --json writes one object per packet\n"
		"with a `stages` array. `earliest` says what the arrival time is: `hardware`\n"
		"(skb_hwtstamps), `irq` (the hard interrupt whose handler raised the softirq\n"
		"that polled it), or `software` (no interrupt: veth, loopback, local senders).\n"
		"\n"
		"The tcpdump expression is evaluated once per packet, where its bytes are\n"
		"first seen; --dev, --cpu, --rxq and --irq select packets at the stage where\n"
		"they enter a device. Packets are followed by their skb's address; clones\n"
		"(a packet socket's copy, multicast) become records of their own, `clone of`\n"
		"the first. Ring-buffer overruns, a full table and the rate limit are counted\n"
		"and shown in the summary.\n"
		"\n"
		TRACE_STAGE_HELP,
	.examples = "  pktpath trace 'udp port 53' --count 10\n"
		    "  pktpath trace 'udp port 9' --stage ip_rcv_core --stage udp_rcv\n"
		    "  pktpath trace --stage 'nf_hook_slow%return' --attach kprobe\n"
		    "  pktpath trace --irq eth0-TxRx-3 --json\n"
		    "  pktpath trace --dev eth0 --rxq 2 --duration 5 --quiet\n"
		    "  pktpath trace 'tcp port 443' -w t.pcapng -C 100 --max-files 4 --quiet\n",
	.common = (PP_OPTS_CAPTURE & ~PP_OPT_QUEUE) | PP_OPT_IRQ | PP_OPT_WRITE,
	.options = trace_options,
	.opts_size = sizeof(struct trace_opts),
	.init = trace_init,
	.parse = trace_parse,
	.run = trace_run,
};
