/* SPDX-License-Identifier: GPL-2.0 */
/*
 * percpu_map.h - walk a per-CPU hash map from user space: each entry's key
 * with its values on every possible CPU, for the caller to sum.
 */
#ifndef PP_PERCPU_MAP_H
#define PP_PERCPU_MAP_H

#include <stddef.h>

struct bpf_map;

/*
 * Call fn once per entry with the key and an array of ncpus values, each
 * value_size rounded up to 8 bytes apart (as the kernel lays them out).
 * Entries deleted during the walk are skipped. fn returns 0 to go on, or
 * an error that ends the walk. Returns 0 or -errno.
 */
int percpu_map_each(const struct bpf_map *map, size_t key_size, size_t value_size,
		    int (*fn)(const void *key, const void *values, int ncpus, void *arg),
		    void *arg);

/*
 * The whole map appended to an array of rows (*rows, with *n used and *cap
 * allocated, vec.h), each row_size bytes: the entry's key first, then what
 * fold makes of its ncpus values (the row is zeroed before). Returns 0 or
 * -errno; the rows read before an error stay in the array.
 */
int percpu_map_rows(const struct bpf_map *map, size_t key_size, size_t value_size,
		    void (*fold)(void *row, const void *values, int ncpus), size_t row_size,
		    void *rows, size_t *n, size_t *cap);

/* Where CPU cpu's value starts in the array fn gets. */
static inline const void *percpu_value(const void *values, size_t value_size, int cpu)
{
	return (const char *)values + (size_t)cpu * ((value_size + 7) & ~(size_t)7);
}

#endif
