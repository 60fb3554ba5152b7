/* SPDX-License-Identifier: GPL-2.0 */
/*
 * names.h - the one place that names kernel things for people: devices,
 * namespaces (netns.c), symbols (ksyms.c) and drop reasons
 * (drop_reasons.c), with one rule for a name that is unavailable:
 *
 *   device       as the programs recorded it       "ifN" (asked again next time)
 *   namespace    "host", `ip netns` name, "pid:N"  "ns:INODE" (asked again after 1 s)
 *   address      "func+0x1a/0x200 [module]"        "0xADDRESS"
 *   drop reason  "NO_SOCKET"                        "reason N"
 *
 * No object at all (ifindex 0, namespace 0: the drop had no device) is
 * NAMES_NONE in text, null in JSON and NAMES_NONE_LABEL in metric labels.
 */
#ifndef PP_NAMES_H
#define PP_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pktpath.h"

struct bpf_map;
struct json_writer;

#define NAMES_NONE "-"
#define NAMES_NONE_LABEL "none"

static inline bool names_dev_equal(const struct pp_dev_id *a, const struct pp_dev_id *b)
{
	return a->netns == b->netns && a->ifindex == b->ifindex;
}

/* A device as the programs recorded it in their device table. */
struct dev_name {
	struct pp_dev_id id;
	struct pp_dev_info info; /* info.name is "ifN" while !named */
	bool named;
};

/*
 * Devices by id, each entry entry_size bytes: a struct dev_name first,
 * then what the caller keeps about the device (zeroed when added). A
 * zeroed struct dev_names is empty. Entries move when one is added: keep
 * no pointer across a call that may add.
 */
struct dev_names {
	void *entries;
	size_t n, cap;
};

/* The entry of a device; with add, appended (named "ifN") when missing.
 * NULL when missing and not added, or out of memory. */
void *dev_names_find(struct dev_names *c, size_t entry_size, const struct pp_dev_id *id, bool add);
/* The same, added when missing, with its info read from the programs'
 * device table (pp_devices) until they have recorded it: a device the
 * first program could not record is "ifN" for now, not for the whole run. */
void *dev_names_get(struct dev_names *c, size_t entry_size, const struct bpf_map *table,
		    const struct pp_dev_id *id);
void dev_names_free(struct dev_names *c);

/* A per-CPU entry's device name into the row that sums the entry over
 * CPUs: only the CPU that created the entry knows the name. */
static inline void names_dev_take(char row_name[PP_IFNAMSIZ], const char cpu_name[PP_IFNAMSIZ])
{
	if (!row_name[0] && cpu_name[0]) {
		memcpy(row_name, cpu_name, PP_IFNAMSIZ);
		row_name[PP_IFNAMSIZ - 1] = 0;
	}
}

/* "ifN" into buf (at least PP_IFNAMSIZ bytes). */
char *names_dev_unnamed(uint32_t ifindex, char *buf, size_t len);

/* A namespace's name for text: NAMES_NONE for 0, else netns_name(). */
const char *names_netns(uint32_t inode);

/* "dev", "ifindex", "netns", "netns_inode" keys: dev is null without a
 * device (ifindex 0), netns null without a namespace. */
void names_dev_json(struct json_writer *w, const struct pp_dev_id *id, const char *name);

/*
 * The number a one-value kernel file holds (/proc/sys/..., sysfs), in
 * base 10. Returns 0, or -1 when the file is unreadable or holds no number
 * (*out is then left as it was: the caller's default).
 */
int names_read_long(const char *path, long *out);

#endif
