// SPDX-License-Identifier: GPL-2.0
/*
 * rawsend - hand-built Ethernet frames through an AF_PACKET socket, so a
 * test decides every address, including a destination MAC that is not the
 * receiver's (the peer then marks them PACKET_OTHERHOST).
 *
 *   rawsend --ns NS --dev DEV --dst-mac MAC [--src-mac MAC] --src IP --dst IP
 *           [--sport P] [--dport P] [--count N] [--payload BYTES] [--gap-us US]
 *
 * UDP over IPv4 or IPv6 (by the addresses' family), checksums filled in.
 * The source MAC defaults to the device's own. Exits 0 once every frame was
 * sent; prints nothing unless something fails.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/sandbox.h"

#define MAX_PAYLOAD 1400

struct frame_spec {
	uint8_t dst_mac[6], src_mac[6];
	int family;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	unsigned int payload;
};

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* The Internet checksum's running sum (RFC 1071), folded at the end. */
static uint32_t sum16(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* Build one frame into buf; returns its length. */
static size_t build(const struct frame_spec *f, uint16_t ip_id, uint8_t *buf)
{
	size_t ip_len = f->family == AF_INET ? 20 : 40, udp_len = 8 + f->payload;
	uint8_t *ip = buf + 14, *udp = ip + ip_len;
	uint32_t sum;

	memcpy(buf, f->dst_mac, 6);
	memcpy(buf + 6, f->src_mac, 6);
	buf[12] = f->family == AF_INET ? 0x08 : 0x86;
	buf[13] = f->family == AF_INET ? 0x00 : 0xdd;
	memset(ip, 0, ip_len);
	if (f->family == AF_INET) {
		ip[0] = 0x45;
		ip[2] = (ip_len + udp_len) >> 8;
		ip[3] = (ip_len + udp_len) & 0xff;
		ip[4] = ip_id >> 8;
		ip[5] = ip_id & 0xff;
		ip[8] = 64;
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, f->src, 4);
		memcpy(ip + 16, f->dst, 4);
		memcpy(ip + 10, &(uint16_t){ fold(sum16(ip, 20, 0)) }, 2);
	} else {
		ip[0] = 0x60;
		ip[4] = udp_len >> 8;
		ip[5] = udp_len & 0xff;
		ip[6] = IPPROTO_UDP;
		ip[7] = 64;
		memcpy(ip + 8, f->src, 16);
		memcpy(ip + 24, f->dst, 16);
	}
	udp[0] = f->sport >> 8;
	udp[1] = f->sport & 0xff;
	udp[2] = f->dport >> 8;
	udp[3] = f->dport & 0xff;
	udp[4] = udp_len >> 8;
	udp[5] = udp_len & 0xff;
	udp[6] = udp[7] = 0;
	for (unsigned int i = 0; i < f->payload; i++)
		udp[8 + i] = 'a' + i % 26;
	/* Pseudo-header: addresses, protocol, UDP length. */
	sum = f->family == AF_INET ? sum16(ip + 12, 8, 0) : sum16(ip + 8, 32, 0);
	sum += IPPROTO_UDP + udp_len;
	memcpy(udp + 6, &(uint16_t){ fold(sum16(udp, udp_len, sum)) }, 2);
	return 14 + ip_len + udp_len;
}

static int parse_addr(const char *s, int *family, uint8_t out[16])
{
	int fam = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (*family && *family != fam)
		return -1;
	*family = fam;
	return inet_pton(fam, s, out) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", 1, 0, 'N' },      { "dev", 1, 0, 'i' },     { "dst-mac", 1, 0, 'M' },
		{ "src-mac", 1, 0, 'm' }, { "src", 1, 0, 's' },     { "dst", 1, 0, 'd' },
		{ "sport", 1, 0, 'S' },   { "dport", 1, 0, 'D' },   { "count", 1, 0, 'n' },
		{ "payload", 1, 0, 'l' }, { "gap-us", 1, 0, 'g' },  { 0 },
	};
	struct frame_spec f = { .sport = 40000, .dport = 9, .payload = 32 };
	const char *ns = NULL, *dev = NULL;
	bool have_dst_mac = false, have_src_mac = false, have_src = false, have_dst = false;
	unsigned int count = 1, gap_us = 0;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	uint8_t buf[14 + 40 + 8 + MAX_PAYLOAD];
	struct ifreq ifr = { 0 };
	int c, fd;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': ns = optarg; break;
		case 'i': dev = optarg; break;
		case 'M': have_dst_mac = !parse_mac(optarg, f.dst_mac); break;
		case 'm': have_src_mac = !parse_mac(optarg, f.src_mac); break;
		case 's': have_src = !parse_addr(optarg, &f.family, f.src); break;
		case 'd': have_dst = !parse_addr(optarg, &f.family, f.dst); break;
		case 'S': f.sport = atoi(optarg); break;
		case 'D': f.dport = atoi(optarg); break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 'l': f.payload = strtoul(optarg, NULL, 10); break;
		case 'g': gap_us = strtoul(optarg, NULL, 10); break;
		default: fprintf(stderr, "rawsend: bad option\n"); return 2;
		}
	}
	if (!dev || !have_dst_mac || !have_src || !have_dst || f.payload > MAX_PAYLOAD ||
	    strlen(dev) >= IFNAMSIZ) {
		fprintf(stderr, "rawsend: need --dev, --dst-mac, --src and --dst of one family "
				"(see the source)\n");
		return 2;
	}
	if (ns && sandbox_enter(ns)) {
		perror("rawsend: entering the namespace");
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0); /* protocol 0: send only, receive nothing */
	if (fd < 0) {
		perror("rawsend: socket(AF_PACKET)");
		return 1;
	}
	memcpy(ifr.ifr_name, dev, strlen(dev));
	if (ioctl(fd, SIOCGIFINDEX, &ifr)) {
		perror("rawsend: SIOCGIFINDEX");
		return 1;
	}
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (!have_src_mac) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
			perror("rawsend: SIOCGIFHWADDR");
			return 1;
		}
		memcpy(f.src_mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	memcpy(sll.sll_addr, f.dst_mac, 6);
	for (unsigned int i = 0; i < count; i++) {
		size_t len = build(&f, (uint16_t)(i + 1), buf);

		if (sendto(fd, buf, len, 0, (struct sockaddr *)&sll, sizeof(sll)) != (ssize_t)len) {
			perror("rawsend: sendto");
			return 1;
		}
		if (gap_us)
			usleep(gap_us);
	}
	close(fd);
	return 0;
}
