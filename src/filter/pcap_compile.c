// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "filter/pcap_compile.h"

/* What libpcap thinks the capture length is while it compiles. */
#define PCAP_COMPILE_SNAPLEN 262144

_Static_assert(sizeof(struct bpf_insn) == sizeof(struct sock_filter), "cBPF layouts differ");
_Static_assert(offsetof(struct bpf_insn, k) == offsetof(struct sock_filter, k),
	       "cBPF layouts differ");

int pp_pcap_compile(const char *text, enum pp_link link, struct pp_cbpf *out, char *err,
		    size_t errlen)
{
	int dlt = link == PP_LINK_ETH ? DLT_EN10MB : DLT_RAW;
	struct bpf_program bp;
	pcap_t *p;
	int ret = -1;

	out->insns = NULL;
	out->len = 0;
	p = pcap_open_dead(dlt, PCAP_COMPILE_SNAPLEN);
	if (!p) {
		snprintf(err, errlen, "libpcap could not open a dead handle");
		return -1;
	}
	if (pcap_compile(p, &bp, text, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		goto out;
	}
	out->insns = calloc(bp.bf_len ? bp.bf_len : 1, sizeof(*out->insns));
	if (!out->insns) {
		snprintf(err, errlen, "out of memory");
	} else {
		for (unsigned int i = 0; i < bp.bf_len; i++) {
			out->insns[i].code = bp.bf_insns[i].code;
			out->insns[i].jt = bp.bf_insns[i].jt;
			out->insns[i].jf = bp.bf_insns[i].jf;
			out->insns[i].k = bp.bf_insns[i].k;
		}
		out->len = bp.bf_len;
		ret = 0;
	}
	pcap_freecode(&bp);
out:
	pcap_close(p);
	return ret;
}

int pp_pcap_validate(const struct sock_filter *insns, unsigned int len)
{
	return bpf_validate((const struct bpf_insn *)insns, (int)len);
}

unsigned int pp_pcap_filter(const struct pp_cbpf *prog, const uint8_t *pkt, uint32_t wirelen,
			    uint32_t caplen)
{
	struct bpf_program bp = {
		.bf_len = prog->len,
		.bf_insns = (struct bpf_insn *)prog->insns, /* same layout, asserted above */
	};
	struct pcap_pkthdr h = {
		.caplen = caplen,
		.len = wirelen,
	};

	return (unsigned int)pcap_offline_filter(&bp, &h, pkt);
}

const char *pp_pcap_version(void)
{
	return pcap_lib_version();
}
