// SPDX-License-Identifier: GPL-2.0
/*
 * hooks.c - the attach engine: per hook, which mechanism works on this
 * kernel (probe), which program of the mode to load (select), and attaching
 * it (attach). Kernel-wide answers come from feature.c; per hook, whether
 * the tracepoint or function exists (BTF, tracefs, /proc/kallsyms).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "feature.h"
#include "hooks.h"
#include "kbtf.h"
#include "ksyms.h"
#include "prog_stats.h"
#include "log.h"
#include "runtime.h"

static const char *const mech_names[HOOK_MECH_MAX] = {
	[HOOK_TP_BTF] = "tp_btf",   [HOOK_RAW_TP] = "raw_tp", [HOOK_TRACEPOINT] = "tracepoint",
	[HOOK_FENTRY] = "fentry",   [HOOK_FEXIT] = "fexit",   [HOOK_KPROBE] = "kprobe",
	[HOOK_KRETPROBE] = "kretprobe",
};

const int *hooks_order(const struct hook_point *h, size_t *n)
{
	static const int tp_order[] = { HOOK_TP_BTF, HOOK_RAW_TP, HOOK_TRACEPOINT };
	static const int fn_order[] = { HOOK_FENTRY, HOOK_KPROBE };

	*n = hooks_is_function(h) ? 2 : 3;
	return hooks_is_function(h) ? fn_order : tp_order;
}

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

bool hooks_mech_is_multi(const char *name)
{
	return !strcmp(name, "kprobe.multi") || !strcmp(name, "kretprobe.multi");
}

static int family(int m)
{
	return m == HOOK_FEXIT ? HOOK_FENTRY : m == HOOK_KRETPROBE ? HOOK_KPROBE : m;
}

static bool mech_is_function(int m)
{
	return m >= HOOK_FENTRY;
}

static enum pp_feature mech_feature(int fam)
{
	switch (fam) {
	case HOOK_TP_BTF:
		return PP_FEAT_TP_BTF;
	case HOOK_RAW_TP:
		return PP_FEAT_RAW_TP;
	case HOOK_TRACEPOINT:
		return PP_FEAT_TRACEPOINT;
	case HOOK_FENTRY:
		return PP_FEAT_FENTRY;
	default:
		return PP_FEAT_KPROBE;
	}
}

/* /proc/kallsyms, once. NULL when unreadable (kprobes then attach by the
 * plain name and the kernel resolves it). */
