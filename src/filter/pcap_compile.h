/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pcap_compile.h - the only place pktpath talks to libpcap: compiling a
 * tcpdump expression into classic BPF, and running libpcap's own
 * interpreter on a program (the reference the tests compare against).
 *
 * Kept apart from everything that includes <linux/bpf.h>, whose struct
 * bpf_insn clashes with libpcap's.
 */
#ifndef PP_PCAP_COMPILE_H
#define PP_PCAP_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "filter/cbpf.h"

/* The link layer an expression is compiled for. */
enum pp_link {
	PP_LINK_ETH, /* DLT_EN10MB: the packet starts with an Ethernet header */
	PP_LINK_RAW, /* DLT_RAW: it starts with the IPv4 or IPv6 header */
};

/*
 * Compile with optimization on and an unknown netmask, for a snapshot
 * length large enough that libpcap does not bake truncation into the
 * program. Returns 0, or -1 with libpcap's message in err.
 */
int pp_pcap_compile(const char *text, enum pp_link link, struct pp_cbpf *out, char *err,
		    size_t errlen);

/* libpcap's own check of a classic program (bpf_validate()); 1 = valid. */
int pp_pcap_validate(const struct sock_filter *insns, unsigned int len);

/* libpcap's verdict for one packet: pcap_offline_filter() on prog. */
unsigned int pp_pcap_filter(const struct pp_cbpf *prog, const uint8_t *pkt, uint32_t wirelen,
			    uint32_t caplen);

/* pcap_lib_version() of the libpcap loaded: "libpcap version 1.10.3 ...".
 * (Here because libpcap's header cannot meet libbpf's in one file.) */
const char *pp_pcap_version(void);

#endif /* PP_PCAP_COMPILE_H */
