/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expr.h - tcpdump expressions, compiled by libpcap to classic BPF,
 * translated to eBPF and spliced into the BPF programs before they load.
 */
#ifndef PP_EXPR_H
#define PP_EXPR_H

#include "pktpath.h"

struct bpf_object;
struct pp_expr;

/* text NULL or blank: *out = NULL and 0 (no filter, no cost). A syntax
 * error prints libpcap's message with the expression; PP_EXIT_USAGE. */
int pp_expr_compile(const char *text, struct pp_expr **out);
/* Splice into every program of obj that has markers (after open, before load). */
int pp_expr_splice(const struct pp_expr *e, struct bpf_object *obj);
/* pkt_filter, pkt_filter_l3 and snaplen for the programs' rodata. */
void pp_expr_set_rodata(const struct pp_expr *e, struct pp_meta_filter *mf);
const char *pp_expr_text(const struct pp_expr *e);
void pp_expr_free(struct pp_expr *e);

#endif
