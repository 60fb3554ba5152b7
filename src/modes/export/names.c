// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - the names the metrics carry. A device is known to the
 * programs by (namespace, ifindex) and the name it had when they first met
 * it; a renamed device keeps its old name until SIGHUP, when every known
 * device is asked its name again from inside its namespace.
 */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "user.h"
#include "lib/log.h"
#include "lib/netns.h"

const char *export_dev_name(struct export_names *n, const struct pp_dev_id *id,
			    const char *bpf_name)
{
	struct dev_name *d;

	if (!id->ifindex)
		return NAMES_NONE_LABEL;
	d = dev_names_find(&n->devs, sizeof(*d), id, true);
	if (!d)
		return bpf_name && bpf_name[0] ? bpf_name : "unknown";
	if (!d->named && bpf_name && bpf_name[0]) {
		snprintf(d->info.name, sizeof(d->info.name), "%s", bpf_name);
		d->named = true;
	}
	return d->info.name;
}

const char *export_netns_name(uint32_t inode)
{
	return inode ? netns_name(inode) : NAMES_NONE_LABEL;
}

/* Runs inside the device's namespace (netns_run). */
static int name_in_ns(void *arg, char *buf, size_t len)
{
	char name[IF_NAMESIZE];

	if (!if_indextoname(*(const uint32_t *)arg, name) || strlen(name) >= len)
		return -1;
	memcpy(buf, name, strlen(name));
	return strlen(name);
}

void export_names_reload(struct export_names *n)
{
	unsigned int renamed = 0;

	netns_names_forget();
	for (size_t i = 0; i < n->devs.n; i++) {
		struct dev_name *d = (struct dev_name *)n->devs.entries + i;
		char name[PP_IFNAMSIZ] = "";
		int len = netns_run(d->id.netns, 0, name_in_ns, &d->id.ifindex, name,
				    sizeof(name) - 1);

		if (len <= 0 || !strcmp(name, d->info.name))
			continue; /* gone (its series keep the old name), or the same */
		memcpy(d->info.name, name, sizeof(d->info.name));
		d->named = true;
		renamed++;
	}
	pp_info("SIGHUP: device and namespace names read again (%u renamed)", renamed);
}

void export_names_free(struct export_names *n)
{
	dev_names_free(&n->devs);
}
