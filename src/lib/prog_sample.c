// SPDX-License-Identifier: GPL-2.0
/*
 * prog_sample.c - read what the programs of an object that accounts its own
 * cost (src/bpf/cost.bpf.h) counted: each program's slot number is a rodata
 * variable named after it, found through the object's BTF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "lib/prog_sample.h"

#define SLOT_VAR "pp_cost_slot__"

/* The object's .rodata map; libbpf names it after the object ("trace_bp.rodata"). */
static struct bpf_map *rodata_map(const struct bpf_object *obj)
{
	struct bpf_map *m;
	size_t len;

	bpf_object__for_each_map(m, obj) {
		len = strlen(bpf_map__name(m));
		if (bpf_map__is_internal(m) && len >= 7 &&
		    !strcmp(bpf_map__name(m) + len - 7, ".rodata"))
			return m;
	}
	return NULL;
}

int prog_sample_slot(const struct bpf_object *obj, const char *prog_name)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map = rodata_map(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	char want[128];
	const char *data;
	size_t size;
	int id;

	if (!btf || !map ||
	    snprintf(want, sizeof(want), SLOT_VAR "%s", prog_name) >= (int)sizeof(want))
		return -1;
	data = bpf_map__initial_value(map, &size);
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (!data || id < 0)
		return -1;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		__u32 slot;

		if (strcmp(btf__name_by_offset(btf, var->name_off), want))
			continue;
		if (vs->size != sizeof(slot) || vs->offset + sizeof(slot) > size)
			return -1;
		memcpy(&slot, data + vs->offset, sizeof(slot));
		return slot < PP_COST_SLOTS ? (int)slot : -1;
	}
	return -1;
}

int prog_sample_read(int map_fd, int slot, struct pp_cost_slot *sum)
{
	int ncpus = libbpf_num_possible_cpus();
	struct pp_cost_slot *v;
	__u32 key = slot;
	int ret = 0;

	memset(sum, 0, sizeof(*sum));
	if (ncpus < 0)
		return ncpus;
	/* struct pp_cost_slot is 8-byte aligned: the kernel's per-CPU stride. */
	v = calloc(ncpus, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &key, v))
		ret = -errno;
	for (int cpu = 0; !ret && cpu < ncpus; cpu++) {
		sum->runs += v[cpu].runs;
		sum->sampled += v[cpu].sampled;
		sum->ns += v[cpu].ns;
	}
	free(v);
	return ret;
}
