// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "traffic.h"

#define MAX_FLOWS 1024
#define MAX_SINK_PORTS 64

socklen_t traffic_sockaddr(const char *addr, uint16_t port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		return sizeof(*a4);
	}
	if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	return 0;
}

static void sleep_us(unsigned int us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Fork a child that enters ns and runs fn; the child's exit code is fn's. */
static pid_t start_child(const char *ns, int (*fn)(const void *), const void *arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid;
	if (ns && sandbox_enter(ns)) {
		fprintf(stderr, "traffic: cannot enter namespace %s: %s\n", ns, strerror(errno));
		_exit(2);
	}
	_exit(fn(arg));
}

/* Send one datagram, retrying while the socket buffer is full, so the
 * count of packets sent is exact. */
static int send_exact(int fd, const void *buf, size_t len)
{
	for (;;) {
		if (send(fd, buf, len, 0) == (ssize_t)len)
			return 0;
		if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED)
			return -1;
		sleep_us(100);
	}
}

/* Every flow from one unconnected socket: flows differ by destination port,
 * so the socket alone does not identify a flow. */
static int udp_one_socket(const struct udp_spec *sp, const char *payload)
{
	struct sockaddr_storage dst, src;
	socklen_t dlen = traffic_sockaddr(sp->dst, sp->dport, &dst), slen;
	unsigned int rounds = sp->packets;
	int fd = socket(dst.ss_family, SOCK_DGRAM, 0);

	slen = traffic_sockaddr(sp->src ? sp->src : (dst.ss_family == AF_INET ? "0.0.0.0" : "::"),
			 sp->sport, &src);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, slen))
		return 1;
	for (unsigned int f = 0; sp->counts && f < sp->flows; f++)
		if (sp->counts[f] > rounds)
			rounds = sp->counts[f];
	for (unsigned int i = 0; i < rounds; i++) {
		for (unsigned int f = 0; f < sp->flows; f++) {
			if (i >= (sp->counts ? sp->counts[f] : sp->packets))
				continue;
			traffic_sockaddr(sp->dst, sp->dport + f, &dst);
			while (sendto(fd, payload, sp->payload, 0, (struct sockaddr *)&dst, dlen) !=
			       (ssize_t)sp->payload) {
				if (errno != ENOBUFS && errno != EAGAIN)
					return 1;
				sleep_us(100);
			}
		}
		if (sp->gap_us)
			sleep_us(sp->gap_us);
	}
	return 0;
}

static int udp_main(const void *arg)
{
	const struct udp_spec *sp = arg;
	static int fds[MAX_FLOWS];
	struct sockaddr_storage dst, src;
	socklen_t dlen = traffic_sockaddr(sp->dst, sp->dport, &dst), slen;
	char *payload = calloc(1, sp->payload + 1);

	if (!dlen || !payload || sp->flows > MAX_FLOWS)
		return 2;
	if (sp->one_socket)
		return udp_one_socket(sp, payload);
	for (unsigned int f = 0; f < sp->flows; f++) {
		uint16_t dport = sp->dport + f;

		fds[f] = socket(dst.ss_family, SOCK_DGRAM, 0);
		if (fds[f] < 0)
			return 1;
		slen = traffic_sockaddr(sp->src ? sp->src : (dst.ss_family == AF_INET ? "0.0.0.0" : "::"),
				 sp->sport + f, &src);
		if (bind(fds[f], (struct sockaddr *)&src, slen))
			return 1;
		/* Connected: each flow is one socket with a cached route. */
		traffic_sockaddr(sp->dst, dport, &dst);
		if (connect(fds[f], (struct sockaddr *)&dst, dlen))
			return 1;
	}
	unsigned int rounds = sp->packets;

	for (unsigned int f = 0; sp->counts && f < sp->flows; f++)
		if (sp->counts[f] > rounds)
			rounds = sp->counts[f];
	for (unsigned int i = 0; i < rounds; i++) {
		for (unsigned int f = 0; f < sp->flows; f++)
			if (i < (sp->counts ? sp->counts[f] : sp->packets) &&
			    send_exact(fds[f], payload, sp->payload))
				return 1;
		if (sp->gap_us)
			sleep_us(sp->gap_us);
	}
	return 0;
}

pid_t traffic_udp_start(const struct udp_spec *spec)
{
	return start_child(spec->ns, udp_main, spec);
}

struct sink_arg {
	const char *addr;
	uint16_t port, tcp_port;
	unsigned int n;
};

