/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksyms.h - kernel symbols from /proc/kallsyms: addresses to "func+0x1a"
 * for drop locations and stacks, and names to the variants the compiler
 * made of them (foo.isra.0, foo.constprop.0) for kprobes.
 */
#ifndef PP_KSYMS_H
#define PP_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym {
	uint64_t addr;
	const char *name;
	const char *module; /* NULL for vmlinux */
};

struct ksyms;

/* Load and sort /proc/kallsyms. NULL (errno set) when unreadable. With
 * kptr_restrict every address reads 0: ksyms__load() then fails with
 * EPERM, so callers can say why locations are missing. */
struct ksyms *ksyms__load(void);
void ksyms__free(struct ksyms *ks);

/* The symbol containing addr (the closest at or below it), or NULL. */
const struct ksym *ksyms__map_addr(const struct ksyms *ks, uint64_t addr);

/* "func+0x1a/0x200 [module]" or "0xffffffff81234567" when unknown. */
char *ksyms__format(const struct ksyms *ks, uint64_t addr, char *buf, size_t len);

/* A function by exact name, or else its first compiler variant
 * ("name.isra.0", "name.constprop.0", "name.part.0", "name.cold" excluded). */
const struct ksym *ksyms__find_function(const struct ksyms *ks, const char *name);

#endif
