// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bpf/btf.h>

#include "pktpath.h"
#include "drop_reasons.h"
#include "vec.h"

#define REASON_PREFIX "SKB_DROP_REASON_"
#define SUBSYS_PREFIX "SKB_DROP_REASON_SUBSYS_"
#define SUBSYS_SHIFT 16

struct named {
	uint64_t value;
	char *name; /* prefix removed */
};

struct drop_reasons {
	struct named *reasons, *subsys;
	size_t n_reasons, cap_reasons, n_subsys, cap_subsys;
};

static const char *strip(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) ? name : name + n;
}

/* Every enumerator of the enum `type_name` into *list, prefix removed. */
static int read_enum(const struct btf *btf, const char *type_name, const char *prefix,
		     struct named **list, size_t *n, size_t *cap)
{
	int id = btf__find_by_name_kind(btf, type_name, BTF_KIND_ENUM);
	const struct btf_type *t;

	if (id < 0)
		id = btf__find_by_name_kind(btf, type_name, BTF_KIND_ENUM64);
	if (id < 0)
		return 0; /* a kernel without it */
	t = btf__type_by_id(btf, id);
	for (int i = 0; i < btf_vlen(t); i++) {
		struct named *e;
		const char *name;
		uint64_t value;

		if (btf_is_enum(t)) {
			name = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
			value = (uint32_t)btf_enum(t)[i].val;
		} else {
			name = btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
			value = btf_enum64_value(&btf_enum64(t)[i]);
		}
		if (!name)
			continue;
		e = vec_push(list, n, cap, sizeof(*e));
		if (!e)
			return -ENOMEM;
		e->value = value;
		e->name = strdup(strip(name, prefix));
		if (!e->name)
			return -ENOMEM;
	}
	return 0;
}

struct drop_reasons *drop_reasons__load(void)
{
	struct drop_reasons *dr = calloc(1, sizeof(*dr));
	struct btf *btf = btf__load_vmlinux_btf();
	int err = 0;

	if (!dr || !btf) {
		err = btf ? ENOMEM : errno;
		goto fail;
	}
	err = -read_enum(btf, "skb_drop_reason", REASON_PREFIX, &dr->reasons, &dr->n_reasons,
			 &dr->cap_reasons);
	if (!err)
		err = -read_enum(btf, "skb_drop_reason_subsys", SUBSYS_PREFIX, &dr->subsys,
				 &dr->n_subsys, &dr->cap_subsys);
	if (err)
		goto fail;
	btf__free(btf);
	return dr;
fail:
	btf__free(btf);
	drop_reasons__free(dr);
	errno = err;
	return NULL;
}

void drop_reasons__free(struct drop_reasons *dr)
{
	if (!dr)
		return;
	for (size_t i = 0; i < dr->n_reasons; i++)
		free(dr->reasons[i].name);
	for (size_t i = 0; i < dr->n_subsys; i++)
		free(dr->subsys[i].name);
	free(dr->reasons);
	free(dr->subsys);
	free(dr);
}

bool drop_reasons__any(const struct drop_reasons *dr)
{
	return dr && dr->n_reasons;
}

static const char *lookup(const struct named *list, size_t n, uint64_t value)
{
	/* The enum also holds SKB_DROP_REASON_MAX and the subsystem mask;
	 * the first name for a value is the real reason. */
	for (size_t i = 0; i < n; i++)
		if (list[i].value == value)
			return list[i].name;
	return NULL;
}

const char *drop_reasons__name(const struct drop_reasons *dr, uint32_t code, char *buf,
			       size_t len)
{
	const char *name;

	if (code == PP_DROP_NO_REASON)
		return NULL;
	name = dr ? lookup(dr->reasons, dr->n_reasons, code) : NULL;
	if (name && code >> SUBSYS_SHIFT == 0)
		return name;
	if (code >> SUBSYS_SHIFT) {
		name = dr ? lookup(dr->subsys, dr->n_subsys, code >> SUBSYS_SHIFT) : NULL;
		if (name)
			snprintf(buf, len, "%s/%u", name, code & ((1U << SUBSYS_SHIFT) - 1));
		else
			snprintf(buf, len, "subsystem %u/%u", code >> SUBSYS_SHIFT,
				 code & ((1U << SUBSYS_SHIFT) - 1));
		return buf;
	}
	snprintf(buf, len, "reason %u", code);
	return buf;
}

const char *drop_reasons__text(const struct drop_reasons *dr, uint32_t code, char *buf,
			       size_t len)
{
	const char *name = drop_reasons__name(dr, code, buf, len);

	return name ? name : "drop";
}

int64_t drop_reasons__value(const struct drop_reasons *dr, const char *name)
{
	size_t n = strlen(REASON_PREFIX);
	const char *bare = strncasecmp(name, REASON_PREFIX, n) ? name : name + n;

	for (size_t i = 0; dr && i < dr->n_reasons; i++)
		if (!strcasecmp(dr->reasons[i].name, bare))
			return dr->reasons[i].value;
	return -1;
}
