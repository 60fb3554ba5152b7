// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "flow.h"

const char *flow_proto_name(const struct pp_flow *f, char *buf, size_t len)
{
	if (!f->family) {
		if (f->ethertype == 0x0806)
			return "arp";
		snprintf(buf, len, "ethertype 0x%04x", f->ethertype);
		return buf;
	}
	switch (f->proto) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
		return "icmp";
	case 58:
		return "icmp6";
	}
	snprintf(buf, len, "ip proto %u", f->proto);
	return buf;
}

static void addr(const struct pp_flow *f, const __u8 *a, char *buf, size_t len)
{
	inet_ntop(f->family == 4 ? AF_INET : AF_INET6, a, buf, len);
}

char *flow_format(const struct pp_flow *f, char *buf, size_t len)
{
	char proto[32], s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	const char *p = flow_proto_name(f, proto, sizeof(proto));

	if (!f->family) {
		snprintf(buf, len, "%s", p);
		return buf;
	}
	addr(f, f->saddr, s, sizeof(s));
	addr(f, f->daddr, d, sizeof(d));
	if (f->proto == 6 || f->proto == 17) {
		const char *l = f->family == 6 ? "[" : "", *r = f->family == 6 ? "]" : "";

		snprintf(buf, len, "%s %s%s%s:%u > %s%s%s:%u", p, l, s, r, f->sport, l, d, r,
			 f->dport);
	} else {
		snprintf(buf, len, "%s %s > %s", p, s, d);
	}
	return buf;
}

void flow_json(struct json_writer *w, const struct pp_flow *f)
{
	char proto[32], s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	json_kv_str(w, "proto", flow_proto_name(f, proto, sizeof(proto)));
	if (!f->family)
		return;
	addr(f, f->saddr, s, sizeof(s));
	addr(f, f->daddr, d, sizeof(d));
	json_kv_str(w, "src", s);
	json_kv_str(w, "dst", d);
	if (f->proto == 6 || f->proto == 17) {
		json_kv_u64(w, "sport", f->sport);
		json_kv_u64(w, "dport", f->dport);
	}
}

int flow_compare(const struct pp_flow *a, const struct pp_flow *b)
{
	int c;

	if (a->family != b->family)
		return a->family - b->family;
	if (a->proto != b->proto)
		return a->proto - b->proto;
	if ((c = memcmp(a->saddr, b->saddr, 16)))
		return c;
	if ((c = memcmp(a->daddr, b->daddr, 16)))
		return c;
	if (a->sport != b->sport)
		return a->sport - b->sport;
	return a->dport - b->dport;
}
