/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filter_pktgen.h - a deterministic corpus of Ethernet frames for the
 * filter's differential test: IPv4 (options, fragments), IPv6 (extension
 * header chains), TCP, UDP, ICMP, ICMPv6, IGMP, ARP, VLAN and QinQ tags,
 * MPLS, PPPoE, 802.3/LLC, frames cut short anywhere, and junk.
 *
 * Addresses come from the documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) plus the multicast and
 * broadcast addresses filters test for. The frames never leave memory.
 *
 * One rule keeps libpcap's reference interpreter from looping forever: an
 * AH header's next header is never another AH or extension header (the
 * `protochain` code libpcap generates follows AH chains without a bound).
 */
#ifndef FILTER_PKTGEN_H
#define FILTER_PKTGEN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PKTGEN_MAX 1600

struct pkt {
	uint8_t *data;
	uint32_t len;     /* the whole frame */
	const char *kind; /* for reports */
};

struct pkt_buf {
	uint8_t b[PKTGEN_MAX];
	size_t n;
};

static uint64_t pg_state;

static uint32_t pg_rand(void)
{
	/* xorshift64*: good enough, and the same everywhere. */
	pg_state ^= pg_state >> 12;
	pg_state ^= pg_state << 25;
	pg_state ^= pg_state >> 27;
	return (uint32_t)((pg_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t pg_below(uint32_t n)
{
	return n ? pg_rand() % n : 0;
}

#define PICK(arr) ((arr)[pg_below(sizeof(arr) / sizeof((arr)[0]))])

static void put8(struct pkt_buf *p, uint32_t v)
{
	if (p->n < PKTGEN_MAX)
		p->b[p->n++] = (uint8_t)v;
}

static void put16(struct pkt_buf *p, uint32_t v)
{
	put8(p, v >> 8);
	put8(p, v);
}

static void put32(struct pkt_buf *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v);
}

static void putn(struct pkt_buf *p, const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(p, d[i]);
}

static void put_random(struct pkt_buf *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(p, pg_rand());
}

static void set16(struct pkt_buf *p, size_t at, uint32_t v)
{
	if (at + 2 <= p->n) {
		p->b[at] = (uint8_t)(v >> 8);
		p->b[at + 1] = (uint8_t)v;
	}
}

static const uint8_t pg_macs[][6] = {
	{ 0x02, 0, 0, 0, 0, 0x01 },          { 0x02, 0, 0, 0, 0, 0x02 },
	{ 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
	{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 },
};

static const uint32_t pg_ip4[] = {
	0xc0000201, 0xc0000202, 0xc000020a, 0xc00002c8, 0xc00002ff, 0xc6336401,
	0xc633644d, 0xcb007105, 0xcb0071fe, 0xe0000001, 0xef010203, 0xffffffff,
};

static const uint8_t pg_ip6[][16] = {
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
	{ 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10 },
	{ 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, [15] = 1 },
	{ 0xfe, 0x80, [15] = 1 },
	{ 0xff, 0x02, [15] = 1 },
	{ 0xff, 0x02, [11] = 1, 0xff, 0, 0, 1 },
};

static const uint16_t pg_ports[] = { 0,   7,    20,   21,   22,   23,   25,   53,   67,
				     68,  80,   123,  443,  1023, 1024, 3000, 8080, 8443,
				     65535, 6000, 9000, 161, 514, 5353 };

static uint32_t pg_port(void)
{
	return pg_below(4) ? PICK(pg_ports) : pg_rand() & 0xffff;
}

static void pg_eth(struct pkt_buf *p, uint32_t type)
{
	putn(p, PICK(pg_macs), 6);
	putn(p, PICK(pg_macs), 6);
	put16(p, type);
}

/* Transport headers, then payload. */
static void pg_l4(struct pkt_buf *p, uint32_t proto, size_t payload)
{
	static const uint8_t flags[] = { 0x02, 0x12, 0x10, 0x11, 0x04, 0x18, 0x14, 0x01,
					 0x3f, 0xff, 0x00, 0x40, 0x80, 0x20, 0xc2 };

	switch (proto) {
	case 6: {
		uint32_t doff = pg_below(3) ? 5 : 5 + pg_below(11);

		put16(p, pg_port());
		put16(p, pg_port());
		put32(p, pg_rand());
		put32(p, pg_rand());
		put8(p, doff << 4);
		put8(p, pg_below(3) ? flags[pg_below(sizeof(flags))] : pg_rand());
		put16(p, pg_rand());
		put32(p, pg_rand() & 0xffff0000);
		put_random(p, (doff - 5) * 4);
		if (payload >= 8 && pg_below(4) == 0) { /* HTTP or a TLS record */
			if (pg_below(2))
				putn(p, (const uint8_t *)"GET / HT", 8);
			else
				putn(p, (const uint8_t[]){ 0x16, 3, 1, 0, 0x40, 1, 0, 0 }, 8);
			payload -= 8;
		}
		break;
	}
	case 17:
	case 132: /* SCTP starts with ports too */
		put16(p, pg_port());
		put16(p, pg_below(8) ? pg_port() : 6081);
		put16(p, 8 + payload);
		put16(p, 0);
		if (p->b[p->n - 6] == 6081 >> 8 && p->b[p->n - 5] == (6081 & 0xff) &&
		    payload >= 8) { /* Geneve: version, options length, protocol */
			put8(p, pg_below(4));
			put8(p, 0);
			put16(p, PICK(((const uint16_t[]){ 0x6558, 0x0800, 0x86dd })));
			put32(p, pg_rand() & 0xffffff00);
			payload -= 8;
		}
		break;
	case 1: {
		static const uint8_t types[] = { 0, 3, 5, 8, 11, 12, 13, 14 };

		put8(p, pg_below(5) ? types[pg_below(sizeof(types))] : pg_rand());
		put8(p, pg_below(4));
		put16(p, 0);
		put32(p, pg_below(4) ? pg_rand() : 0);
		break;
	}
	case 58: {
		static const uint8_t types[] = { 1, 2, 3, 4, 128, 129, 133, 134, 135, 136, 143 };

		put8(p, pg_below(5) ? types[pg_below(sizeof(types))] : pg_rand());
		put8(p, pg_below(4));
		put16(p, 0);
		put32(p, pg_rand());
		break;
	}
	case 2:
		put8(p, PICK(((const uint8_t[]){ 0x11, 0x16, 0x17, 0x22 })));
		put8(p, 0);
		put16(p, 0);
		put32(p, PICK(pg_ip4));
		break;
	default:
		break;
	}
	put_random(p, payload);
}

static uint32_t pg_ip_proto(void)
{
	static const uint8_t protos[] = { 6, 6, 6, 6, 6, 6, 6, 17, 17, 17, 17, 17, 17,
					  1, 1, 1,  58, 58, 2, 47, 132, 50, 103, 112 };
	uint32_t proto = pg_below(10) ? protos[pg_below(sizeof(protos))] : pg_rand() & 0xff;

	/* No AH or IPv6 extension header followed by random bytes. */
	if (proto == 0 || proto == 43 || proto == 44 || proto == 51 || proto == 60)
		proto = 253;
	return proto;
}

static size_t pg_payload(void)
{
	switch (pg_below(5)) {
	case 0:
		return 0;
	case 1:
	case 2:
		return pg_below(64);
	case 3:
		return 100 + pg_below(300);
	}
	return 200 + pg_below(1300);
}

static void pg_ipv4(struct pkt_buf *p)
{
	uint32_t proto = pg_ip_proto(), ihl = pg_below(5) ? 5 : 6 + pg_below(10);
	size_t start = p->n, payload = pg_payload();
	uint32_t frag = 0;

	switch (pg_below(14)) {
	case 0:
		frag = 0x2000; /* first fragment */
		break;
	case 1:
		frag = pg_below(0x1fff) + 1; /* a later one */
		break;
	case 2:
		frag = 0x2000 | (pg_below(0x1fff) + 1);
		break;
	case 3:
		frag = 0x4000; /* DF */
		break;
	}
	put8(p, 0x40 | ihl);
	put8(p, pg_rand());
	put16(p, 0); /* total length, below */
	put16(p, pg_rand());
	put16(p, frag);
	put8(p, PICK(((const uint8_t[]){ 1, 64, 128, 255, 0, 63 })));
	put8(p, proto);
	put16(p, 0);
	put32(p, PICK(pg_ip4));
	put32(p, PICK(pg_ip4));
	for (uint32_t i = 20; i < ihl * 4; i++) /* options: NOP, RR, EOL, junk */
		put8(p, PICK(((const uint8_t[]){ 1, 1, 7, 0, 0x44, 0x94 })));
	if (pg_below(12) == 0) {
		/* AH, then a plain transport header */
		uint32_t next = PICK(((const uint8_t[]){ 6, 17, 1, 59 })), len = pg_below(4) + 1;

		p->b[start + 9] = 51;
		put8(p, next);
		put8(p, len);
		put16(p, 0);
		put_random(p, (len + 2) * 4 - 4);
		proto = next;
	}
	pg_l4(p, proto, payload);
	set16(p, start + 2, pg_below(10) ? p->n - start : pg_rand() & 0xffff);
}

static void pg_ipv6(struct pkt_buf *p)
{
	static const uint8_t exts[] = { 0, 60, 43, 44, 51, 50, 59 };
	uint32_t proto = pg_ip_proto(), n_ext = pg_below(3) ? 0 : 1 + pg_below(4);
	size_t start = p->n, payload = pg_payload(), next_at;
	int opaque = 0;

	put32(p, 0x60000000 | (pg_rand() & 0x0fffffff));
	put16(p, 0); /* payload length, below */
	next_at = p->n;
	put8(p, 0);
	put8(p, PICK(((const uint8_t[]){ 1, 64, 255 })));
	putn(p, PICK(pg_ip6), 16);
	putn(p, PICK(pg_ip6), 16);
	for (uint32_t i = 0; i < n_ext && !opaque; i++) {
		uint32_t t = exts[pg_below(sizeof(exts))], len;

		p->b[next_at] = t;
		if (t == 50 || t == 59) {
			opaque = 1; /* ESP, no next header: nothing to parse */
			break;
		}
		next_at = p->n;
		put8(p, 0);
		if (t == 44) { /* fragment: 8 bytes, offset 0 or not */
			put8(p, 0);
			put16(p, pg_below(2) ? pg_below(2) : pg_rand());
			put32(p, pg_rand());
		} else if (t == 51) { /* AH: (length + 2) * 4 bytes */
			len = pg_below(6);
			put8(p, len);
			put_random(p, (len + 2) * 4 - 2);
			proto = PICK(((const uint8_t[]){ 6, 17, 58, 59 }));
			break; /* see the rule at the top of this file */
		} else { /* hop-by-hop, routing, destination options */
			len = pg_below(3);
			put8(p, len);
			for (uint32_t j = 0; j < 6 + len * 8; j++)
				put8(p, PICK(((const uint8_t[]){ 0, 1, 0xc2, 5 })));
		}
	}
	if (!opaque) {
		p->b[next_at] = proto;
		pg_l4(p, proto, payload);
	} else {
		put_random(p, payload);
	}
	set16(p, start + 4, pg_below(10) ? p->n - start - 40 : pg_rand() & 0xffff);
}

static void pg_arp(struct pkt_buf *p, int rarp)
{
	put16(p, 1);
	put16(p, 0x0800);
	put8(p, 6);
	put8(p, 4);
	put16(p, rarp ? 3 + pg_below(2) : 1 + pg_below(2));
	putn(p, PICK(pg_macs), 6);
	put32(p, PICK(pg_ip4));
	putn(p, PICK(pg_macs), 6);
	put32(p, PICK(pg_ip4));
	if (pg_below(2))
		put_random(p, 18); /* Ethernet padding */
}

/* Whatever follows an Ethernet type field (or a tag's). */
static void pg_l3(struct pkt_buf *p, uint32_t type)
{
	switch (type) {
	case 0x0800:
		pg_ipv4(p);
		break;
	case 0x86dd:
		pg_ipv6(p);
		break;
	case 0x0806:
		pg_arp(p, 0);
		break;
	case 0x8035:
		pg_arp(p, 1);
		break;
	default:
		put_random(p, pg_payload());
	}
}

static uint32_t pg_ethertype(void)
{
	static const uint16_t types[] = { 0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x86dd,
					  0x86dd, 0x86dd, 0x0806, 0x8035, 0x88cc, 0x8137, 0x9000 };

	return PICK(types);
}

static void pg_frame(struct pkt_buf *p, const char **kind)
{
	uint32_t type, tags;

	p->n = 0;
	switch (pg_below(24)) {
	case 0: /* one or two VLAN tags */
	case 1:
		tags = 1 + pg_below(2);
		type = pg_ethertype();
		pg_eth(p, pg_below(3) ? 0x8100 : PICK(((const uint16_t[]){ 0x88a8, 0x9100 })));
		for (uint32_t i = 0; i < tags; i++) {
			put16(p, (pg_below(8) << 13) |
					 PICK(((const uint16_t[]){ 1, 100, 200, 4095, 0, 42 })));
			put16(p, i + 1 < tags ? 0x8100 : type);
		}
		pg_l3(p, type);
		*kind = "vlan";
		return;
	case 2: /* MPLS label stack */
		pg_eth(p, 0x8847);
		for (uint32_t i = 0, n = 1 + pg_below(2); i < n; i++)
			put32(p, (PICK(((const uint32_t[]){ 100, 16, 1048575, 3 })) << 12) |
					 (i + 1 == n ? 0x100 : 0) | 64);
		pg_l3(p, pg_below(2) ? 0x0800 : 0x86dd);
		*kind = "mpls";
		return;
	case 3: /* PPPoE session, then PPP */
		pg_eth(p, pg_below(4) ? 0x8864 : 0x8863);
		put8(p, 0x11);
		put8(p, 0);
		put16(p, pg_rand());
		put16(p, 0);
		if (pg_below(2)) {
			put16(p, 0x0021);
			pg_ipv4(p);
		} else {
			put16(p, 0x0057);
			pg_ipv6(p);
		}
		*kind = "pppoe";
		return;
	case 4: /* 802.3 length field and LLC */
		pg_eth(p, 0);
		put8(p, PICK(((const uint8_t[]){ 0x42, 0xaa, 0xe0, 0xfe, 0x06 })));
		put8(p, PICK(((const uint8_t[]){ 0x42, 0xaa, 0xe0, 0xfe, 0x06 })));
		put8(p, 3);
		put_random(p, pg_payload());
		set16(p, 12, pg_below(4) ? p->n - 14 : 1500 + pg_below(40));
		*kind = "llc";
		return;
	case 5:
		pg_eth(p, 0x0806);
		pg_arp(p, 0);
		*kind = "arp";
		return;
	}
	type = pg_ethertype();
	pg_eth(p, type);
	pg_l3(p, type);
	*kind = type == 0x0800 ? "ipv4" : type == 0x86dd ? "ipv6" : "other";
}

/*
 * n frames: most whole, some cut at any byte (a frame shorter than its
 * headers claim), some tiny, some random bytes.
 */
static int pktgen(uint64_t seed, unsigned int n, struct pkt *out)
{
	struct pkt_buf p;

	pg_state = seed ? seed : 1;
	for (unsigned int i = 0; i < n; i++) {
		const char *kind = "frame";
		uint32_t len;

		switch (pg_below(20)) {
		case 0:
			p.n = 0;
			put_random(&p, pg_below(15)); /* shorter than an Ethernet header */
			kind = "runt";
			break;
		case 1:
			p.n = 0;
			put_random(&p, 14 + pg_below(400));
			kind = "junk";
			break;
		default:
			pg_frame(&p, &kind);
		}
		len = p.n;
		if (pg_below(8) == 0 && len) { /* cut short */
			len = pg_below(len);
			kind = "cut";
		}
		out[i].data = malloc(len ? len : 1);
		if (!out[i].data)
			return -1;
		memcpy(out[i].data, p.b, len);
		out[i].len = len;
		out[i].kind = kind;
	}
	return 0;
}

#endif /* FILTER_PKTGEN_H */
