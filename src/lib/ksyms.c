// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"
#include "vec.h"

struct ksyms {
	struct ksym *syms;
	size_t n, cap;
	char *strs;  /* all names and module names, NUL separated */
	size_t strs_len, strs_cap;
};

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Names are stored as offsets while the string buffer grows. */
static long add_str(struct ksyms *ks, const char *s)
{
	size_t len = strlen(s) + 1;
	long off = ks->strs_len;

	if (ks->strs_len + len > ks->strs_cap) {
		size_t cap = ks->strs_cap ? ks->strs_cap * 2 : 1 << 20;
		char *p;

		while (cap < ks->strs_len + len)
			cap *= 2;
		p = realloc(ks->strs, cap);
		if (!p)
			return -1;
		ks->strs = p;
		ks->strs_cap = cap;
	}
	memcpy(ks->strs + ks->strs_len, s, len);
	ks->strs_len += len;
	return off;
}

struct ksyms *ksyms__load(void)
{
	struct ksyms *ks = calloc(1, sizeof(*ks));
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], mod[128];
	bool any_addr = false;

	if (!ks || !f)
		goto fail;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		struct ksym *sym;
		char type;
		long noff, moff = -1;
		int n = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type, name, mod);

		if (n < 3)
			continue;
		/* Text symbols only: code is where drops and stacks point. */
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		any_addr |= addr != 0;
		noff = add_str(ks, name);
		if (n == 4)
			moff = add_str(ks, mod);
		sym = vec_push(&ks->syms, &ks->n, &ks->cap, sizeof(*sym));
		if (noff < 0 || (n == 4 && moff < 0) || !sym)
			goto fail;
		sym->addr = addr;
		sym->name = (const char *)(uintptr_t)noff;
		sym->module = (const char *)(uintptr_t)moff;
	}
	fclose(f);
	f = NULL;
	if (!any_addr) {
		errno = EPERM; /* kptr_restrict hides the addresses */
		goto fail;
	}
	for (size_t i = 0; i < ks->n; i++) {
		long moff = (long)(uintptr_t)ks->syms[i].module;

		ks->syms[i].name = ks->strs + (uintptr_t)ks->syms[i].name;
		ks->syms[i].module = moff < 0 ? NULL : ks->strs + moff;
	}
	qsort(ks->syms, ks->n, sizeof(*ks->syms), cmp_addr);
	return ks;
fail:
	if (f)
		fclose(f);
	ksyms__free(ks);
	return NULL;
}

void ksyms__free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks->strs);
	free(ks);
}

const struct ksym *ksyms__map_addr(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks ? ks->n : 0;

	/* The last symbol whose address is <= addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &ks->syms[lo - 1] : NULL;
}

char *ksyms__format(const struct ksyms *ks, uint64_t addr, char *buf, size_t len)
{
	const struct ksym *s = ksyms__map_addr(ks, addr);
	const struct ksym *next = s && s + 1 < ks->syms + ks->n ? s + 1 : NULL;

	if (!s || !addr) {
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
		return buf;
	}
	snprintf(buf, len, "%s+0x%llx", s->name, (unsigned long long)(addr - s->addr));
	if (next) {
		size_t l = strlen(buf);

		snprintf(buf + l, len - l, "/0x%llx", (unsigned long long)(next->addr - s->addr));
	}
	if (s->module) {
		size_t l = strlen(buf);

		snprintf(buf + l, len - l, " [%s]", s->module);
	}
	return buf;
}

static bool is_variant(const char *sym, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(sym, name, n) || sym[n] != '.')
		return false;
	/* foo.cold is the unlikely half of foo, not foo itself. */
	return strncmp(sym + n, ".cold", 5) != 0;
}

const struct ksym *ksyms__find_function(const struct ksyms *ks, const char *name)
{
	const struct ksym *variant = NULL;

	for (size_t i = 0; ks && i < ks->n; i++) {
		if (!strcmp(ks->syms[i].name, name))
			return &ks->syms[i];
		if (!variant && is_variant(ks->syms[i].name, name))
			variant = &ks->syms[i];
	}
	return variant;
}
