// SPDX-License-Identifier: GPL-2.0
/*
 * demo_rx.c - the receive act of `pktpath demo`: UDP flows sent from CPU 0
 * to a reader pinned to CPU 1, traced by `pktpath rxq` on the receiving
 * veth. Nothing steers them at first: each is processed on CPU 0, where
 * veth hands it over, and read on CPU 1. Half-way the act sets rps_cpus
 * to CPU 1 on every RX queue: the flows move to CPU 1, next to their
 * reader.
 */
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "cmd/demo.h"
#include "modes/rxq/user.h"
#include "lib/log.h"
#include "lib/spawn.h"
#include "lib/traffic.h"

#define RX_FLOWS 4
#define RX_PORT 9100
#define READER_CPU 1

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ ms / 1000, (ms % 1000) * 1000000L }, NULL);
}

/* Children inherit it: the reader started now runs on this CPU. */
static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* rps_cpus of every RX queue of the receiving veth. */
static int set_rps(const struct sandbox *sb, const char *mask)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd),
		 "for q in /sys/class/net/%s/queues/rx-*; do echo %s > $q/rps_cpus; done",
		 sb->dev_b, mask);
	return spawn_run(0, "ip", "netns", "exec", sb->ns_b, "sh", "-c", cmd, NULL);
}

/* Runs in a child: reader on CPU 1, sender on CPU 0, RPS on half-way. */
static int drive(const struct sandbox *sb, const char *ready)
{
	struct udp_spec udp = {
		.ns = sb->ns_a, .src = sb->addr_a, .dst = sb->addr_b, .sport = 42000,
		.dport = RX_PORT, .flows = RX_FLOWS, .packets = 400, .payload = 64,
		.gap_us = 1000,
	};
	pid_t reader, sender;
	int rc;

	for (int i = 0; i < 300 && access(ready, F_OK); i++)
		sleep_ms(20);
	pin(READER_CPU);
	reader = traffic_sink_start(sb->ns_b, sb->addr_b, RX_PORT, RX_FLOWS, 0);
	pin(0);
	sender = traffic_udp_start(&udp);
	sleep_ms(250);
	/* CPU 1's bit: from now on the stack processes every flow there. */
	if (set_rps(sb, "2"))
		fprintf(stderr, "demo: could not set RPS\n");
	rc = traffic_wait(sender);
	/* Let the reader drain before rxq stops. */
	sleep_ms(300);
	traffic_stop(reader);
	return rc;
}

int demo_rx_act(const struct sandbox *sb, const struct pp_common_opts *co, demo_act_fn run_act)
{
	struct rxq_opts ro = { .max_flows = 4096, .max_packets = 16384 };
	struct pp_common_opts tco = { .cpu = -1, .queue = -1 };

	if (sysconf(_SC_NPROCESSORS_ONLN) <= READER_CPU) {
		pp_info("demo: one CPU only: no receive act (RPS needs two)");
		return 0;
	}
	if (set_rps(sb, "0"))
		return PP_EXIT_FAIL;
	if (co->json)
		printf("{\"type\":\"demo_act\",\"act\":\"rx\",\"dev\":\"%s\",\"netns\":\"%s\"}\n",
		       sb->dev_b, sb->ns_b);
	else
		printf("\n---- Receive side ----\n"
		       "Traffic: %d UDP flows of 400 packets from CPU 0 to a reader pinned to\n"
		       "CPU %d, traced on %s. No RPS at first: veth hands each packet over on\n"
		       "the sender's CPU and the stack processes it there. After 0.25 s the demo\n"
		       "sets rps_cpus to CPU %d on every RX queue: watch the flows move.\n\n",
		       RX_FLOWS, READER_CPU, sb->dev_b, READER_CPU);
	fflush(stdout);
	tco.json = co->json;
	tco.duration = co->duration ? co->duration : 30;
	tco.dev = sb->dev_b;
	tco.netns = sb->ns_b;
	return run_act(sb, drive, &cmd_rxq, &tco, &ro);
}
