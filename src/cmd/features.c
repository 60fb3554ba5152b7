// SPDX-License-Identifier: GPL-2.0
/*
 * features.c - `pktpath features`: what this kernel offers pktpath. The
 * kernel-wide features (feature.c), then every hook point of the catalog
 * with the mechanism the modes will use, or why it is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cmd/commands.h"
#include "cmd/features_fn.h"
#include "lib/feature.h"
#include "lib/hooks.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/runtime.h"
#include "modes/trace/fn_multi.h"

#define WIDTH 80
#define HOOK_COL 22 /* hook name */
#define MECH_COL 12 /* mechanism */

/* Print text from column `col` on, wrapped at WIDTH, continuation lines
 * starting at column `indent`. Ends the line. */
static void wrapped(int col, int indent, const char *text)
{
	if (!*text)
		printf("\n");
	while (*text) {
		int room = WIDTH - col, n = (int)strlen(text);

		if (n > room) {
			n = room;
			while (n > 0 && text[n] != ' ')
				n--;
			if (!n) /* one long word: let it overflow rather than cut it */
				n = (int)strcspn(text, " ");
		}
		printf("%.*s\n", n, text);
		text += n;
		while (*text == ' ')
			text++;
		if (*text)
			printf("%*s", indent, "");
		col = indent;
	}
}

/* "net:net_dev_queue" or "ip_rcv()". */
static void hook_label(const struct hook_point *h, char *buf, size_t len)
{
	if (hooks_is_function(h))
		snprintf(buf, len, "%s()", h->name);
	else
		snprintf(buf, len, "%s:%s", h->category, h->name);
}

/* "tp_btf", "fentry", "kprobe at ip_rcv.isra.0". */
static void mech_label(const struct hook_point *h, const struct hook_choice *c, char *buf,
		       size_t len)
{
	if (c->mech < 0)
		snprintf(buf, len, "missing");
	else if (c->target[0] && strcmp(c->target, h->name))
		snprintf(buf, len, "%s at %s", hooks_mech_name(c->mech), c->target);
	else
		snprintf(buf, len, "%s", hooks_mech_name(c->mech));
}

static void print_text(const struct utsname *u, struct hook_choice *choices)
{
	unsigned int avail = 0;

	printf("Kernel %s (%s)\n\nKernel support\n", u->release, u->machine);
	for (int f = 0; f < PP_FEAT_MAX; f++) {
		const struct pp_feature_result *r = feature_probe(f);

		printf("  %-14s %-4s ", feature_title(f), r->ok ? "yes" : "no");
		wrapped(22, 22, r->detail);
	}
	printf("\nFunction stages (--stage) attach by: %s\n",
	       fn_stages_mechanism() ? fn_stages_mechanism() : "none");
	for (unsigned int i = 0; i < hook_catalog_len; i++)
		avail += choices[i].mech >= 0;
	printf("\nHook points (%u of %u available)\n", avail, hook_catalog_len);
	printf("  %-*s %-*s %s\n", HOOK_COL, "HOOK", MECH_COL, "MECHANISM", "WHAT");
	for (unsigned int i = 0; i < hook_catalog_len; i++) {
		const struct hook_point *h = hook_catalog[i];
		const struct hook_choice *c = &choices[i];
		char name[128], mech[160];

		hook_label(h, name, sizeof(name));
		mech_label(h, c, mech, sizeof(mech));
		if ((int)strlen(name) > HOOK_COL)
			printf("  %s\n  %-*s", name, HOOK_COL, "");
		else
			printf("  %-*s", HOOK_COL, name);
		if ((int)strlen(mech) > MECH_COL)
			printf(" %s\n%*s", mech, 2 + HOOK_COL + 1 + MECH_COL + 1, "");
		else
			printf(" %-*s ", MECH_COL, mech);
		wrapped(2 + HOOK_COL + 1 + MECH_COL + 1, 2 + HOOK_COL + 1 + MECH_COL + 1, h->what);
		if (c->mech < 0) {
			printf("    why: ");
			wrapped(9, 9, c->reason);
		}
	}
}

static void json_feature(struct json_writer *w, enum pp_feature f)
{
	const struct pp_feature_result *r = feature_probe(f);

	json_key(w, feature_key(f));
	json_object_start(w);
	json_kv_bool(w, "available", r->ok);
	json_kv_str(w, "detail", r->detail);
	if (f == PP_FEAT_DROP_REASON) {
		unsigned int n;
		bool tp;

		feature_drop_reasons(&n, &tp);
		json_kv_u64(w, "reasons", n);
		json_kv_bool(w, "kfree_skb_reason", tp);
	}
	json_object_end(w);
}

