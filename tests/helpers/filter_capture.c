// SPDX-License-Identifier: GPL-2.0
/*
 * filter_capture - real frames for the filter's differential test.
 *
 * Runs in a sandbox the calling test built: namespace A and namespace B
 * joined by a veth pair. Listens with libpcap on A's end, starts a TCP and
 * a UDP discard server in B, and sends from A to each destination given:
 * ICMP/ICMPv6 echoes (one large enough to be fragmented), UDP to an open
 * and a closed port (the ICMP errors come back), UDP with IPv4 options and
 * IPv6 extension headers, UDP of sizes around 256 bytes and the MTU, a
 * TCP connection carrying 100 kB (large GSO frames on veth), one sending
 * many small segments, and one refused with RST. ARP and neighbour discovery
 * come by themselves. Also UDP to the IPv4 subnet broadcast and to ff02::1,
 * and, through a packet socket (this kernel has no 802.1Q devices), UDP in
 * frames with a VLAN tag and with two (QinQ) to the first two destinations.
 * Writes every frame, whole, to a pcap file.
 *
 * Usage: filter_capture NS_A IFACE NS_B OUT.pcap BCAST4 DEST...
 * (DEST and BCAST4 are numeric addresses inside the sandbox)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pcap/pcap.h>

#define DISCARD_PORT 9
#define TCP_PORT 7
#define CLOSED_PORT 33434
#define TCP_BYTES (100 * 1024)

static const char *prog = "filter_capture";

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

/* `ip netns` names live in /run/netns (/var/run/netns on older systems). */
static void enter_netns(const char *name)
{
	static const char *const dirs[] = { "/run/netns", "/var/run/netns" };
	char path[256];
	int fd = -1;

	for (unsigned int i = 0; i < 2 && fd < 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	close(fd);
}

static int dual_socket(int type)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int fd = socket(AF_INET6, type, 0), off = 0, on = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	sa.sin6_port = htons(type == SOCK_STREAM ? TCP_PORT : DISCARD_PORT);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	return fd;
}

/* Namespace B: discard everything until the parent closes `quit`. */
static void serve(int quit, int ready)
{
	int tcp = dual_socket(SOCK_STREAM), udp = dual_socket(SOCK_DGRAM);
	struct pollfd pfd[4] = {
		{ .fd = quit, .events = POLLIN },
		{ .fd = tcp, .events = POLLIN },
		{ .fd = udp, .events = POLLIN },
		{ .fd = -1, .events = POLLIN },
	};
	char buf[65536];

	if (listen(tcp, 8))
		die("listen");
	if (write(ready, "r", 1) != 1)
		die("ready");
	for (;;) {
		if (poll(pfd, 4, 10000) <= 0 || pfd[0].revents)
			exit(0);
		if (pfd[1].revents & POLLIN) {
			if (pfd[3].fd >= 0)
				close(pfd[3].fd);
			pfd[3].fd = accept(tcp, NULL, NULL);
		}
		if (pfd[2].revents & POLLIN && recv(udp, buf, sizeof(buf), 0) < 0)
			exit(1);
		if (pfd[3].fd >= 0 && pfd[3].revents & (POLLIN | POLLHUP)) {
			if (recv(pfd[3].fd, buf, sizeof(buf), 0) <= 0) {
				close(pfd[3].fd);
				pfd[3].fd = -1;
			}
		}
	}
}

struct dest {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

static int parse_dest(const char *text, struct dest *d, unsigned int ifindex)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&d->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&d->ss;

