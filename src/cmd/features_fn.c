// SPDX-License-Identifier: GPL-2.0
/*
 * features_fn.c - `pktpath features --functions GLOB`: the kernel functions
 * a --stage GLOB would select (a struct sk_buff * argument in their BTF
 * prototype), with that argument's index, their module, and the mechanism
 * trace would attach with, or why none.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "cmd/features_fn.h"
#include "modes/trace/fn_multi.h"
#include "modes/trace/fn_stages.h"
#include "lib/hooks.h"
#include "lib/json.h"
#include "lib/kbtf.h"
#include "lib/log.h"

struct candidate {
	char name[FN_NAME_MAX];
	const char *module;
	int arg;
	struct hook_choice choice;
	bool multi; /* by kprobe.multi: at choice.target */
};

struct walk {
	const char *glob;
	struct candidate *c;
	size_t n, cap;
};

static int collect(struct btf *btf, int id, const char *module, void *ctx)
{
	struct walk *w = ctx;
	const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
	int arg;

	if (fnmatch(w->glob, name, 0))
		return 0;
	arg = fn_stage_arg(btf, id);
	if (arg < 0)
		return 0;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		struct candidate *c = realloc(w->c, cap * sizeof(*c));

		if (!c)
			return -1;
		w->c = c;
		w->cap = cap;
	}
	memset(&w->c[w->n], 0, sizeof(w->c[0]));
	snprintf(w->c[w->n].name, sizeof(w->c[0].name), "%s", name);
	w->c[w->n].module = module;
	w->c[w->n].arg = arg;
	w->n++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct candidate *)a)->name, ((const struct candidate *)b)->name);
}

/* Sort, and keep one of each name (a static function may be in BTF twice). */
static void sort_unique(struct walk *w)
{
	size_t k = 0;

	qsort(w->c, w->n, sizeof(*w->c), by_name);
	for (size_t i = 0; i < w->n; i++)
		if (!k || strcmp(w->c[k - 1].name, w->c[i].name))
			w->c[k++] = w->c[i];
	w->n = k;
}

static void mech_text(const struct candidate *c, char *buf, size_t len)
{
	if (c->multi && strcmp(c->choice.target, c->name))
		snprintf(buf, len, "kprobe.multi at %s", c->choice.target);
	else if (c->multi)
		snprintf(buf, len, "kprobe.multi");
	else if (c->choice.mech < 0)
		snprintf(buf, len, "none");
	else if (c->choice.target[0] && strcmp(c->choice.target, c->name))
		snprintf(buf, len, "%s at %s", hooks_mech_name(c->choice.mech), c->choice.target);
	else
		snprintf(buf, len, "%s", hooks_mech_name(c->choice.mech));
}

static void print_text(const struct walk *w)
{
	const struct candidate *why = NULL;

	printf("Kernel functions matching '%s' with a struct sk_buff * argument: %zu\n", w->glob,
	       w->n);
	if (w->n > PP_STAGE_FN_SLOTS)
		printf("(--stage '%s' would be refused: at most %d function stages)\n", w->glob,
		       PP_STAGE_FN_SLOTS);
	if (!w->n)
		return;
	printf("  %-32s %3s  %-12s %s\n", "FUNCTION", "SKB", "MODULE", "MECHANISM");
	for (size_t i = 0; i < w->n; i++) {
		const struct candidate *c = &w->c[i];
		char mech[200];

		mech_text(c, mech, sizeof(mech));
		printf("  %-32s %3d  %-12s %s\n", c->name, c->arg,
		       c->module ? c->module : "vmlinux", mech);
		if (c->choice.mech < 0 && !c->multi && !why)
			why = c;
	}
	if (why)
		printf("why none (%s): %s\n", why->name, why->choice.reason);
}

static void print_json(const struct walk *w)
{
	struct json_writer j;

	json_init(&j, stdout);
	json_object_start(&j);
	json_kv_str(&j, "glob", w->glob);
	json_kv_u64(&j, "count", w->n);
	json_kv_u64(&j, "max_stages", PP_STAGE_FN_SLOTS);
	json_key(&j, "functions");
	json_array_start(&j);
	for (size_t i = 0; i < w->n; i++) {
		const struct candidate *c = &w->c[i];

		json_object_start(&j);
		json_kv_str(&j, "name", c->name);
		json_kv_u64(&j, "skb_arg", c->arg);
		json_kv_str(&j, "module", c->module ? c->module : "vmlinux");
		json_key(&j, "mechanism");
		if (c->multi)
			json_string(&j, "kprobe.multi");
		else if (c->choice.mech >= 0)
			json_string(&j, hooks_mech_name(c->choice.mech));
		else
			json_null(&j);
		if ((c->multi || c->choice.mech >= 0) && c->choice.target[0])
			json_kv_str(&j, "target", c->choice.target);
		if (c->choice.mech < 0 && !c->multi)
			json_kv_str(&j, "reason", c->choice.reason);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}

/*
 * Where fentry is refused and kprobe.multi works, trace attaches every
 * function stage by one kprobe.multi link (fn_multi.c): at the symbol
 * /proc/kallsyms has, a clone included; the kernel resolves the plain name
 * when /proc/kallsyms says nothing.
 */
static void set_multi(struct candidate *c, const struct hook_point *h)
{
	const char *mech = fn_stages_mechanism(), *module;
	char sym[sizeof(c->choice.target)];
	bool in_btf;

	if (!mech || strcmp(mech, "kprobe.multi"))
		return;
	hooks_function_lookup(h, &in_btf, &module, sym, sizeof(sym));
	snprintf(c->choice.target, sizeof(c->choice.target), "%s", sym[0] ? sym : c->name);
	c->multi = true;
}

int features_functions(const char *glob, bool json)
{
	struct walk w = {.glob = glob};

	if (!kbtf_vmlinux()) {
		pp_err("--functions: this kernel has no BTF (/sys/kernel/btf/vmlinux)");
		return PP_EXIT_ENV;
	}
	if (kbtf_for_each_func(collect, &w)) {
		pp_err("--functions: out of memory");
		free(w.c);
		return PP_EXIT_FAIL;
	}
	sort_unique(&w);
	for (size_t i = 0; i < w.n; i++) {
		struct hook_point h = {w.c[i].name, NULL, "function stage"};

		hooks_best(&h, &w.c[i].choice);
		set_multi(&w.c[i], &h);
	}
	if (json)
		print_json(&w);
	else
		print_text(&w);
	free(w.c);
	return PP_EXIT_OK;
}
