// SPDX-License-Identifier: GPL-2.0
/*
 * demo.c - `pktpath demo`: build a sandbox (two namespaces, a 4-queue veth
 * pair with an mq qdisc), send known UDP and TCP flows through it, show
 * what `pktpath txq` sees, compare with the qdisc's own per-queue counters,
 * and remove everything, also when interrupted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "cmd/demo.h"
#include "modes/txq/user.h"
#include "lib/log.h"
#include "lib/runtime.h"
#include "lib/sandbox.h"
#include "lib/spawn.h"
#include "lib/traffic.h"

#define UDP_FLOWS 6
#define UDP_PORT 9000
#define TCP_PORT 5001

struct demo_opts {
	unsigned long queues;
};

static const struct pp_option demo_options[] = {
	{ 0, "queues", 0, "N", "TX/RX queues of the veth pair (default 4)",
	  PP_OPT_STORE_ULONG(struct demo_opts, queues, 1, 64) },
	{ 0 },
};

static pid_t driver_pid;
static bool act_interrupted; /* the last act ended before its traffic did */

/* The traffic driver finishing ends the trace. */
static void on_child(int sig)
{
	int status;

	(void)sig;
	if (driver_pid > 0 && waitpid(driver_pid, &status, WNOHANG) == driver_pid) {
		driver_pid = -(WIFEXITED(status) ? WEXITSTATUS(status) : 255) - 1;
		pp_stop = 1;
	}
}

static void demo_init(void *opts)
{
	((struct demo_opts *)opts)->queues = 4;
}

/* Runs in a child: wait until txq is tracing, send, wait for the senders. */
static int drive(const struct sandbox *sb, const char *ready)
{
	struct udp_spec udp = {
		.ns = sb->ns_a, .src = sb->addr_a, .dst = sb->addr_b, .sport = 40000,
		.dport = UDP_PORT, .flows = UDP_FLOWS, .packets = 500, .payload = 64,
		.gap_us = 1000,
	};
	struct tcp_spec tcp = {
		.ns = sb->ns_a, .dst = sb->addr_b, .sport = 41000, .dport = TCP_PORT,
		.connections = 2, .bursts = 6, .burst_bytes = 64 * 1024, .idle_ms = 100,
		.cpu = 0, .cpu_switch_after = -1,
	};
	char xps[256];
	struct timespec pause = { 0, 300 * 1000000L };
	struct stat st;
	pid_t u, t;
	int rc;

	for (int i = 0; i < 300 && stat(ready, &st); i++)
		nanosleep(&(struct timespec){ 0, 20 * 1000000L }, NULL);
	u = traffic_udp_start(&udp);
	t = traffic_tcp_start(&tcp);
	/* Midway, steer CPU 0 (where the TCP sender runs) to queue 0 with XPS.
	 * TCP re-picks a queue only when ooo_okay allows it: after an idle
	 * gap. The connected UDP sockets keep the queue they cached. */
	nanosleep(&(struct timespec){ 0, 300 * 1000000L }, NULL);
	snprintf(xps, sizeof(xps),
		 "for q in /sys/class/net/%s/queues/tx-*; do echo 0 > $q/xps_cpus; done; "
		 "echo 1 > /sys/class/net/%s/queues/tx-0/xps_cpus",
		 sb->dev_a, sb->dev_a);
	if (spawn_run(0, "ip", "netns", "exec", sb->ns_a, "sh", "-c", xps, NULL))
		fprintf(stderr, "demo: could not set XPS\n");
	rc = traffic_wait(u) | traffic_wait(t);
	/* Let the last packets leave the qdisc before txq stops. */
	nanosleep(&pause, NULL);
	return rc;
}

/* The mq qdisc's children, one per TX queue: "parent 1:N" is queue N-1. */
static void print_tc_counts(const struct sandbox *sb, bool json)
{
	char out[16384], *line, *save = NULL;
	unsigned long long pkts[64] = { 0 };
	int q = -1, nq = 0;

	if (spawn_capture(out, sizeof(out), "tc", "-n", sb->ns_a, "-s", "qdisc", "show", "dev",
			  sb->dev_a, NULL))
		return;
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned int minor;
		char *p = strstr(line, "parent 1:");
		unsigned long long bytes, n;

		if (strncmp(line, "qdisc", 5) == 0)
			q = p && sscanf(p, "parent 1:%x", &minor) == 1 && minor >= 1 && minor <= 64 ?
				    (int)minor - 1 :
				    -1;
		else if (q >= 0 && sscanf(line, " Sent %llu bytes %llu pkt", &bytes, &n) == 2) {
			pkts[q] = n;
			if (q + 1 > nq)
				nq = q + 1;
		}
	}
	if (json) {
		printf("{\"type\":\"tc_check\",\"dev\":\"%s\",\"packets_per_queue\":[", sb->dev_a);
		for (int i = 0; i < nq; i++)
			printf("%s%llu", i ? "," : "", pkts[i]);
		printf("]}\n");
		return;
	}
	printf("\nIndependent check, the qdisc's own counters (tc -s qdisc show dev %s):\n",
	       sb->dev_a);
	for (int i = 0; i < nq; i++)
		printf("  queue %d: %llu packets\n", i, pkts[i]);
	printf("These should equal the per-queue packets above: both count every packet\n"
	       "handed to the driver, ARP included, with TCP segments counted one by one.\n");
}