	memset(d, 0, sizeof(*d));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = d->family = AF_INET;
		d->len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = d->family = AF_INET6;
		sin6->sin6_scope_id = ifindex; /* for link-local and ff02:: */
		d->len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static void set_port(struct dest *d, unsigned int port)
{
	if (d->family == AF_INET)
		((struct sockaddr_in *)&d->ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&d->ss)->sin6_port = htons(port);
}

static int sock(int family, int type, int proto)
{
	struct timeval tv = { .tv_sec = 2 };
	int fd = socket(family, type, proto);

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static unsigned short csum(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* An echo request; the kernel fragments it when it exceeds the MTU. */
static void ping(struct dest *d, size_t size)
{
	unsigned char pkt[4000] = { 0 };
	int fd;

	if (d->family == AF_INET) {
		int pmtu = IP_PMTUDISC_DONT;

		fd = sock(AF_INET, SOCK_RAW, IPPROTO_ICMP);
		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu));
		pkt[0] = ICMP_ECHO;
	} else {
		fd = sock(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6); /* kernel sums it */
		pkt[0] = ICMP6_ECHO_REQUEST;
	}
	pkt[5] = 1; /* identifier */
	pkt[7] = (unsigned char)size;
	for (size_t i = 8; i < size; i++)
		pkt[i] = (unsigned char)i;
	if (d->family == AF_INET) {
		unsigned short s = csum(pkt, size);

		memcpy(pkt + 2, &s, 2);
	}
	if (sendto(fd, pkt, size, 0, (struct sockaddr *)&d->ss, d->len) < 0)
		die("send echo");
	close(fd);
}

static void udp_send(struct dest *d, unsigned int port, size_t size, int opts)
{
	static char payload[4000];
	int fd = sock(d->family, SOCK_DGRAM, 0), on = 1;

	if (d->family == AF_INET) {
		/* Record route (11 bytes) and an end-of-list byte. */
		static const unsigned char rr[12] = { 7, 11, 4 };
		int pmtu = IP_PMTUDISC_DONT;

		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu));
		setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on));
		if (opts && setsockopt(fd, IPPROTO_IP, IP_OPTIONS, rr, sizeof(rr)))
			die("IP_OPTIONS");
	} else if (opts) {
		/* Hop-by-hop and destination options, each one PadN. */
		static const unsigned char ext[8] = { 0, 0, 1, 4 };

		if (setsockopt(fd, IPPROTO_IPV6, IPV6_HOPOPTS, ext, sizeof(ext)) ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_DSTOPTS, ext, sizeof(ext)))
			die("IPV6_HOPOPTS");
	}
	set_port(d, port);
	memset(payload, 'u', size);
	if (sendto(fd, payload, size, 0, (struct sockaddr *)&d->ss, d->len) < 0)
		die("send udp");
	close(fd);
}

static void tcp_session(struct dest *d, unsigned int port, size_t bytes)
{
	static char chunk[16384];
	int fd = sock(d->family, SOCK_STREAM, 0);

	set_port(d, port);
	if (connect(fd, (struct sockaddr *)&d->ss, d->len)) {
		if (errno != ECONNREFUSED || port == TCP_PORT)
			die("connect");
		close(fd);
		return; /* the RST is what we wanted */
	}
	memset(chunk, 't', sizeof(chunk));
	for (size_t sent = 0; sent < bytes;) {
		ssize_t n = send(fd, chunk, sizeof(chunk), 0);

		if (n <= 0)
			die("send tcp");
		sent += n;
	}
	shutdown(fd, SHUT_WR);
	close(fd);
}

/* Many small segments: one per write, each with PSH. */
static void tcp_chatty(struct dest *d, unsigned int writes)
{
	static const char text[200] = "GET / HTTP/1.0\r\n";
	int fd = sock(d->family, SOCK_STREAM, 0), on = 1;

	set_port(d, TCP_PORT);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (connect(fd, (struct sockaddr *)&d->ss, d->len))
		die("connect");
	for (unsigned int i = 0; i < writes; i++) {
		if (send(fd, text, 1 + (i * 37) % sizeof(text), 0) <= 0)
			die("send tcp");
		usleep(1000); /* let each write leave on its own */
	}
	close(fd);
}

static void traffic(struct dest *d)
{
	/* Sizes around the filter's 256-byte window and the MTU. */
	static const size_t sizes[] = { 0, 1, 7, 64, 200, 211, 212, 213, 1000, 1452, 1472, 1473 };

	ping(d, 64);
	ping(d, 3000);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		udp_send(d, DISCARD_PORT, sizes[i], 0);
	udp_send(d, DISCARD_PORT, 3000, 0);
	udp_send(d, CLOSED_PORT, 32, 0);
	udp_send(d, DISCARD_PORT, 100, 1);
	tcp_session(d, TCP_PORT, TCP_BYTES);
	tcp_session(d, TCP_PORT + 1, 0);
	tcp_chatty(d, 40);
}

static size_t put_be16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return 2;
}

/*
 * UDP in a frame with `tags` VLAN tags (outer 802.1ad when two), written
 * whole through a packet socket. B has no VLAN device and drops it; the
 * capture on A's end has seen it leave.
 */
