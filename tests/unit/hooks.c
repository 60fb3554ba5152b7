// SPDX-License-Identifier: GPL-2.0
/*
 * hooks: where the attach engine finds kernel functions. A function the
 * compiler kept whole is found by its name in BTF and kallsyms; one it only
 * left as a clone (foo.isra.0, foo.constprop.0) is found as that clone in
 * kallsyms, which is what a kprobe then attaches to; tracepoints and
 * functions are told apart; unknown mechanisms are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hooks.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The base name of a function /proc/kallsyms only has as a clone, or NULL. */
static char *clone_only(char *base, size_t len)
{
	char line[512], name[256], **names = NULL, *found = NULL;
	FILE *f = fopen("/proc/kallsyms", "r");
	size_t n = 0, cap = 0;

	while (f && fgets(line, sizeof(line), f)) {
		char type;

		if (sscanf(line, "%*s %c %255s", &type, name) != 2 || (type != 't' && type != 'T'))
			continue;
		if (n == cap && !(names = realloc(names, (cap = cap ? 2 * cap : 4096) * sizeof(*names))))
			exit(1);
		names[n++] = strdup(name);
	}
	if (f)
		fclose(f);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && !found; i++) {
		char *dot = strstr(names[i], ".isra.");
		char *key = base;

		if (!dot)
			dot = strstr(names[i], ".constprop.");
		if (!dot || strchr(names[i], '.') != dot)
			continue;
		snprintf(base, len, "%.*s", (int)(dot - names[i]), names[i]);
		if (!bsearch(&key, names, n, sizeof(*names), cmp_str))
			found = base;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found;
}

int main(void)
{
	struct hook_point whole = { "ip_rcv", NULL, "" }, cloned = { NULL, NULL, "" };
	struct hook_point tp = { "net_dev_start_xmit", "net", "" };
	const char *module = NULL;
	char sym[128], base[256];
	struct hook_choice c;
	bool in_btf;

	hooks_function_lookup(&whole, &in_btf, &module, sym, sizeof(sym));
	if (!in_btf || module || strcmp(sym, "ip_rcv")) {
		fprintf(stderr, "ip_rcv: in_btf %d, module %s, symbol '%s'\n", in_btf,
			module ? module : "-", sym);
		return 1;
	}
	if (!clone_only(base, sizeof(base))) {
		fprintf(stderr, "no function only as a .isra/.constprop clone in /proc/kallsyms\n");
		return 1;
	}
	cloned.name = base;
	hooks_function_lookup(&cloned, &in_btf, &module, sym, sizeof(sym));
	if (strncmp(sym, base, strlen(base)) || sym[strlen(base)] != '.') {
		fprintf(stderr, "%s: symbol '%s', expected its clone\n", base, sym);
		return 1;
	}
	if (hooks_check(&tp, HOOK_FENTRY, &c) || !strstr(c.reason, "is a tracepoint") ||
	    hooks_check(&whole, HOOK_TP_BTF, &c) || !strstr(c.reason, "is a kernel function")) {
		fprintf(stderr, "kinds: %s\n", c.reason);
		return 1;
	}
	if (hooks_mech_parse("kretprobe") != HOOK_KRETPROBE || hooks_mech_parse("kprobes") != -1) {
		fprintf(stderr, "hooks_mech_parse\n");
		return 1;
	}
	printf("ok: ip_rcv whole, %s as %s\n", base, sym);
	return 0;
}
