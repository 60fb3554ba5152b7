/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expr.h - tcpdump expressions, compiled by libpcap, translated to eBPF by
 * pktpath and spliced into the BPF programs before they are loaded.
 *
 * Usage: pp_expr_compile() while parsing the command line;
 * <skel>__open(); pp_expr_set_rodata(e, &rodata->pp_mf);
 * pp_expr_splice(e, skel->obj); <skel>__load(); ... pp_expr_free(e).
 * A NULL expression (no filter) is valid everywhere and costs nothing.
 */
#ifndef PP_EXPR_H
#define PP_EXPR_H

#include <stdio.h>

#include "pktpath.h"

struct bpf_object;
struct pp_expr;

/*
 * text NULL or blank: *out = NULL, return 0 (no filter). A syntax error
 * prints one line with libpcap's message and the expression and returns
 * PP_EXIT_USAGE; so does an expression the translator cannot handle.
 */
int pp_expr_compile(const char *text, struct pp_expr **out);

/*
 * The expression as error messages quote it: whole when short, else its
 * start and its length, so that the reason after it still fits the line.
 */
const char *pp_expr_quote(const char *text, char *buf, size_t len);

/*
 * Replace every filter marker in every program of obj (after open, before
 * load) with its own copy of the translated filter: L2 markers get the
 * Ethernet compilation, L3 markers the raw-IP one, or "no match" when the
 * expression only makes sense with a link-layer header (`ether host`).
 * Returns 0, or PP_EXIT_BPF after printing why (a program too large for
 * eBPF's 16-bit jumps, no memory).
 */
int pp_expr_splice(const struct pp_expr *e, struct bpf_object *obj);

/* Set pkt_filter, pkt_filter_l3 and snaplen (clears them for NULL). */
void pp_expr_set_rodata(const struct pp_expr *e, struct pp_meta_filter *mf);

/* The expression as given; NULL for no filter. */
const char *pp_expr_text(const struct pp_expr *e);

/* Print libpcap's classic programs and their translations (like tcpdump -d). */
void pp_expr_dump(const struct pp_expr *e, FILE *out);

void pp_expr_free(struct pp_expr *e);

#endif /* PP_EXPR_H */
