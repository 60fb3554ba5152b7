// SPDX-License-Identifier: GPL-2.0
/*
 * udprecv - a UDP reader for rxq's tests: reads a known number of datagrams
 * on ports [P, P + N) itself (no child process), so the test knows the
 * reader's pid, name and CPU.
 *
 *   udprecv --ns NS --addr A --port P [--ports N] --count C [--cpu CPU]
 *           [--connect PEER --peer-port SP] [--timeout S]
 *
 * --cpu pins the reader to one CPU. --connect connects socket i to
 * PEER:SP+i, so the kernel records the flow's hash for RFS (it does so for
 * connected sockets only). Prints "ready" once bound, then, at the end,
 * one line "PORT DATAGRAMS" per port. Exits 0 after C datagrams in all,
 * 1 at the timeout (default 20 s) or on an error.
 */
#include <getopt.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sandbox.h"
#include "lib/traffic.h"

#define MAX_PORTS 64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'n' },      { "addr", 1, 0, 'a' },	 { "port", 1, 0, 'p' },
		{ "ports", 1, 0, 'N' },   { "count", 1, 0, 'c' },	 { "cpu", 1, 0, 'u' },
		{ "connect", 1, 0, 'C' }, { "peer-port", 1, 0, 'P' }, { "timeout", 1, 0, 't' },
		{ 0 },
	};
	const char *ns = NULL, *addr = NULL, *peer = NULL;
	unsigned int port = 0, ports = 1, count = 0, peer_port = 0, got = 0;
	unsigned int per_port[MAX_PORTS] = { 0 };
	struct pollfd pfd[MAX_PORTS];
	double timeout = 20, end;
	static char buf[65536];
	int c, cpu = -1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': ns = optarg; break;
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'N': ports = atoi(optarg); break;
		case 'c': count = atoi(optarg); break;
		case 'u': cpu = atoi(optarg); break;
		case 'C': peer = optarg; break;
		case 'P': peer_port = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		default: return 2;
		}
	}
	if (!addr || !port || !count || !ports || ports > MAX_PORTS) {
		fprintf(stderr, "usage: udprecv --ns NS --addr A --port P [--ports N] --count C "
				"[--cpu CPU] [--connect PEER --peer-port SP] [--timeout S]\n");
		return 2;
	}
	if ((cpu >= 0 && pin(cpu)) || (ns && sandbox_enter(ns))) {
		perror("udprecv");
		return 1;
	}
	for (unsigned int i = 0; i < ports; i++) {
		struct sockaddr_storage ss;
		socklen_t len = traffic_sockaddr(addr, port + i, &ss);
		int fd = socket(ss.ss_family, SOCK_DGRAM, 0);

		if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len)) {
			perror("udprecv: bind");
			return 1;
		}
		if (peer) {
			len = traffic_sockaddr(peer, peer_port + i, &ss);
			if (connect(fd, (struct sockaddr *)&ss, len)) {
				perror("udprecv: connect");
				return 1;
			}
		}
		pfd[i] = (struct pollfd){ .fd = fd, .events = POLLIN };
	}
	printf("ready\n");
	fflush(stdout);
	end = now() + timeout;
	while (got < count && now() < end) {
		if (poll(pfd, ports, 100) <= 0)
			continue;
		for (unsigned int i = 0; i < ports; i++)
			while ((pfd[i].revents & POLLIN) &&
			       recv(pfd[i].fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0) {
				per_port[i]++;
				got++;
			}
	}
	for (unsigned int i = 0; i < ports; i++)
		printf("%u %u\n", port + i, per_port[i]);
	return got < count;
}
