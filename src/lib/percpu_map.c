// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "percpu_map.h"

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
