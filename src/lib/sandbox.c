// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sandbox.h"
#include "spawn.h"

#define PREFIX "pktpath-demo-"

int sandbox_enter(const char *ns)
{
	char path[128];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	err = setns(fd, CLONE_NEWNET);
	close(fd);
	return err;
}

void sandbox_reap_stale(void)
{
	DIR *d = opendir("/run/netns");
	struct dirent *de;

	while (d && (de = readdir(d))) {
		int pid;

		if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) ||
		    sscanf(de->d_name + strlen(PREFIX), "%d", &pid) != 1)
			continue;
		if (kill(pid, 0) && errno == ESRCH)
			spawn_run(0, "ip", "netns", "del", de->d_name, NULL);
	}
	if (d)
		closedir(d);
}

/* Each step in order; the first failure names the command. */
static int steps(struct sandbox *sb)
{
	char q[16];
	const char *a = sb->ns_a, *b = sb->ns_b;

	snprintf(q, sizeof(q), "%u", sb->queues);
	struct {
		const char *argv[24];
	} cmds[] = {
		{ { "ip", "netns", "add", a } },
		{ { "ip", "netns", "add", b } },
		{ { "ip", "link", "add", sb->dev_a, "netns", a, "numtxqueues", q, "numrxqueues", q,
		    "type", "veth", "peer", sb->dev_b, "netns", b, "numtxqueues", q, "numrxqueues",
		    q } },
		/* No IPv6 link-local addresses: no router solicitations or DAD
		 * in the demo's numbers. */
		{ { "ip", "-n", a, "link", "set", sb->dev_a, "addrgenmode", "none" } },
		{ { "ip", "-n", b, "link", "set", sb->dev_b, "addrgenmode", "none" } },
		{ { "ip", "-n", a, "addr", "add", "192.0.2.1/24", "dev", sb->dev_a } },
		{ { "ip", "-n", b, "addr", "add", "192.0.2.2/24", "dev", sb->dev_b } },
		/* One child qdisc per TX queue: `tc -s qdisc` then counts per queue. */
		{ { "tc", "-n", a, "qdisc", "replace", "dev", sb->dev_a, "root", "handle", "1:",
		    "mq" } },
		{ { "ip", "-n", a, "link", "set", sb->dev_a, "up" } },
		{ { "ip", "-n", b, "link", "set", sb->dev_b, "up" } },
		{ { "ip", "-n", a, "link", "set", "lo", "up" } },
		{ { "ip", "-n", b, "link", "set", "lo", "up" } },
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *const *v = cmds[i].argv;
		char line[256] = "";
		size_t off = 0;
		int rc;

		rc = spawn_argv(0, v);
		if (rc == 0)
			continue;
		for (int k = 0; v[k] && off < sizeof(line); k++)
			off += snprintf(line + off, sizeof(line) - off, "%s%s", k ? " " : "", v[k]);
		pp_err("sandbox: `%s` failed%s", line,
		       rc < 0 ? " (is iproute2 installed?)" : "");
		return -1;
	}
	return 0;
}

int sandbox_create(struct sandbox *sb, unsigned int queues)
{
	memset(sb, 0, sizeof(*sb));
	sandbox_reap_stale();
	snprintf(sb->ns_a, sizeof(sb->ns_a), PREFIX "%d-a", (int)getpid());
	snprintf(sb->ns_b, sizeof(sb->ns_b), PREFIX "%d-b", (int)getpid());
	snprintf(sb->dev_a, sizeof(sb->dev_a), "veth-a");
	snprintf(sb->dev_b, sizeof(sb->dev_b), "veth-b");
	sb->addr_a = "192.0.2.1";
	sb->addr_b = "192.0.2.2";
	sb->queues = queues;
	sb->created = true;
	if (steps(sb)) {
		sandbox_destroy(sb);
		return -1;
	}
	return 0;
}

void sandbox_destroy(struct sandbox *sb)
{
	if (!sb->created)
		return;
	/* Deleting a namespace deletes the veth end in it, and its peer. */
	spawn_run(0, "ip", "netns", "del", sb->ns_a, NULL);
	spawn_run(0, "ip", "netns", "del", sb->ns_b, NULL);
	sb->created = false;
}
