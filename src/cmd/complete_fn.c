// SPDX-License-Identifier: GPL-2.0
/*
 * complete_fn.c - the function names the shell completion offers after
 * --stage: those `--stage FUNC` accepts, the kernel functions (vmlinux and
 * loaded modules) whose BTF prototype has a struct sk_buff * argument, as
 * features --functions lists them. Read from BTF on each call, which the
 * kernel exposes to every user, and filtered by the word typed so far
 * before a prototype is read: a few tens of milliseconds, no cache to keep
 * in step with module loads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "cmd/complete_fn.h"
#include "modes/trace/fn_stages.h"
#include "lib/kbtf.h"
#include "lib/log.h"
#include "lib/vec.h"

struct fn_names {
	const char *prefix;
	size_t prefix_len;
	char **names;
	size_t n, cap;
};

static int collect_name(struct btf *btf, int id, const char *module, void *ctx)
{
	struct fn_names *w = ctx;
	const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
	char **slot;

	(void)module;
	if (strncmp(name, w->prefix, w->prefix_len) || fn_stage_arg(btf, id) < 0)
		return 0;
	slot = vec_push(&w->names, &w->n, &w->cap, sizeof(*w->names));
	if (!slot || !(*slot = strdup(name)))
		return -1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int complete_functions(const char *prefix)
{
	struct fn_names w = {.prefix = prefix ? prefix : ""};
	int err;

	w.prefix_len = strlen(w.prefix);
	/* No BTF, no function stages: nothing to offer, and no error (the
	 * shell shows none). */
	err = kbtf_for_each_func(collect_name, &w);
	if (w.n) /* qsort wants an array, even of none */
		qsort(w.names, w.n, sizeof(*w.names), by_name);
	for (size_t i = 0; i < w.n && !err; i++)
		if (!i || strcmp(w.names[i], w.names[i - 1]))
			printf("%s\n", w.names[i]);
	for (size_t i = 0; i < w.n; i++)
		free(w.names[i]);
	free(w.names);
	return err ? PP_EXIT_FAIL : PP_EXIT_OK;
}