static volatile sig_atomic_t sink_stop;

static void on_term(int sig)
{
	(void)sig;
	sink_stop = 1;
}

static int sink_main(const void *arg)
{
	const struct sink_arg *a = arg;
	struct pollfd pfd[MAX_SINK_PORTS + 64];
	unsigned int n = 0;
	struct sockaddr_storage ss;
	static char buf[65536];
	int one = 1, listener = -1;

	signal(SIGTERM, on_term);
	for (unsigned int i = 0; i < a->n && n < MAX_SINK_PORTS; i++) {
		socklen_t len = traffic_sockaddr(a->addr, a->port + i, &ss);
		int fd = socket(ss.ss_family, SOCK_DGRAM, 0);

		if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len))
			return 1;
		pfd[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	}
	if (a->tcp_port) {
		socklen_t len = traffic_sockaddr(a->addr, a->tcp_port, &ss);

		listener = socket(ss.ss_family, SOCK_STREAM, 0);
		setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (listener < 0 || bind(listener, (struct sockaddr *)&ss, len) ||
		    listen(listener, 64))
			return 1;
		pfd[n++] = (struct pollfd){ .fd = listener, .events = POLLIN };
	}
	while (!sink_stop) {
		if (poll(pfd, n, 200) <= 0)
			continue;
		for (unsigned int i = 0; i < n; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pfd[i].fd == listener) {
				int c = accept(listener, NULL, NULL);

				if (c >= 0 && n < sizeof(pfd) / sizeof(pfd[0]))
					pfd[n++] = (struct pollfd){ .fd = c, .events = POLLIN };
				else if (c >= 0)
					close(c);
			} else if (recv(pfd[i].fd, buf, sizeof(buf), MSG_DONTWAIT) == 0) {
				close(pfd[i].fd); /* a TCP peer is done */
				pfd[i--] = pfd[--n];
			}
		}
	}
	return 0;
}

pid_t traffic_sink_start(const char *ns, const char *addr, uint16_t port, unsigned int n,
			 uint16_t tcp_port)
{
	static struct sink_arg a;
	pid_t pid;

	a = (struct sink_arg){ addr, port, tcp_port, n };
	pid = start_child(ns, sink_main, &a);
	/* Give it time to bind before anyone sends. */
	sleep_us(100000);
	return pid;
}

static int tcp_main(const void *arg)
{
	const struct tcp_spec *sp = arg;
	struct sockaddr_storage ss, src;
	socklen_t len = traffic_sockaddr(sp->dst, sp->dport, &ss);
	char *buf = calloc(1, sp->burst_bytes + 1);
	int fds[64];

	if (!len || !buf || sp->connections > 64)
		return 2;
	if (sp->cpu >= 0 && pin_cpu(sp->cpu))
		return 1;
	for (unsigned int c = 0; c < sp->connections; c++) {
		fds[c] = socket(ss.ss_family, SOCK_STREAM, 0);
		if (fds[c] < 0)
			return 1;
		if (sp->sport) {
			socklen_t sl = traffic_sockaddr(ss.ss_family == AF_INET ? "0.0.0.0" : "::",
						 sp->sport + c, &src);
			int one = 1;

			setsockopt(fds[c], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (bind(fds[c], (struct sockaddr *)&src, sl))
				return 1;
		}
		if (connect(fds[c], (struct sockaddr *)&ss, len))
			return 1;
	}
	for (unsigned int b = 0; b < sp->bursts; b++) {
		if (sp->cpu_switch_after >= 0 && b == (unsigned int)sp->cpu_switch_after &&
		    pin_cpu(sp->cpu_switch_to))
			return 1;
		for (unsigned int c = 0; c < sp->connections; c++) {
			size_t off = 0;

			while (off < sp->burst_bytes) {
				ssize_t w = send(fds[c], buf + off, sp->burst_bytes - off, 0);

				if (w < 0)
					return 1;
				off += w;
			}
		}
		if (sp->idle_ms)
			sleep_us(sp->idle_ms * 1000);
	}
	for (unsigned int c = 0; c < sp->connections; c++)
		close(fds[c]);
	return 0;
}

pid_t traffic_tcp_start(const struct tcp_spec *spec)
{
	return start_child(spec->ns, tcp_main, spec);
}

int traffic_wait(pid_t pid)
{
	int status;

	if (pid <= 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void traffic_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	traffic_wait(pid);
}