/* Every mechanism of one hook, available or not, with its reason. */
static void json_mechanisms(struct json_writer *w, const struct hook_point *h)
{
	size_t n;
	const int *order = hooks_order(h, &n);

	json_key(w, "mechanisms");
	json_array_start(w);
	for (size_t k = 0; k < n; k++) {
		struct hook_choice c;
		bool ok = hooks_check(h, order[k], &c);

		json_object_start(w);
		json_kv_str(w, "mechanism", hooks_mech_name(order[k]));
		json_kv_bool(w, "available", ok);
		if (ok && c.target[0])
			json_kv_str(w, "target", c.target);
		if (!ok)
			json_kv_str(w, "reason", c.reason);
		json_object_end(w);
	}
	json_array_end(w);
}

static void print_json(const struct utsname *u, struct hook_choice *choices)
{
	struct json_writer w;

	json_init(&w, stdout);
	json_object_start(&w);
	json_kv_str(&w, "kernel", u->release);
	json_kv_str(&w, "machine", u->machine);
	json_key(&w, "features");
	json_object_start(&w);
	for (int f = 0; f < PP_FEAT_MAX; f++)
		json_feature(&w, f);
	json_object_end(&w);
	json_key(&w, "function_stages");
	if (fn_stages_mechanism())
		json_string(&w, fn_stages_mechanism());
	else
		json_null(&w);
	json_key(&w, "hooks");
	json_array_start(&w);
	for (unsigned int i = 0; i < hook_catalog_len; i++) {
		const struct hook_point *h = hook_catalog[i];
		const struct hook_choice *c = &choices[i];

		json_object_start(&w);
		json_kv_str(&w, "name", h->name);
		json_kv_str(&w, "kind", hooks_is_function(h) ? "function" : "tracepoint");
		if (h->category)
			json_kv_str(&w, "category", h->category);
		json_kv_str(&w, "what", h->what);
		json_kv_bool(&w, "available", c->mech >= 0);
		json_key(&w, "mechanism");
		if (c->mech >= 0)
			json_string(&w, hooks_mech_name(c->mech));
		else
			json_null(&w);
		if (c->mech >= 0 && c->target[0])
			json_kv_str(&w, "target", c->target);
		if (c->mech < 0)
			json_kv_str(&w, "reason", c->reason);
		if (hooks_is_function(h)) {
			const char *module = NULL;
			char sym[128];
			bool in_btf;

			hooks_function_lookup(h, &in_btf, &module, sym, sizeof(sym));
			json_kv_bool(&w, "in_btf", in_btf);
			if (module)
				json_kv_str(&w, "module", module);
			json_key(&w, "kallsyms");
			if (sym[0])
				json_string(&w, sym);
			else
				json_null(&w);
		}
		json_mechanisms(&w, h);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
}

struct features_opts {
	const char *functions; /* --functions GLOB */
};

static const struct pp_option features_options[] = {
	{ 0, "functions", 0, "GLOB",
	  "list the kernel functions with an skb argument that trace's --stage GLOB would select, "
	  "with the argument's index, module and attach mechanism",
	  PP_OPT_STORE_STRING(struct features_opts, functions) },
	{ 0 },
};

static int features_run(const struct pp_common_opts *co, void *opts)
{
	const struct features_opts *o = opts;
	struct hook_choice *choices;
	struct utsname u;
	int ret;

	ret = runtime_init("features");
	if (ret)
		return ret;
	if (o->functions)
		return features_functions(o->functions, co->json);
	choices = calloc(hook_catalog_len + 1, sizeof(*choices));
	if (!choices)
		return PP_EXIT_FAIL;
	uname(&u);
	for (unsigned int i = 0; i < hook_catalog_len; i++)
		hooks_best(hook_catalog[i], &choices[i]);
	if (co->json)
		print_json(&u, choices);
	else
		print_text(&u, choices);
	free(choices);
	return PP_EXIT_OK;
}

const struct pp_command cmd_features = {
	.name = "features",
	.summary = "what this kernel offers pktpath: BPF features and hook points",
	.synopsis = "[--functions GLOB] [--json]",
	.description =
		"Probes the running kernel as the modes do when they start: BTF, the ring\n"
		"buffer, stack traces, drop reasons, and each attach mechanism (tp_btf,\n"
		"raw_tp, classic tracepoints, fentry/fexit, kprobes), by creating a map or\n"
		"loading a trivial program. Then lists every hook point pktpath knows, the\n"
		"mechanism the modes will use there, or why the hook is missing. Modes go\n"
		"on without a missing optional hook and say so in one line.\n"
		"\n"
		"--functions GLOB lists instead the kernel functions (vmlinux and loaded\n"
		"modules) whose BTF prototype has a struct sk_buff * argument and whose name\n"
		"matches GLOB: what `trace --stage GLOB` would select (64 at most), with the\n"
		"skb's argument index, the module, and fentry, kprobe (at a compiler clone\n"
		"such as .isra.0 when only that exists) or none and why.",
	.examples = "  sudo pktpath features\n"
		    "  sudo pktpath features --json | jq '.hooks[] | select(.available | not)'\n"
		    "  sudo pktpath features --functions 'tcp_v4_*'\n",
	.common = PP_OPT_JSON,
	.options = features_options,
	.opts_size = sizeof(struct features_opts),
	.run = features_run,
};
