// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "kbtf.h"
#include "log.h"

#define MAX_MODULES 512

static struct btf *vmlinux;
static bool vmlinux_tried;

/* Module BTFs, split on top of vmlinux; parsed on the first function look-up
 * that vmlinux cannot answer, since most hooks are in vmlinux. */
static struct {
	char name[64];
	struct btf *btf;
} modules[MAX_MODULES];
static int n_modules = -1;

struct btf *kbtf_vmlinux(void)
{
	if (!vmlinux_tried) {
		vmlinux_tried = true;
		vmlinux = btf__load_vmlinux_btf();
		if (!vmlinux)
			pp_debug("no vmlinux BTF: %s", strerror(errno));
	}
	return vmlinux;
}

static void load_modules(void)
{
	struct btf *base = kbtf_vmlinux();
	struct dirent *de;
	DIR *d;

	n_modules = 0;
	if (!base || !(d = opendir("/sys/kernel/btf")))
		return;
	while ((de = readdir(d)) && n_modules < MAX_MODULES) {
		char path[300];
		struct btf *btf;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", de->d_name);
		btf = btf__parse_split(path, base);
		if (!btf) {
			pp_debug("module BTF %s: %s", path, strerror(errno));
			continue;
		}
		snprintf(modules[n_modules].name, sizeof(modules[0].name), "%.63s", de->d_name);
		modules[n_modules++].btf = btf;
	}
	closedir(d);
}

bool kbtf_has_func(const char *name, const char **module)
{
	struct btf *base = kbtf_vmlinux();

	if (!base)
		return false;
	if (module)
		*module = NULL;
	if (btf__find_by_name_kind(base, name, BTF_KIND_FUNC) > 0)
		return true;
	if (n_modules < 0)
		load_modules();
	for (int i = 0; i < n_modules; i++) {
		/* The search covers vmlinux too, which has no such function. */
		if (btf__find_by_name_kind(modules[i].btf, name, BTF_KIND_FUNC) > 0) {
			if (module)
				*module = modules[i].name;
			return true;
		}
	}
	return false;
}

bool kbtf_has_tracepoint(const char *name)
{
	return kbtf_tracepoint_proto(name) > 0;
}

int kbtf_tracepoint_proto(const char *name)
{
	struct btf *btf = kbtf_vmlinux();
	const struct btf_type *t;
	char type[160];
	int id;

	if (!btf)
		return 0;
	snprintf(type, sizeof(type), "btf_trace_%s", name);
	id = btf__find_by_name_kind(btf, type, BTF_KIND_TYPEDEF);
	if (id <= 0)
		return 0;
	/* typedef -> pointer -> function prototype */
	t = btf__type_by_id(btf, id);
	t = t ? btf__type_by_id(btf, t->type) : NULL;
	if (!t || !btf_is_ptr(t))
		return 0;
	id = t->type;
	t = btf__type_by_id(btf, id);
	return t && btf_is_func_proto(t) ? id : 0;
}

int kbtf_find_func(const char *name, struct btf **btf, const char **module)
{
	struct btf *base = kbtf_vmlinux();
	int id;

	*module = NULL;
	*btf = base;
	if (!base)
		return -1;
	id = btf__find_by_name_kind(base, name, BTF_KIND_FUNC);
	if (id > 0)
		return id;
	if (n_modules < 0)
		load_modules();
	for (int i = 0; i < n_modules; i++) {
		id = btf__find_by_name_kind(modules[i].btf, name, BTF_KIND_FUNC);
		if (id > 0) {
			*btf = modules[i].btf;
			*module = modules[i].name;
			return id;
		}
	}
	return -1;
}

int kbtf_for_each_func(int (*fn)(struct btf *btf, int id, const char *module, void *ctx),
		       void *ctx)
{
	struct btf *base = kbtf_vmlinux();
	int ret;

	if (!base)
		return 0;
	if (n_modules < 0)
		load_modules();
	for (int m = -1; m < n_modules; m++) {
		struct btf *btf = m < 0 ? base : modules[m].btf;
		/* A module's split BTF numbers its own types after vmlinux's. */
		int first = m < 0 ? 1 : (int)btf__type_cnt(base);

		for (int id = first; id < (int)btf__type_cnt(btf); id++) {
			if (!btf_is_func(btf__type_by_id(btf, id)))
				continue;
			ret = fn(btf, id, m < 0 ? NULL : modules[m].name, ctx);
			if (ret)
				return ret;
		}
	}
	return 0;
}
