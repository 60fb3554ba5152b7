// SPDX-License-Identifier: GPL-2.0
/*
 * tsrecv - receive UDP and print, per datagram, the software receive
 * timestamp the kernel gives the socket (SO_TIMESTAMPING with
 * SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE): the time in
 * skb->tstamp, taken with ktime_get_real() when the packet was queued to a
 * CPU's backlog (netif_rx) or met by the stack (__netif_receive_skb_core),
 * depending on net.core.netdev_tstamp_prequeue.
 *
 *   tsrecv --ns NS --addr ADDR --port P --count N [--timeout S] [--delay S]
 *
 * --delay: wait S seconds before reading anything (datagrams pile up in the
 * socket's queue).
 * Prints "ready" once the timestamps are on (enabling them is deferred to a
 * work item in the kernel, hence a short wait), then one line per datagram:
 *
 *   SEQ SPORT LEN SEC NSEC     (SEC NSEC: CLOCK_REALTIME; "- -" when none)
 *
 * SEQ counts datagrams in arrival order from 1. Exits 0 after N datagrams,
 * 1 at the timeout or on an error.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/sandbox.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The software timestamp of a received datagram, from its control data. */
static const struct timespec *sw_stamp(struct msghdr *msg)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
			const struct scm_timestamping *t = (const void *)CMSG_DATA(c);

			return t->ts[0].tv_sec || t->ts[0].tv_nsec ? &t->ts[0] : NULL;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'N' },	{ "addr", 1, 0, 'a' },	  { "port", 1, 0, 'p' },
		{ "count", 1, 0, 'n' }, { "timeout", 1, 0, 't' }, { "delay", 1, 0, 'd' },
		{ 0 },
	};
	const char *ns = NULL, *addr = NULL;
	int port = 0, count = 0, c, fd, flags, seq = 0;
	double timeout = 30, delay = 0, deadline;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct timespec settle = { 0, 200000000 };

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': ns = optarg; break;
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': count = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'd': delay = atof(optarg); break;
		default: return 2;
		}
	}
	if (!addr || !port || count <= 0) {
		fprintf(stderr, "usage: tsrecv --ns NS --addr ADDR --port P --count N [--timeout S]\n");
		return 2;
	}
	if (ns && sandbox_enter(ns)) {
		perror("tsrecv: entering the namespace");
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sa.sin_port = htons(port);
	flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	if (fd < 0 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags))) {
		perror("tsrecv: socket");
		return 1;
	}
	/* The kernel turns timestamping on from a work item: let it run. */
	nanosleep(&settle, NULL);
	printf("ready\n");
	fflush(stdout);
	if (delay > 0) {
		struct timespec d = { (time_t)delay, (long)((delay - (time_t)delay) * 1e9) };

		nanosleep(&d, NULL);
	}
	deadline = now() + timeout;
	while (seq < count) {
		char buf[65536], ctrl[512];
		struct iovec iov = { buf, sizeof(buf) };
		struct sockaddr_in from;
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
				      .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = ctrl, .msg_controllen = sizeof(ctrl) };
		struct pollfd p = { .fd = fd, .events = POLLIN };
		const struct timespec *ts;
		double left = deadline - now();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			break;
		n = recvmsg(fd, &msg, 0);
		if (n < 0)
			continue;
		ts = sw_stamp(&msg);
		if (ts)
			printf("%d %u %zd %lld %ld\n", ++seq, ntohs(from.sin_port), n,
			       (long long)ts->tv_sec, ts->tv_nsec);
		else
			printf("%d %u %zd - -\n", ++seq, ntohs(from.sin_port), n);
		fflush(stdout);
	}
	close(fd);
	return seq == count ? 0 : 1;
}
