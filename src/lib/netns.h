/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netns.h - network namespaces as pktpath meets them: BPF reports a device
 * as (namespace inode, ifindex); people name namespaces as `ip netns` does.
 */
#ifndef PP_NETNS_H
#define PP_NETNS_H

#include <stddef.h>
#include <stdint.h>

#include "pktpath.h"

struct netns_entry {
	uint32_t inode;
	char name[64];  /* "ip netns" name, "host" for pktpath's own, or "pid:N" */
	char path[96];  /* to open for setns() */
};

/* Every namespace reachable: pktpath's own, /run/netns, and those of
 * running processes. Returns the count (>= 1) or -errno; free *out. */
int netns_list(struct netns_entry **out);

/* pktpath's own namespace. */
uint32_t netns_self(void);

/* A printable name for a namespace inode (cached list, refreshed on a
 * miss); "ns:INODE" for one nobody names, looked up again at most every
 * NETNS_UNNAMED_RETRY_S. */
#define NETNS_UNNAMED_RETRY_S 1.0
const char *netns_name(uint32_t inode);

/* Forget netns_name()'s cached list: names are read afresh (SIGHUP). */
void netns_names_forget(void);

/* --netns NAME|PATH to an inode. Returns 0, or -1 after a one-line error. */
int netns_resolve(const char *spec, uint32_t *inode);

/*
 * Run fn inside the namespace, in a child process. With `with_sysfs` the
 * child also mounts a sysfs of that namespace on /sys (in a private mount
 * namespace), so /sys/class/net shows its devices. fn writes at most len
 * bytes of answer into buf; returns their count, or -1 on failure.
 */
int netns_run(uint32_t inode, int with_sysfs, int (*fn)(void *arg, char *buf, size_t len),
	      void *arg, char *buf, size_t len);

/*
 * The same for text answers: fn runs here when inode is pktpath's own
 * namespace (no fork), else as netns_run(with_sysfs). Returns a
 * NUL-terminated malloc'd answer (free it), or NULL on failure or when fn
 * answered nothing.
 */
char *netns_run_text(uint32_t inode, int with_sysfs,
		     int (*fn)(void *arg, char *buf, size_t len), void *arg);

/* Devices matching NAME or an ifindex, in every namespace. Returns how
 * many were found (up to max stored in out). */
int netdev_find(const char *spec, struct pp_dev_id *out, int max);

#endif
