/* SPDX-License-Identifier: GPL-2.0 */
/*
 * traffic.h - known traffic between two namespaces, for the demo and the
 * tests: UDP flows with exact packet counts, and TCP connections that send
 * in bursts with idle gaps (so TCP sets ooo_okay and may re-pick a queue).
 * Every generator runs in a child process inside its namespace.
 */
#ifndef PP_TRAFFIC_H
#define PP_TRAFFIC_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

struct udp_spec {
	const char *ns;             /* sender namespace; NULL = current */
	const char *src, *dst;      /* addresses (IPv4 or IPv6); src may be NULL */
	uint16_t sport, dport;      /* first flow's ports; flow i uses sport + i */
	unsigned int flows;
	unsigned int packets;       /* per flow */
	const unsigned int *counts; /* per-flow counts instead; NULL = packets */
	unsigned int payload;       /* bytes of UDP payload */
	unsigned int gap_us;        /* pause between packets of one round; 0: none */
	int one_socket;             /* all flows from one unconnected socket (sendto) */
};

struct tcp_spec {
	const char *ns;
	const char *dst;
	uint16_t sport, dport;      /* sport 0: any */
	unsigned int connections;
	unsigned int bursts;        /* per connection */
	unsigned int burst_bytes;
	unsigned int idle_ms;       /* between bursts: lets every byte be acked */
	int cpu;                    /* pin the sender; -1 = no */
	int cpu_switch_after;       /* move to cpu_switch_to after this burst; -1 = no */
	int cpu_switch_to;
};

/* Fill a sockaddr for addr:port, IPv4 or IPv6 text; returns its length,
 * or 0 for an address that is neither. */
socklen_t traffic_sockaddr(const char *addr, uint16_t port, struct sockaddr_storage *ss);

/* Send UDP in a child; returns its pid, or -1. Flows are interleaved. */
pid_t traffic_udp_start(const struct udp_spec *spec);

/* Receive and discard UDP on ports [port, port + n) and TCP on port
 * tcp_port (0: none) in namespace ns, at addr, until killed. */
pid_t traffic_sink_start(const char *ns, const char *addr, uint16_t port, unsigned int n,
			 uint16_t tcp_port);

pid_t traffic_tcp_start(const struct tcp_spec *spec);

/* Wait for a generator; 0 when it succeeded. */
int traffic_wait(pid_t pid);

/* Stop a sink (SIGTERM) and reap it. */
void traffic_stop(pid_t pid);

#endif
