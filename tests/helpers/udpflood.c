// SPDX-License-Identifier: GPL-2.0
/*
 * udpflood - a bounded small-packet UDP flood for the benchmark: sendmmsg in
 * batches over N flows (one connected socket each) for a fixed time, then
 * prints how many packets the kernel accepted per second.
 *
 *   udpflood --ns NS --dst ADDR [--dport P] [--flows N] [--seconds S]
 *            [--payload BYTES] [--batch N] [--cpu C]
 *   prints: packets=N seconds=S pps=X
 *
 * The receiving side should discard cheaply: `udpflood --sink --ns NS
 * --addr ADDR` binds the ports with a tiny receive buffer and never reads,
 * so packets are dropped at the socket without ICMP replies.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sandbox.h"

#define MAX_FLOWS 64
#define MAX_BATCH 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sink(const char *addr, int dport, int flows)
{
	int small = 1024;

	for (int f = 0; f < flows; f++) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(dport + f) };
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		inet_pton(AF_INET, addr, &a.sin_addr);
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
		if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
			perror("udpflood: sink bind");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	pause(); /* until killed */
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'N' },	  { "dst", 1, 0, 'd' },	  { "addr", 1, 0, 'd' },
		{ "dport", 1, 0, 'p' },	  { "flows", 1, 0, 'f' },  { "seconds", 1, 0, 's' },
		{ "payload", 1, 0, 'l' }, { "batch", 1, 0, 'b' },  { "cpu", 1, 0, 'c' },
		{ "sink", 0, 0, 'S' },	  { 0 },
	};
	const char *ns = NULL, *dst = "192.0.2.2";
	int dport = 9000, flows = 8, payload = 64, batch = 64, cpu = -1, c, is_sink = 0;
	static struct mmsghdr msgs[MAX_FLOWS][MAX_BATCH];
	static struct iovec iov;
	static char buf[65536];
	int fds[MAX_FLOWS];
	double seconds = 5, t0, t1;
	unsigned long long sent = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': ns = optarg; break;
		case 'd': dst = optarg; break;
		case 'p': dport = atoi(optarg); break;
		case 'f': flows = atoi(optarg); break;
		case 's': seconds = atof(optarg); break;
		case 'l': payload = atoi(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 'c': cpu = atoi(optarg); break;
		case 'S': is_sink = 1; break;
		default: return 2;
		}
	}
	if (flows < 1 || flows > MAX_FLOWS || batch < 1 || batch > MAX_BATCH ||
	    payload < 0 || payload > (int)sizeof(buf)) {
		fprintf(stderr, "udpflood: bad arguments\n");
		return 2;
	}
	if (ns && sandbox_enter(ns)) {
		fprintf(stderr, "udpflood: cannot enter %s: %s\n", ns, strerror(errno));
		return 1;
	}
	if (is_sink)
		return sink(dst, dport, flows);
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	iov = (struct iovec){ buf, payload };
	for (int f = 0; f < flows; f++) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(dport + f) };

		inet_pton(AF_INET, dst, &a.sin_addr);
		fds[f] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[f] < 0 || connect(fds[f], (struct sockaddr *)&a, sizeof(a))) {
			perror("udpflood: connect");
			return 1;
		}
		for (int i = 0; i < batch; i++)
			msgs[f][i].msg_hdr = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	}
	t0 = now();
	t1 = t0;
	while (t1 - t0 < seconds) {
		for (int f = 0; f < flows; f++) {
			int n = sendmmsg(fds[f], msgs[f], batch, 0);

			if (n > 0)
				sent += n;
			else if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED) {
				perror("udpflood: sendmmsg");
				return 1;
			}
		}
		t1 = now();
	}
	printf("packets=%llu seconds=%.3f pps=%.0f\n", sent, t1 - t0, sent / (t1 - t0));
	return 0;
}