static const struct ksyms *kallsyms(void)
{
	static struct ksyms *ks;
	static bool tried;

	if (!tried) {
		tried = true;
		ks = ksyms__load();
		if (!ks)
			pp_debug("/proc/kallsyms: %s; kprobes attach by plain name",
				 strerror(errno));
	}
	return ks;
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

static bool check_tracepoint(const struct hook_point *h, int fam, struct hook_choice *c)
{
	bool found;

	if (fam == HOOK_TRACEPOINT || !kbtf_vmlinux())
		found = tp_in_tracefs(h);
	else
		found = kbtf_has_tracepoint(h->name);
	if (!found)
		snprintf(c->reason, sizeof(c->reason), "tracepoint %s/%s is not in this kernel",
			 h->category, h->name);
	return found;
}

static bool check_function(const struct hook_point *h, int fam, struct hook_choice *c)
{
	const struct ksyms *ks;
	const struct ksym *sym;

	ks = kallsyms();
	sym = ksyms__find_function(ks, h->name);
	if (fam == HOOK_FENTRY) {
		if (!kbtf_has_func(h->name, NULL)) {
			snprintf(c->reason, sizeof(c->reason),
				 "function %s is not in this kernel's BTF", h->name);
			return false;
		}
		/* The kernel looks the target up by its exact name: a BTF entry
		 * for a function the compiler only left as a clone will not do. */
		if (ks && (!sym || strcmp(sym->name, h->name))) {
			snprintf(c->reason, sizeof(c->reason),
				 "function %s is in BTF but not in /proc/kallsyms%s%s", h->name,
				 sym ? ", only its clone " : "", sym ? sym->name : "");
			return false;
		}
		return true;
	}
	if (!ks) {
		snprintf(c->target, sizeof(c->target), "%s", h->name);
		return true;
	}
	if (!sym) {
		snprintf(c->reason, sizeof(c->reason),
			 "function %s is not in /proc/kallsyms (inlined or renamed?)", h->name);
		return false;
	}
	snprintf(c->target, sizeof(c->target), "%s", sym->name);
	return true;
}

void hooks_function_lookup(const struct hook_point *h, bool *in_btf, const char **module,
			   char *symbol, size_t len)
{
	const struct ksym *sym = ksyms__find_function(kallsyms(), h->name);

	*in_btf = kbtf_has_func(h->name, module);
	snprintf(symbol, len, "%s", sym ? sym->name : "");
}

bool hooks_check(const struct hook_point *h, enum hook_mech m, struct hook_choice *c)
{
	const struct pp_feature_result *f;
	int fam = family(m);

	c->target[0] = c->reason[0] = 0;
	if (hooks_is_function(h) != mech_is_function(fam)) {
		snprintf(c->reason, sizeof(c->reason), "%s is a %s, %s cannot attach to it",
			 h->name, hooks_is_function(h) ? "kernel function" : "tracepoint",
			 mech_names[m]);
		return false;
	}
	f = feature_probe(mech_feature(fam));
	if (!f->ok) {
		snprintf(c->reason, sizeof(c->reason), "%s", f->detail);
		return false;
	}
	return hooks_is_function(h) ? check_function(h, fam, c) : check_tracepoint(h, fam, c);
}

bool hooks_available(const struct hook_point *h, enum hook_mech m, char *reason, size_t len)
{
	struct hook_choice c;
	bool ok = hooks_check(h, m, &c);

	snprintf(reason, len, "%s", c.reason);
	return ok;
}

/* Append one mechanism's reason to a hook's: "a; b". */
static void add_reason(struct hook_choice *c, const char *why)
{
	size_t len = strlen(c->reason);

	if (!strstr(c->reason, why))
		snprintf(c->reason + len, sizeof(c->reason) - len, "%s%s", len ? "; " : "", why);
}

static bool offers(const struct hook_progs *hp, int fam)
{
	for (int m = 0; m < HOOK_MECH_MAX; m++)
		if (hp->prog[m] && family(m) == fam)
			return true;
	return false;
}

const char *hooks_choice_name(const struct hook_progs *hp, const struct hook_choice *c)
{
	bool entry, exit;

	if (c->mech < 0)
		return "none";
	if (c->mech == HOOK_FENTRY || c->mech == HOOK_KPROBE) {
		bool fentry = c->mech == HOOK_FENTRY;

		entry = hp->prog[fentry ? HOOK_FENTRY : HOOK_KPROBE];
		exit = hp->prog[fentry ? HOOK_FEXIT : HOOK_KRETPROBE];
		if (entry && exit)
			return fentry ? "fentry+fexit" : "kprobe+kretprobe";
		if (exit)
			return fentry ? "fexit" : "kretprobe";
	}
	return mech_names[c->mech];
}

/*
 * The first mechanism in order of preference that works for h, among those
 * hp has programs for (hp NULL: any) and, when force >= 0, the forced one
 * for hooks of its kind (--attach binds the hooks of its own kind only).
 */
static bool pick(const struct hook_point *h, const struct hook_progs *hp, int force,
		 struct hook_choice *c)
{
	bool fn = hooks_is_function(h);
	size_t n;
	const int *order = hooks_order(h, &n);

	c->mech = -1;
	c->target[0] = c->reason[0] = 0;
	for (size_t k = 0; k < n; k++) {
		struct hook_choice t;

		if (force >= 0 && mech_is_function(force) == fn && order[k] != family(force))
			continue;
		if (hp && !offers(hp, order[k]))
			continue;
		if (hooks_check(h, order[k], &t)) {
			*c = t;
			c->mech = order[k];
			return true;
		}
		add_reason(c, t.reason);
	}
	return false;
}

bool hooks_best(const struct hook_point *h, struct hook_choice *c)
{
	return pick(h, NULL, -1, c);
}

static struct bpf_program *find_prog(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	if (!p)
		pp_err("internal: program %s missing from %s", name, bpf_object__name(obj));
	return p;
}

/* fentry/fexit programs attach where the hook point says, not where their
 * SEC() does: one program can serve any function of the same type. */
static int set_targets(struct bpf_object *obj, const struct hook_progs *hp,
		       struct hook_choice *c)
{
	int err;

	for (int m = HOOK_FENTRY; m <= HOOK_FEXIT; m++) {
		struct bpf_program *p;

		if (!hp->prog[m])
			continue;
		p = find_prog(obj, hp->prog[m]);
		if (!p)
			return PP_EXIT_FAIL;
		err = bpf_program__set_attach_target(p, 0, hp->hook->name);
		if (err) {
			c->mech = -1;
			snprintf(c->reason, sizeof(c->reason),
				 "libbpf cannot find %s in the kernel's BTF: %s", hp->hook->name,
				 strerror(-err));
			return 0;
		}
	}
	return 0;
}

static void report_choice(const struct hook_progs *hp, const struct hook_choice *c)
{
	const struct hook_point *h = hp->hook;

	if (c->mech >= 0 && c->target[0] && strcmp(c->target, h->name))
		pp_info("hook %s: %s at %s", h->name, hooks_choice_name(hp, c), c->target);
	else if (c->mech >= 0)
		pp_info("hook %s: %s", h->name, hooks_choice_name(hp, c));
	else if (!hp->required)
		pp_note("without %s: %s (%s)", h->name, hp->lost ? hp->lost : h->what, c->reason);
}

int hooks_select(struct bpf_object *obj, const struct hook_progs *hp, size_t n,
		 const char *forced, struct hook_choice *choices)
{
	int force = forced ? hooks_mech_parse(forced) : -1;

	if (forced && hooks_mech_is_multi(forced)) {
		for (size_t i = 0; i < n; i++) {
			if (hooks_is_function(hp[i].hook)) {
				pp_err("--attach %s: only function stages (--stage) attach by it",
				       forced);
				return PP_EXIT_USAGE;
			}
		}
		forced = NULL;
	}
	if (forced && force < 0) {
		pp_err("--attach %s: unknown mechanism (tp_btf, raw_tp, tracepoint, fentry, fexit, "
		       "kprobe, kretprobe, kprobe.multi)",
		       forced);
		return PP_EXIT_USAGE;
	}
	if (force >= 0) {
		const struct pp_feature_result *f = feature_probe(mech_feature(family(force)));
		bool any = false;

		for (size_t i = 0; i < n; i++)
			any |= hooks_is_function(hp[i].hook) == mech_is_function(force);
		if (!any) {
			pp_err("--attach %s: this command has no %s hook", forced,
			       mech_is_function(force) ? "kernel function" : "tracepoint");
			return PP_EXIT_USAGE;
		}
		if (!f->ok) {
			pp_err("cannot attach with %s: %s", forced, f->detail);
			return PP_EXIT_ENV;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct hook_choice *c = &choices[i];
		int ret;

		if (!pick(hp[i].hook, &hp[i], force, c) && !c->reason[0])
			snprintf(c->reason, sizeof(c->reason), "no %s program for this hook",
				 force >= 0 && mech_is_function(force) == hooks_is_function(hp[i].hook)
					 ? forced
					 : "usable");
		if (c->mech == HOOK_FENTRY) {
			ret = set_targets(obj, &hp[i], c);
			if (ret)
				return ret;
		}
		for (int m = 0; m < HOOK_MECH_MAX; m++) {
			struct bpf_program *p;

			if (!hp[i].prog[m])
				continue;
			p = find_prog(obj, hp[i].prog[m]);
			if (!p)
				return PP_EXIT_FAIL;
			bpf_program__set_autoload(p, c->mech >= 0 && family(m) == c->mech);
		}
		if (c->mech < 0 && hp[i].required) {
			pp_err("cannot attach to %s: %s", hp[i].hook->name, c->reason);
			return PP_EXIT_ENV;
		}
		report_choice(&hp[i], c);
	}
	return 0;
}

/* The skeleton's link slot of a program, so the skeleton owns the link. */
static struct bpf_link **link_slot(struct bpf_object_skeleton *s, const struct bpf_program *p)
{
	for (int i = 0; i < s->prog_cnt; i++)
		if (*s->progs[i].prog == p)
			return s->progs[i].link;
	return NULL;
}

static bool listed(const struct hook_progs *hp, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < HOOK_MECH_MAX; m++)
			if (hp[i].prog[m] && !strcmp(hp[i].prog[m], name))
				return true;
	return false;
}

static struct bpf_link *attach_one(struct bpf_program *p, int m, const struct hook_choice *c)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = m == HOOK_KRETPROBE);

	if (m == HOOK_KPROBE || m == HOOK_KRETPROBE)
		return bpf_program__attach_kprobe_opts(p, c->target, &opts);
	return bpf_program__attach(p);
}

