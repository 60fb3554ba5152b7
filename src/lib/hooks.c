// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "hooks.h"
#include "log.h"
#include "runtime.h"

static const char *const mech_names[HOOK_MECH_MAX] = {
	[HOOK_TP_BTF] = "tp_btf",   [HOOK_RAW_TP] = "raw_tp", [HOOK_TRACEPOINT] = "tracepoint",
	[HOOK_FENTRY] = "fentry",   [HOOK_FEXIT] = "fexit",   [HOOK_KPROBE] = "kprobe",
	[HOOK_KRETPROBE] = "kretprobe",
};

const char *hooks_mech_name(enum hook_mech m)
{
	return m < HOOK_MECH_MAX ? mech_names[m] : "?";
}

int hooks_mech_parse(const char *name)
{
	for (int i = 0; i < HOOK_MECH_MAX; i++)
		if (!strcmp(name, mech_names[i]))
			return i;
	return -1;
}

static struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf();
	}
	return btf;
}

/* A tracepoint has a typed prototype `btf_trace_<name>` in the kernel's BTF. */
static bool tp_in_btf(const char *name)
{
	struct btf *btf = vmlinux_btf();
	char type[128];

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	return btf && btf__find_by_name_kind(btf, type, BTF_KIND_TYPEDEF) > 0;
}

static bool tp_in_tracefs(const struct hook_point *h)
{
	const char *tracefs = runtime_tracefs();
	char path[256];

	if (!tracefs)
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s", tracefs, h->category, h->name);
	return !access(path, F_OK);
}

bool hooks_available(const struct hook_point *h, enum hook_mech m, char *reason, size_t len)
{
	bool ok = false;

	reason[0] = 0;
	if (h->category) {
		switch (m) {
		case HOOK_TP_BTF:
		case HOOK_RAW_TP:
			ok = tp_in_btf(h->name);
			if (!ok)
				snprintf(reason, len, "tracepoint %s is not in this kernel", h->name);
			break;
		case HOOK_TRACEPOINT:
			ok = tp_in_tracefs(h);
			if (!ok)
				snprintf(reason, len, "tracepoint %s/%s is not in tracefs", h->category,
					 h->name);
			break;
		default:
			snprintf(reason, len, "%s is a tracepoint", h->name);
		}
		return ok;
	}
	snprintf(reason, len, "function hooks are not supported yet");
	return false;
}

int hooks_select(struct bpf_object *obj, const struct hook_progs *hp, size_t n,
		 const char *forced, struct hook_choice *choices)
{
	int force = forced ? hooks_mech_parse(forced) : -1;

	if (forced && force < 0) {
		pp_err("--attach %s: unknown mechanism (tp_btf, raw_tp, tracepoint, fentry, "
		       "kprobe)",
		       forced);
		return PP_EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++) {
		struct hook_choice *c = &choices[i];

		c->mech = -1;
		c->reason[0] = 0;
		for (int m = 0; m < HOOK_MECH_MAX; m++) {
			char why[160];

			if (!hp[i].prog[m] || (force >= 0 && m != force))
				continue;
			if (c->mech < 0 && hooks_available(hp[i].hook, m, why, sizeof(why)))
				c->mech = m;
			else if (c->mech < 0 && !c->reason[0])
				snprintf(c->reason, sizeof(c->reason), "%s", why);
		}
		if (c->mech < 0 && !c->reason[0])
			snprintf(c->reason, sizeof(c->reason), "no %s program for this hook",
				 forced ? forced : "usable");
		for (int m = 0; m < HOOK_MECH_MAX; m++) {
			struct bpf_program *p;

			if (!hp[i].prog[m])
				continue;
			p = bpf_object__find_program_by_name(obj, hp[i].prog[m]);
			if (!p) {
				pp_err("internal: program %s missing from %s", hp[i].prog[m],
				       bpf_object__name(obj));
				return PP_EXIT_FAIL;
			}
			bpf_program__set_autoload(p, m == c->mech);
		}
		if (c->mech >= 0) {
			pp_info("hook %s: %s", hp[i].hook->name, hooks_mech_name(c->mech));
		} else if (hp[i].required) {
			pp_err("cannot attach to %s: %s", hp[i].hook->name, c->reason);
			return PP_EXIT_ENV;
		} else {
			pp_note("skipping %s (%s): %s", hp[i].hook->name, hp[i].hook->what, c->reason);
		}
	}
	return 0;
}
