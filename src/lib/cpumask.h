/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpumask.h - CPU masks as sysfs prints them (xps_cpus, rps_cpus): parsed
 * into bit arrays, and printed back as "0-3,5" lists.
 */
#ifndef PP_CPUMASK_H
#define PP_CPUMASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parse "00000000,0000000f" (comma-separated 32-bit hex words, most
 * significant first) into mask[nbits / 64], CPUs beyond nbits ignored.
 * Returns whether any CPU is set.
 */
bool cpumask_parse(const char *s, uint64_t *mask, unsigned int nbits);

/* "0-3,5", or "-" when no CPU is set. */
void cpumask_list(const uint64_t *mask, unsigned int nbits, char *buf, size_t len);

#endif
