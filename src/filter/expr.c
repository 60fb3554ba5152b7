// SPDX-License-Identifier: GPL-2.0
/*
 * expr.c - a tcpdump expression from text to translated eBPF, twice: for
 * packets that start with an Ethernet header and for packets that start
 * with the IP header (hooks that see no link layer). An expression libpcap
 * cannot compile for raw IP (`ether host ...`, `arp`) still works on
 * Ethernet packets; L3-only packets then never match, and the BPF side
 * counts them (PP_CNT_FILTER_NO_L3).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "filter/expr_priv.h"
#include "filter/pcap_compile.h"

static bool blank(const char *text)
{
	while (*text && isspace((unsigned char)*text))
		text++;
	return !*text;
}

/*
 * Does the program read Linux socket-filter metadata (SKF_AD_*: packet
 * type, interface index...)? libpcap emits such loads for `inbound`,
 * `outbound` and `ifindex`; at a tracing hook they always fail, so the
 * expression could never match.
 */
static bool uses_metadata(const struct pp_cbpf *c)
{
	for (unsigned int i = 0; i < c->len; i++) {
		const struct sock_filter *f = &c->insns[i];

		if ((BPF_CLASS(f->code) == BPF_LD || BPF_CLASS(f->code) == BPF_LDX) &&
		    BPF_MODE(f->code) == BPF_ABS && f->k >= (__u32)SKF_AD_OFF)
			return true;
	}
	return false;
}

static int compile_layer(struct pp_expr *e, enum pp_expr_layer layer, char *err, size_t errlen)
{
	enum pp_link link = layer == PP_EXPR_L2 ? PP_LINK_ETH : PP_LINK_RAW;
	struct pp_cbpf *c = &e->cbpf[layer];

	if (pp_pcap_compile(e->text, link, c, err, errlen))
		return -1;
	if (uses_metadata(c)) {
		snprintf(err, errlen, "packet direction and interface index are not packet bytes; "
				      "use the mode's own options (--dev) instead");
		return -1;
	}
	if (pp_cbpf_to_ebpf(c->insns, c->len, &e->ebpf[layer], err, errlen))
		return -2;
	e->has[layer] = true;
	if (e->ebpf[layer].snaplen > e->snaplen)
		e->snaplen = e->ebpf[layer].snaplen;
	return 0;
}

#define QUOTE_MAX 60

const char *pp_expr_quote(const char *text, char *buf, size_t len)
{
	size_t n = strlen(text);

	if (n <= QUOTE_MAX)
		snprintf(buf, len, "'%s'", text);
	else
		snprintf(buf, len, "'%.*s...' (%zu characters)", QUOTE_MAX - 12, text, n);
	return buf;
}

int pp_expr_compile(const char *text, struct pp_expr **out)
{
	struct pp_expr *e;
	char err[512], q[QUOTE_MAX + 32];
	int ret;

	*out = NULL;
	if (!text || blank(text))
		return 0;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->text = strdup(text))) {
		free(e);
		pp_err("filter: out of memory");
		return PP_EXIT_FAIL;
	}

	ret = compile_layer(e, PP_EXPR_L2, err, sizeof(err));
	if (ret) {
		pp_expr_quote(text, q, sizeof(q));
		if (ret == -1)
			pp_err("filter %s: %s", q, err);
		else
			pp_err("filter %s: cannot be run in the kernel: %s", q, err);
		pp_expr_free(e);
		return PP_EXIT_USAGE;
	}
	if (compile_layer(e, PP_EXPR_L3, err, sizeof(err)))
		pp_note("filter %s does not apply without a link-layer header (%s): packets "
			"seen without one never match",
			pp_expr_quote(text, q, sizeof(q)), err);
	*out = e;
	return 0;
}

void pp_expr_set_rodata(const struct pp_expr *e, struct pp_meta_filter *mf)
{
	mf->pkt_filter = e != NULL;
	mf->pkt_filter_l3 = e && e->has[PP_EXPR_L3];
	mf->snaplen = e ? e->snaplen : 0;
}

const char *pp_expr_text(const struct pp_expr *e)
{
	return e ? e->text : NULL;
}

void pp_expr_free(struct pp_expr *e)
{
	if (!e)
		return;
	for (int l = 0; l < PP_EXPR_LAYERS; l++) {
		pp_cbpf_free(&e->cbpf[l]);
		pp_ebpf_free(&e->ebpf[l]);
	}
	free(e->text);
	free(e);
}
