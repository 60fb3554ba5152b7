// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "percpu_map.h"
#include "vec.h"

int percpu_map_each(const struct bpf_map *map, size_t key_size, size_t value_size,
		    int (*fn)(const void *key, const void *values, int ncpus, void *arg),
		    void *arg)
{
	int ncpus = libbpf_num_possible_cpus(), fd = bpf_map__fd(map), err = 0;
	char *key = calloc(2, key_size), *next = key + key_size;
	void *vals = ncpus > 0 ? calloc(ncpus, (value_size + 7) & ~(size_t)7) : NULL;

	if (!key || !vals) {
		err = ncpus > 0 ? -ENOMEM : ncpus;
		goto out;
	}
	for (void *prev = NULL; !err && !bpf_map_get_next_key(fd, prev, next); prev = key) {
		memcpy(key, next, key_size);
		if (bpf_map_lookup_elem(fd, key, vals))
			continue; /* deleted between the two calls */
		err = fn(key, vals, ncpus, arg);
	}
out:
	free(key);
	free(vals);
	return err;
}

struct rows_reader {
	size_t key_size, row_size;
	void (*fold)(void *row, const void *values, int ncpus);
	void *rows;
	size_t *n, *cap;
};

static int add_row(const void *key, const void *values, int ncpus, void *arg)
{
	struct rows_reader *r = arg;
	char *row = vec_push(r->rows, r->n, r->cap, r->row_size);

	if (!row)
		return -ENOMEM;
	memcpy(row, key, r->key_size);
	r->fold(row, values, ncpus);
	return 0;
}

int percpu_map_rows(const struct bpf_map *map, size_t key_size, size_t value_size,
		    void (*fold)(void *row, const void *values, int ncpus), size_t row_size,
		    void *rows, size_t *n, size_t *cap)
{
	struct rows_reader r = { key_size, row_size, fold, rows, n, cap };

	return percpu_map_each(map, key_size, value_size, add_row, &r);
}