static void tagged_udp(const char *iface, const struct dest *d, unsigned int vid, int tags)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	unsigned char f[200] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	size_t n = 12, plen = 24;
	struct ifreq ifr = { 0 };
	int fd = sock(AF_PACKET, SOCK_RAW, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	memcpy(f + 6, ifr.ifr_hwaddr.sa_data, 6); /* before SIOCGIFINDEX reuses ifr */
	if (ioctl(fd, SIOCGIFINDEX, &ifr))
		die("SIOCGIFINDEX");
	sll.sll_ifindex = ifr.ifr_ifindex;
	memset(sll.sll_addr, 0xff, 6);
	for (int t = 0; t < tags; t++) {
		n += put_be16(f + n, t == 0 && tags > 1 ? ETH_P_8021AD : ETH_P_8021Q);
		n += put_be16(f + n, (t == 0 ? vid : vid + 100) | (t << 13));
	}
	n += put_be16(f + n, d->family == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	if (d->family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&d->ss;

		f[n] = 0x45;
		put_be16(f + n + 2, 20 + 8 + plen);
		f[n + 8] = 64;
		f[n + 9] = IPPROTO_UDP;
		memcpy(f + n + 12, &sin->sin_addr, 4); /* from itself: no other address */
		memcpy(f + n + 16, &sin->sin_addr, 4);
		put_be16(f + n + 10, ntohs(csum(f + n, 20)));
		n += 20;
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&d->ss;

		f[n] = 0x60;
		put_be16(f + n + 4, 8 + plen);
		f[n + 6] = IPPROTO_UDP;
		f[n + 7] = 64;
		memcpy(f + n + 8, &sin6->sin6_addr, 16);
		memcpy(f + n + 24, &sin6->sin6_addr, 16);
		n += 40;
	}
	n += put_be16(f + n, 40000 + vid);
	n += put_be16(f + n, DISCARD_PORT);
	n += put_be16(f + n, 8 + plen);
	n += 2 + plen; /* no checksum; zero payload */
	if (sendto(fd, f, n, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("send tagged frame");
	close(fd);
}

static pcap_t *open_capture(const char *iface)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(iface, err);

	if (!p || pcap_set_snaplen(p, 262144) || pcap_set_immediate_mode(p, 1) ||
	    pcap_set_buffer_size(p, 16 << 20) || pcap_set_timeout(p, 50) || pcap_activate(p) < 0 ||
	    pcap_setnonblock(p, 1, err)) {
		fprintf(stderr, "%s: capture on %s: %s\n", prog, iface, p ? pcap_geterr(p) : err);
		exit(1);
	}
	return p;
}

/* Write what the capture holds until it stays quiet for a while. */
static unsigned long drain(pcap_t *p, pcap_dumper_t *out)
{
	unsigned long total = 0;
	int idle = 0;

	while (idle < 10) {
		int n = pcap_dispatch(p, -1, pcap_dump, (u_char *)out);

		if (n < 0) {
			fprintf(stderr, "%s: %s\n", prog, pcap_geterr(p));
			exit(1);
		}
		total += n;
		idle = n ? 0 : idle + 1;
		if (!n)
			usleep(30000);
	}
	return total;
}

int main(int argc, char **argv)
{
	unsigned long frames = 0;
	int quit[2], ready[2];
	unsigned int ifindex;
	pcap_dumper_t *out;
	struct dest d;
	char c;
	pid_t pid;
	pcap_t *p;

	if (argc < 7) {
		fprintf(stderr, "usage: %s NS_A IFACE NS_B OUT.pcap BCAST4 DEST...\n", prog);
		return 2;
	}
	alarm(40); /* a sandbox that misbehaves must not hang the suite */
	if (pipe(quit) || pipe(ready))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(quit[1]);
		close(ready[0]);
		enter_netns(argv[3]);
		serve(quit[0], ready[1]);
	}
	close(quit[0]);
	close(ready[1]); /* so that a child that dies is a read of 0, not a wait */
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "%s: server in %s did not start\n", prog, argv[3]);
		return 1;
	}

	enter_netns(argv[1]);
	ifindex = if_nametoindex(argv[2]);
	p = open_capture(argv[2]);
	out = pcap_dump_open(p, argv[4]);
	if (!out) {
		fprintf(stderr, "%s: %s\n", prog, pcap_geterr(p));
		return 1;
	}
	for (int i = 6; i < argc; i++) {
		if (parse_dest(argv[i], &d, ifindex)) {
			fprintf(stderr, "%s: bad address %s\n", prog, argv[i]);
			return 2;
		}
		traffic(&d);
		frames += drain(p, out);
	}
	for (int i = 6; i < argc && i < 8; i++) {
		parse_dest(argv[i], &d, ifindex);
		for (int tags = 1; tags <= 2; tags++) {
			tagged_udp(argv[2], &d, 100, tags);
			tagged_udp(argv[2], &d, 200, tags);
		}
	}
	if (parse_dest(argv[5], &d, ifindex) == 0)
		udp_send(&d, DISCARD_PORT, 40, 0);
	if (parse_dest("ff02::1", &d, ifindex) == 0)
		udp_send(&d, DISCARD_PORT, 40, 1);
	usleep(200000);
	frames += drain(p, out);
	pcap_dump_close(out);

	{
		struct pcap_stat st;

		if (pcap_stats(p, &st) == 0 && st.ps_drop) {
			fprintf(stderr, "%s: the capture dropped %u frames\n", prog, st.ps_drop);
			return 1;
		}
	}
	pcap_close(p);
	close(quit[1]);
	waitpid(pid, NULL, 0);
	fprintf(stderr, "%s: %lu frames\n", prog, frames);
	if (frames < 50 * (unsigned long)(argc - 6)) {
		fprintf(stderr, "%s: too few frames: is the sandbox broken?\n", prog);
		return 1;
	}
	return 0;
}