/* Attach every program of one hook's chosen family; all or none. */
static int attach_hook(struct bpf_object_skeleton *s, const struct hook_progs *hp,
		       const struct hook_choice *c, int *failed)
{
	struct bpf_link **done[HOOK_MECH_MAX] = { 0 };
	int err = 0;

	for (int m = 0; m < HOOK_MECH_MAX && !err; m++) {
		struct bpf_program *p;
		struct bpf_link **slot;
		struct bpf_link *link;

		if (!hp->prog[m] || family(m) != c->mech)
			continue;
		p = find_prog(*s->obj, hp->prog[m]);
		slot = p ? link_slot(s, p) : NULL;
		if (!slot)
			return -ENOENT;
		link = attach_one(p, m, c);
		if (!link) {
			err = errno ? -errno : -EINVAL;
			*failed = m;
			break;
		}
		*slot = link;
		done[m] = slot;
	}
	for (int m = 0; err && m < HOOK_MECH_MAX; m++) {
		if (done[m]) {
			bpf_link__destroy(*done[m]);
			*done[m] = NULL;
		}
	}
	return err;
}

/* A SEC("?kprobe.multi") program names no function: its mode attaches it. */
static bool mode_attaches(const struct bpf_program *p)
{
	const char *sec = bpf_program__section_name(p);

	return hooks_mech_is_multi(sec[0] == '?' ? sec + 1 : sec);
}

