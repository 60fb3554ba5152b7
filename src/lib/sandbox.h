/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sandbox.h - two network namespaces joined by a multi-queue veth pair, for
 * `pktpath demo`: nothing in it can reach any other host. Names carry the
 * creating process id, so a sandbox left by a killed run is recognised and
 * removed by the next one.
 */
#ifndef PP_SANDBOX_H
#define PP_SANDBOX_H

#include <stdbool.h>

struct sandbox {
	char ns_a[48], ns_b[48];     /* namespace names */
	char dev_a[16], dev_b[16];   /* veth ends, in ns_a and ns_b */
	const char *addr_a, *addr_b; /* 192.0.2.1 and 192.0.2.2 */
	unsigned int queues;
	bool created;
};

/* Returns 0, or -1 after a one-line error (and nothing left behind). */
int sandbox_create(struct sandbox *sb, unsigned int queues);
void sandbox_destroy(struct sandbox *sb);

/* Move the calling process (a child) into a namespace. */
int sandbox_enter(const char *ns);

/* Remove sandboxes of pktpath runs that no longer exist. */
void sandbox_reap_stale(void);

#endif
