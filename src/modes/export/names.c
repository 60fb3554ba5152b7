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
#include "lib/session.h"
#include "lib/vec.h"

const char *export_dev_name(struct export_names *n, const struct pp_dev_id *id,
			    const char *bpf_name)
{
	struct export_dev_name *d;

	if (!id->ifindex)
		return "none";
	for (size_t i = 0; i < n->n; i++)
		if (n->devs[i].id.netns == id->netns && n->devs[i].id.ifindex == id->ifindex)
			return n->devs[i].name;
	d = vec_push(&n->devs, &n->n, &n->cap, sizeof(*d));
	if (!d)
		return bpf_name && bpf_name[0] ? bpf_name : "unknown";
	d->id = *id;
	if (bpf_name && bpf_name[0])
		snprintf(d->name, sizeof(d->name), "%s", bpf_name);
	else
		snprintf(d->name, sizeof(d->name), "if%u", id->ifindex);
	return d->name;
}

const char *export_netns_name(struct export_names *n, uint32_t inode)
{
	struct export_ns_name *e = NULL;
	double now = session_now();

	if (!inode)
		return "none";
	for (size_t i = 0; i < n->n_ns && !e; i++)
		if (n->ns[i].inode == inode)
			e = &n->ns[i];
	if (e && (strncmp(e->name, "ns:", 3) || now - e->checked < EXPORT_UNNAMED_RETRY_S))
		return e->name;
	if (!e) {
		e = vec_push(&n->ns, &n->n_ns, &n->cap_ns, sizeof(*e));
		if (!e)
			return netns_name(inode);
		e->inode = inode;
	}
	snprintf(e->name, sizeof(e->name), "%s", netns_name(inode));
	e->checked = now;
	return e->name;
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
	n->n_ns = 0; /* named afresh as they are met */
	for (size_t i = 0; i < n->n; i++) {
		struct export_dev_name *d = &n->devs[i];
		char name[PP_IFNAMSIZ] = "";
		int len = netns_run(d->id.netns, 0, name_in_ns, &d->id.ifindex, name,
				    sizeof(name) - 1);

		if (len <= 0 || !strcmp(name, d->name))
			continue; /* gone (its series keep the old name), or the same */
		memcpy(d->name, name, sizeof(d->name));
		renamed++;
	}
	pp_info("SIGHUP: device and namespace names read again (%u renamed)", renamed);
}

void export_names_free(struct export_names *n)
{
	free(n->devs);
	free(n->ns);
	n->devs = NULL;
	n->ns = NULL;
	n->n = n->cap = n->n_ns = n->cap_ns = 0;
}
