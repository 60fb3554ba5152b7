/* SPDX-License-Identifier: GPL-2.0 */
/* expr_priv.h - struct pp_expr, shared by expr.c, expr_splice.c and tests. */
#ifndef PP_EXPR_PRIV_H
#define PP_EXPR_PRIV_H

#include <stdbool.h>

#include "filter/cbpf.h"
#include "filter/cbpf_to_ebpf.h"
#include "filter/expr.h"

enum pp_expr_layer {
	PP_EXPR_L2, /* compiled for Ethernet */
	PP_EXPR_L3, /* compiled for raw IP */
	PP_EXPR_LAYERS,
};

struct pp_expr {
	char *text;
	bool has[PP_EXPR_LAYERS];     /* L2 always; L3 when libpcap could */
	struct pp_cbpf cbpf[PP_EXPR_LAYERS];
	struct pp_ebpf ebpf[PP_EXPR_LAYERS];
	unsigned int snaplen;
};

#endif /* PP_EXPR_PRIV_H */
