// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "netns.h"
#include "session.h"
#include "vec.h"

static uint32_t inode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (uint32_t)st.st_ino;
}

uint32_t netns_self(void)
{
	return inode_of("/proc/self/ns/net");
}

static int add_entry(struct netns_entry **list, size_t *n, size_t *cap, uint32_t inode,
		     const char *name, const char *path)
{
	struct netns_entry *e;

	for (size_t i = 0; i < *n; i++)
		if ((*list)[i].inode == inode)
			return 0;
	e = vec_push(list, n, cap, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->inode = inode;
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->path, sizeof(e->path), "%s", path);
	return 0;
}

int netns_list(struct netns_entry **out)
{
	struct netns_entry *list = NULL;
	size_t n = 0, cap = 0;
	int err;
	struct dirent *de;
	char path[96], name[64];
	DIR *d;

	err = add_entry(&list, &n, &cap, netns_self(), "host", "/proc/self/ns/net");
	/* Named namespaces first, so they win over pid:N for the same inode. */
	d = opendir("/run/netns");
	while (!err && d && (de = readdir(d))) {
		uint32_t ino;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%.80s", de->d_name);
		ino = inode_of(path);
		if (ino)
			err = add_entry(&list, &n, &cap, ino, de->d_name, path);
	}
	if (d)
		closedir(d);
	d = opendir("/proc");
	while (!err && d && (de = readdir(d))) {
		uint32_t ino;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/ns/net", de->d_name);
		ino = inode_of(path);
		snprintf(name, sizeof(name), "pid:%.20s", de->d_name);
		if (ino)
			err = add_entry(&list, &n, &cap, ino, name, path);
	}
	if (d)
		closedir(d);
	if (err) {
		free(list);
		return err;
	}
	*out = list;
	return n;
}

/* Namespaces nobody named lately, and when: a lookup scans /proc, and a
 * storm of drops from a dying namespace must not scan it for every line. */
#define UNNAMED_RECENT 8
static struct {
	uint32_t inode;
	double time;
} unnamed[UNNAMED_RECENT];
static unsigned int unnamed_next;

/* netns_name()'s list, read again when a namespace is not in it. */
static struct netns_entry *names_cache;
static int names_n;

void netns_names_forget(void)
{
	memset(unnamed, 0, sizeof(unnamed));
	free(names_cache);
	names_cache = NULL;
	names_n = 0;
}

static bool unnamed_lately(uint32_t inode, double now)
{
	for (unsigned int i = 0; i < UNNAMED_RECENT; i++)
		if (unnamed[i].inode == inode && now - unnamed[i].time < NETNS_UNNAMED_RETRY_S)
			return true;
	return false;
}

const char *netns_name(uint32_t inode)
{
	struct netns_entry *cache = names_cache;
	int n = names_n;
	static char unknown[32];
	double now = session_now();

	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++)
			if (cache[i].inode == inode)
				return cache[i].name;
		if (pass == 0 && !unnamed_lately(inode, now)) {
			struct netns_entry *fresh;
			int m = netns_list(&fresh);

			if (m > 0) {
				free(names_cache);
				cache = names_cache = fresh;
				n = names_n = m;
			}
		}
	}
	/* Gone already (a sandbox that was removed): still say which one. */
	if (!unnamed_lately(inode, now)) {
		unnamed[unnamed_next].inode = inode;
		unnamed[unnamed_next].time = now;
		unnamed_next = (unnamed_next + 1) % UNNAMED_RECENT;
	}
	snprintf(unknown, sizeof(unknown), "ns:%u", inode);
	return unknown;
}

int netns_resolve(const char *spec, uint32_t *inode)
{
	char path[256];

	if (strchr(spec, '/'))
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", spec);
	*inode = inode_of(path);
	if (!*inode && !strcmp(spec, "host"))
		*inode = netns_self();
	if (!*inode) {
		pp_err("--netns %s: no such network namespace (%s: %s)", spec, path,
		       strerror(errno));
		return -1;
	}
	return 0;
}

static int enter(const char *path, int with_sysfs)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || setns(fd, CLONE_NEWNET))
		return -1;
	close(fd);
	if (!with_sysfs)
		return 0;
	/* sysfs shows the devices of the namespace it was mounted from. */
	if (unshare(CLONE_NEWNS) || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL))
		return -1;
	umount2("/sys", MNT_DETACH);
	return mount("sysfs", "/sys", "sysfs", 0, NULL);
}

int netns_run(uint32_t inode, int with_sysfs, int (*fn)(void *arg, char *buf, size_t len),
	      void *arg, char *buf, size_t len)
{
	struct netns_entry *list;
	const char *path = NULL;
	int n, pfd[2], status;
	ssize_t got = 0, r;
	pid_t pid;

	n = netns_list(&list);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (list[i].inode == inode)
			path = list[i].path;
	if (!path || pipe(pfd)) {
		free(list);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int m = -1;

		close(pfd[0]);
		if (!enter(path, with_sysfs))
			m = fn(arg, buf, len);
		if (m > 0 && write(pfd[1], buf, m) != m)
			_exit(1);
		_exit(m < 0);
	}
	free(list);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return -1;
	}
	/* A signal (Ctrl-C, which ends the run with a summary that reads
	 * sysfs too) must not cut the answer short. */
	while ((size_t)got < len &&
	       ((r = read(pfd[0], buf + got, len - got)) > 0 || (r < 0 && errno == EINTR)))
		got += r > 0 ? r : 0;
	close(pfd[0]);
	while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return (int)got;
}

struct find_arg {
	const char *spec;
	unsigned int index; /* 0: spec is a name */
};

static int find_in_ns(void *arg, char *buf, size_t len)
{
	struct find_arg *a = arg;
	char name[IF_NAMESIZE];
	unsigned int idx;

	if (len < sizeof(idx))
		return -1;
	idx = a->index ? (if_indextoname(a->index, name) ? a->index : 0) :
			 if_nametoindex(a->spec);
	memcpy(buf, &idx, sizeof(idx));
	return sizeof(idx);
}

char *netns_run_text(uint32_t inode, int with_sysfs,
		     int (*fn)(void *arg, char *buf, size_t len), void *arg)
{
	size_t len = 64 * 1024;
	char *buf = malloc(len);
	int n;

	if (!buf)
		return NULL;
	if (inode == netns_self())
		n = fn(arg, buf, len - 1);
	else
		n = netns_run(inode, with_sysfs, fn, arg, buf, len - 1);
	if (n <= 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}

int netdev_find(const char *spec, struct pp_dev_id *out, int max)
{
	struct find_arg a = { .spec = spec };
	struct netns_entry *list;
	int n, found = 0;
	char *end;

	a.index = strtoul(spec, &end, 10);
	if (*end)
		a.index = 0;
	n = netns_list(&list);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		unsigned int idx = 0;

		if (list[i].inode == netns_self())
			find_in_ns(&a, (char *)&idx, sizeof(idx));
		else if (netns_run(list[i].inode, 0, find_in_ns, &a, (char *)&idx, sizeof(idx)) !=
			 sizeof(idx))
			continue;
		if (!idx)
			continue;
		if (found < max)
			out[found] = (struct pp_dev_id){ .netns = list[i].inode, .ifindex = idx };
		found++;
	}
	free(list);
	return found;
}