/*
 * One act: a child drives the traffic (driver() waits for the ready file),
 * while this process traces with `cmd`, exactly as a user would run it;
 * the driver finishing ends the trace.
 */
static int run_act(const struct sandbox *sb, int (*driver)(const struct sandbox *, const char *),
		   const struct pp_command *cmd, struct pp_common_opts *tco, void *cmd_opts)
{
	struct sigaction sa = { .sa_handler = on_child, .sa_flags = SA_NOCLDSTOP };
	char ready[64];
	int ret;

	snprintf(ready, sizeof(ready), "/tmp/pktpath-demo-%d.ready", (int)getpid());
	unlink(ready);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	pp_stop = 0;
	fflush(NULL);
	driver_pid = fork();
	if (driver_pid == 0)
		_exit(driver(sb, ready));
	tco->ready_file = ready;
	ret = cmd->run(tco, cmd_opts);

	signal(SIGCHLD, SIG_DFL);
	act_interrupted = driver_pid > 0;
	if (driver_pid > 0) { /* interrupted, or the tracer failed */
		kill(driver_pid, SIGTERM);
		traffic_wait(driver_pid);
	} else if (!ret && driver_pid != -1) {
		pp_err("demo: the traffic generator failed (exit %d)", -driver_pid - 1);
		ret = PP_EXIT_FAIL;
	}
	unlink(ready);
	return ret;
}

static int demo_run(const struct pp_common_opts *co, void *opts)
{
	const struct demo_opts *o = opts;
	struct txq_opts tq = { .max_flows = 4096 };
	struct pp_common_opts tco = { .cpu = -1, .queue = -1 };
	struct sandbox sb;
	pid_t sink;
	int ret;

	ret = runtime_init("demo");
	if (ret)
		return ret;
	/* The sandbox is removed on every way out, signals included. */
	runtime_hold();
	if (sandbox_create(&sb, o->queues)) {
		runtime_release();
		return PP_EXIT_FAIL;
	}
	if (!co->json)
		printf("Sandbox: namespaces %s and %s,\nveth %s (192.0.2.1) <-> %s "
		       "(192.0.2.2), %lu TX/RX queues, mq qdisc on %s.\n"
		       "Traffic: %d UDP flows of 500 packets; 2 TCP flows from CPU 0 sending 6\n"
		       "bursts of 64 KiB with 100 ms pauses. After 0.3 s the demo maps CPU 0 to\n"
		       "queue 0 with XPS: watch which flows move, and why.\n\n",
		       sb.ns_a, sb.ns_b, sb.dev_a, sb.dev_b, o->queues, sb.dev_a, UDP_FLOWS);

	sink = traffic_sink_start(sb.ns_b, sb.addr_b, UDP_PORT, UDP_FLOWS, TCP_PORT);
	/* Act 1, transmit: trace with txq. */
	tco.json = co->json;
	tco.duration = co->duration ? co->duration : 30;
	tco.dev = sb.dev_a;
	tco.netns = sb.ns_a;
	ret = run_act(&sb, drive, &cmd_txq, &tco, &tq);
	traffic_stop(sink);
	if (!ret)
		print_tc_counts(&sb, co->json);
	/* Act 2, receive: trace the other end with rxq. */
	if (!ret && !act_interrupted)
		ret = demo_rx_act(&sb, co, run_act);
	sandbox_destroy(&sb);
	runtime_release();
	if (!co->json)
		printf("\nSandbox removed.\n");
	return ret;
}

const struct pp_command cmd_demo = {
	.name = "demo",
	.summary = "run txq and rxq on a built-in sandbox with known traffic (start here)",
	.synopsis = "[--queues N] [--duration S] [--json]",
	.description =
		"Creates two network namespaces joined by a veth pair with several TX/RX\n"
		"queues and an mq qdisc, sends UDP and TCP flows from one to the other, and\n"
		"runs `pktpath txq` on the sending end. Prints which queue each flow got and\n"
		"why, then the qdisc's own per-queue counters for comparison. Then runs\n"
		"`pktpath rxq` on the receiving end while a reader pinned to CPU 1 reads\n"
		"UDP flows sent from CPU 0, and turns RPS on half-way: the flows move from\n"
		"CPU 0 to CPU 1. Removes the sandbox (also on Ctrl-C). Uses only\n"
		"192.0.2.0/24 inside the sandbox.",
	.examples = "  sudo pktpath demo\n  sudo pktpath demo --queues 8 --json\n",
	.common = PP_OPT_DURATION | PP_OPT_JSON,
	.options = demo_options,
	.opts_size = sizeof(struct demo_opts),
	.init = demo_init,
	.run = demo_run,
};
