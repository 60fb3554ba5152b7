// SPDX-License-Identifier: GPL-2.0
/*
 * sockdrop - sockets that make the kernel drop packets in known ways, and
 * say from the socket's side what happened.
 *
 *   sockdrop refused --ns NS --dst IP --port P [--count N]
 *       N TCP connects to a port nothing listens on; exits 0 when every
 *       one failed with ECONNREFUSED (the peer dropped the SYN, sent RST).
 *   sockdrop rcvbuf --ns NS --addr IP --port P [--rcvbuf BYTES] --ready FILE
 *       a UDP socket with a small receive buffer that is never read.
 *       Creates FILE once bound; on SIGTERM or SIGINT prints the socket's
 *       own drop count (SO_MEMINFO, SK_MEMINFO_DROPS) and exits 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/sandbox.h"
#include "lib/traffic.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int refused(const char *dst, uint16_t port, unsigned int count)
{
	struct sockaddr_storage ss;
	socklen_t len = traffic_sockaddr(dst, port, &ss);

	if (!len)
		return 2;
	for (unsigned int i = 0; i < count; i++) {
		int fd = socket(ss.ss_family, SOCK_STREAM, 0);

		if (fd < 0 || !connect(fd, (struct sockaddr *)&ss, len) || errno != ECONNREFUSED) {
			fprintf(stderr, "sockdrop: connect %u: %s\n", i,
				fd < 0 ? "no socket" : errno ? strerror(errno) : "it connected");
			return 1;
		}
		close(fd);
	}
	return 0;
}

static int rcvbuf(const char *addr, uint16_t port, int size, const char *ready)
{
	struct sockaddr_storage ss;
	socklen_t len = traffic_sockaddr(addr, port, &ss);
	struct sigaction sa = { .sa_handler = on_signal };
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t mlen = sizeof(mem);
	int fd, rfd;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = len ? socket(ss.ss_family, SOCK_DGRAM, 0) : -1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) ||
	    bind(fd, (struct sockaddr *)&ss, len)) {
		perror("sockdrop: receiver");
		return 1;
	}
	rfd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (rfd < 0) {
		perror("sockdrop: ready file");
		return 1;
	}
	close(rfd);
	while (!stop)
		pause();
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &mlen)) {
		perror("sockdrop: SO_MEMINFO");
		return 1;
	}
	printf("%u\n", mem[SK_MEMINFO_DROPS]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'N' },     { "dst", 1, 0, 'd' },   { "addr", 1, 0, 'd' },
		{ "port", 1, 0, 'p' },   { "count", 1, 0, 'n' }, { "rcvbuf", 1, 0, 'r' },
		{ "ready", 1, 0, 'R' },  { 0 },
	};
	const char *mode = argc > 1 ? argv[1] : "", *ns = NULL, *addr = NULL, *ready = NULL;
	unsigned int count = 1, port = 0;
	int size = 4096, c;

	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': ns = optarg; break;
		case 'd': addr = optarg; break;
		case 'p': port = strtoul(optarg, NULL, 10); break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 'r': size = atoi(optarg); break;
		case 'R': ready = optarg; break;
		default: fprintf(stderr, "sockdrop: bad option\n"); return 2;
		}
	}
	if (!addr || !port || port > 65535) {
		fprintf(stderr, "usage: sockdrop refused|rcvbuf [options] (see the source)\n");
		return 2;
	}
	if (ns && sandbox_enter(ns)) {
		perror("sockdrop: entering the namespace");
		return 1;
	}
	if (!strcmp(mode, "refused"))
		return refused(addr, port, count);
	if (!strcmp(mode, "rcvbuf") && ready)
		return rcvbuf(addr, port, size, ready);
	fprintf(stderr, "usage: sockdrop refused|rcvbuf [options] (see the source)\n");
	return 2;
}
