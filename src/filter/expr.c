// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the translator lands: refuses expressions. */
#include <ctype.h>
#include <stddef.h>

#include "filter/expr.h"
#include "lib/log.h"

int pp_expr_compile(const char *text, struct pp_expr **out)
{
	*out = NULL;
	while (text && isspace((unsigned char)*text))
		text++;
	if (!text || !*text)
		return 0;
	pp_err("filter '%s': tcpdump expressions are not supported yet", text);
	return PP_EXIT_USAGE;
}

int pp_expr_splice(const struct pp_expr *e, struct bpf_object *obj)
{
	return 0;
}

void pp_expr_set_rodata(const struct pp_expr *e, struct pp_meta_filter *mf)
{
}

const char *pp_expr_text(const struct pp_expr *e)
{
	return "";
}

void pp_expr_free(struct pp_expr *e)
{
}
