/* SPDX-License-Identifier: GPL-2.0 */
/* flow.h - printing struct pp_flow for people (text) and programs (JSON). */
#ifndef PP_FLOW_H
#define PP_FLOW_H

#include <stddef.h>

#include "pktpath.h"
#include "json.h"

/* "udp" "tcp" "icmp" "ipv6-icmp", the number otherwise; "arp", "ethertype 0x88cc" off IP. */
const char *flow_proto_name(const struct pp_flow *f, char *buf, size_t len);

/* "udp 192.0.2.1:5000 > 192.0.2.2:6000" */
char *flow_format(const struct pp_flow *f, char *buf, size_t len);

/* "proto", "src", "dst", "sport", "dport" keys into the current object. */
void flow_json(struct json_writer *w, const struct pp_flow *f);

/* Orders flows for stable output. */
int flow_compare(const struct pp_flow *a, const struct pp_flow *b);

#endif