/* With -v: each attached program and its id, to find it in `bpftool prog`. */
static void report_attached(const struct bpf_object_skeleton *s)
{
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *p = *s->progs[i].prog;
		uint32_t id = *s->progs[i].link ? prog_id(bpf_program__fd(p)) : 0;

		if (id)
			pp_info("attached %s (program id %u)", bpf_program__name(p), id);
	}
}

int hooks_load_attach(struct bpf_object_skeleton *s, const struct hook_progs *hp, size_t n,
		      struct hook_choice *choices)
{
	int err = bpf_object__load_skeleton(s);

	if (err)
		return runtime_bpf_error("loading", s->name, err);
	return hooks_attach(s, hp, n, choices);
}

int hooks_attach(struct bpf_object_skeleton *s, const struct hook_progs *hp, size_t n,
		 struct hook_choice *choices)
{
	for (size_t i = 0; i < n; i++) {
		struct hook_choice *c = &choices[i];
		const struct hook_point *h = hp[i].hook;
		int err, failed = c->mech;

		if (c->mech < 0)
			continue;
		err = attach_hook(s, &hp[i], c, &failed);
		if (!err)
			continue;
		if (hp[i].required)
			return runtime_bpf_error("attaching to", h->name, err);
		snprintf(c->reason, sizeof(c->reason), "attaching %s to %s failed: %s",
			 mech_names[failed], c->target[0] ? c->target : h->name, strerror(-err));
		c->mech = -1;
		report_choice(&hp[i], c);
	}
	/* The skeleton's other programs: as their SEC() says. */
	for (int i = 0; i < s->prog_cnt; i++) {
		struct bpf_program *p = *s->progs[i].prog;
		struct bpf_link *link;

		if (!bpf_program__autoload(p) || *s->progs[i].link ||
		    listed(hp, n, bpf_program__name(p)) ||
		    mode_attaches(p))
			continue;
		link = bpf_program__attach(p);
		if (!link)
			return runtime_bpf_error("attaching", bpf_program__name(p), -errno);
		*s->progs[i].link = link;
	}
	report_attached(s);
	return 0;
}
