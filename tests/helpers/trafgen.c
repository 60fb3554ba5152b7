// SPDX-License-Identifier: GPL-2.0
/*
 * trafgen - known traffic for the tests, from pktpath's own generators
 * (src/lib/traffic.c), so the tests and the demo send the same way.
 *
 *   trafgen udp  --ns NS --src A --dst B --sport P --dport P --flows N
 *                [--packets N | --counts N,N,...] [--payload BYTES] [--gap-us US]
 *                [--one-socket]  (all flows from one unconnected socket)
 *   trafgen tcp  --ns NS --dst B --dport P [--sport P] [--connections N]
 *                [--bursts N] [--bytes N] [--idle-ms MS] [--cpu C]
 *                [--switch-after BURST --switch-to CPU]
 *   trafgen sink --ns NS --addr B --port P [--n N] [--tcp-port P]
 *
 * udp and tcp exit 0 when everything was sent; sink runs until SIGTERM.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/traffic.h"

#define MAX_COUNTS 256

static unsigned int counts[MAX_COUNTS];

static unsigned int parse_counts(const char *s)
{
	unsigned int n = 0;
	char *end;

	while (*s && n < MAX_COUNTS) {
		counts[n++] = strtoul(s, &end, 10);
		s = *end == ',' ? end + 1 : end;
		if (end == s && *s)
			break;
	}
	return n;
}

static pid_t sink;

static void forward_term(int sig)
{
	(void)sig;
	if (sink > 0)
		kill(sink, SIGTERM);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'N' },        { "src", 1, 0, 's' },	  { "dst", 1, 0, 'd' },
		{ "addr", 1, 0, 'a' },      { "sport", 1, 0, 'S' },	  { "dport", 1, 0, 'D' },
		{ "port", 1, 0, 'D' },      { "flows", 1, 0, 'f' },	  { "n", 1, 0, 'f' },
		{ "packets", 1, 0, 'p' },   { "counts", 1, 0, 'C' },	  { "payload", 1, 0, 'l' },
		{ "gap-us", 1, 0, 'g' },    { "connections", 1, 0, 'c' }, { "bursts", 1, 0, 'b' },
		{ "bytes", 1, 0, 'B' },     { "one-socket", 0, 0, 'o' },     { "idle-ms", 1, 0, 'i' },	  { "cpu", 1, 0, 'u' },
		{ "switch-after", 1, 0, 'A' }, { "switch-to", 1, 0, 'T' }, { "tcp-port", 1, 0, 'P' },
		{ 0 },
	};
	struct udp_spec u = { .flows = 1, .packets = 1, .payload = 64 };
	struct tcp_spec t = { .connections = 1, .bursts = 1, .burst_bytes = 1000, .cpu = -1,
			      .cpu_switch_after = -1 };
	const char *mode = argc > 1 ? argv[1] : "", *addr = NULL;
	unsigned int n_counts = 0;
	uint16_t tcp_port = 0;
	int c;

	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': u.ns = t.ns = optarg; break;
		case 's': u.src = optarg; break;
		case 'd': u.dst = t.dst = optarg; break;
		case 'a': addr = optarg; break;
		case 'S': u.sport = t.sport = atoi(optarg); break;
		case 'D': u.dport = t.dport = atoi(optarg); break;
		case 'f': u.flows = atoi(optarg); break;
		case 'p': u.packets = atoi(optarg); break;
		case 'C': n_counts = parse_counts(optarg); break;
		case 'l': u.payload = atoi(optarg); break;
		case 'g': u.gap_us = atoi(optarg); break;
		case 'c': t.connections = atoi(optarg); break;
		case 'b': t.bursts = atoi(optarg); break;
		case 'B': t.burst_bytes = atoi(optarg); break;
		case 'i': t.idle_ms = atoi(optarg); break;
		case 'u': t.cpu = atoi(optarg); break;
		case 'A': t.cpu_switch_after = atoi(optarg); break;
		case 'T': t.cpu_switch_to = atoi(optarg); break;
		case 'P': tcp_port = atoi(optarg); break;
		case 'o': u.one_socket = 1; break;
		default: fprintf(stderr, "trafgen: bad option\n"); return 2;
		}
	}
	if (!strcmp(mode, "udp")) {
		if (n_counts) {
			u.counts = counts;
			u.flows = n_counts;
		}
		return traffic_wait(traffic_udp_start(&u));
	}
	if (!strcmp(mode, "tcp"))
		return traffic_wait(traffic_tcp_start(&t));
	if (!strcmp(mode, "sink") && addr) {
		signal(SIGTERM, forward_term);
		signal(SIGINT, forward_term);
		sink = traffic_sink_start(u.ns, addr, u.dport, u.flows, tcp_port);
		return traffic_wait(sink) ? 1 : 0;
	}
	fprintf(stderr, "usage: trafgen udp|tcp|sink [options] (see the source)\n");
	return 2;
}
