// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - devices by (namespace, ifindex) as the programs recorded
 * them, namespace names for text and JSON, and one-number kernel files.
 * The rule for an unavailable name is in names.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "lib/json.h"
#include "lib/names.h"
#include "lib/netns.h"
#include "lib/vec.h"

char *names_dev_unnamed(uint32_t ifindex, char *buf, size_t len)
{
	snprintf(buf, len, "if%u", ifindex);
	return buf;
}

void *dev_names_find(struct dev_names *c, size_t entry_size, const struct pp_dev_id *id, bool add)
{
	struct dev_name *d;

	for (size_t i = 0; i < c->n; i++) {
		d = (struct dev_name *)((char *)c->entries + i * entry_size);
		if (names_dev_equal(&d->id, id))
			return d;
	}
	if (!add)
		return NULL;
	d = vec_push(&c->entries, &c->n, &c->cap, entry_size);
	if (!d)
		return NULL;
	d->id = *id;
	names_dev_unnamed(id->ifindex, d->info.name, sizeof(d->info.name));
	return d;
}

void *dev_names_get(struct dev_names *c, size_t entry_size, const struct bpf_map *table,
		    const struct pp_dev_id *id)
{
	struct dev_name *d = dev_names_find(c, entry_size, id, true);
	struct pp_dev_info info;

	if (d && !d->named &&
	    !bpf_map__lookup_elem(table, id, sizeof(*id), &info, sizeof(info), 0)) {
		d->info = info;
		d->info.name[sizeof(d->info.name) - 1] = 0;
		d->named = true;
	}
	return d;
}

void dev_names_free(struct dev_names *c)
{
	free(c->entries);
	memset(c, 0, sizeof(*c));
}

const char *names_netns(uint32_t inode)
{
	return inode ? netns_name(inode) : NAMES_NONE;
}

void names_dev_json(struct json_writer *w, const struct pp_dev_id *id, const char *name)
{
	json_key(w, "dev");
	if (id->ifindex)
		json_string(w, name);
	else
		json_null(w);
	json_kv_u64(w, "ifindex", id->ifindex);
	json_key(w, "netns");
	if (id->netns)
		json_string(w, netns_name(id->netns));
	else
		json_null(w);
	json_kv_u64(w, "netns_inode", id->netns);
}

int names_read_long(const char *path, long *out)
{
	FILE *f = fopen(path, "r");
	long v;
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%ld", &v) == 1;
	fclose(f);
	if (!ok)
		return -1;
	*out = v;
	return 0;
}
