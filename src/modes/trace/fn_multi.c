// SPDX-License-Identifier: GPL-2.0
/*
 * fn_multi.c - function stages by kprobe.multi (fn_multi.h): the choice,
 * and one link for all of them where kprobes would make one each.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "fn_multi.h"
#include "trace.skel.h"
#include "lib/feature.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/runtime.h"

int fn_multi_choose(const struct fn_stages *fs, const char *attach, bool *use)
{
	const struct pp_feature_result *km = feature_probe(PP_FEAT_KPROBE_MULTI);

	*use = false;
	if (attach && hooks_mech_is_multi(attach)) {
		if (!km->ok) {
			pp_err("cannot attach with %s: %s", attach, km->detail);
			return PP_EXIT_ENV;
		}
		if (!fs->n) {
			pp_err("--attach %s: no function stage to attach (--stage FUNC)", attach);
			return PP_EXIT_USAGE;
		}
		*use = true;
		return 0;
	}
	/* fentry costs less per call (a trampoline with the arguments; fprobe
	 * goes through ftrace's handler and builds pt_regs): where it loads it
	 * stays the choice. --attach kprobe keeps one kprobe each. */
	*use = !attach && fs->n && km->ok && !feature_probe(PP_FEAT_FENTRY)->ok;
	return 0;
}

const char *fn_stages_mechanism(void)
{
	if (feature_probe(PP_FEAT_FENTRY)->ok)
		return "fentry";
	if (feature_probe(PP_FEAT_KPROBE_MULTI)->ok)
		return "kprobe.multi";
	return feature_probe(PP_FEAT_KPROBE)->ok ? "kprobe" : NULL;
}

void fn_multi_autoload(struct trace_bpf *skel, const struct fn_stages *fs)
{
	bpf_program__set_autoload(skel->progs.tr_fnm_kprobe, true);
	bpf_program__set_autoload(skel->progs.tr_fnm_kretprobe, fs->n_ret > 0);
}

/* The symbol to attach function stage f at: a clone (.isra.0) where the
 * compiler left only that, as kprobes do; the plain name when
 * /proc/kallsyms says nothing (the kernel resolves it). */
static void fn_symbol(const struct fn_stage *f, char *sym, size_t len)
{
	const char *module;
	bool in_btf;

	hooks_function_lookup(&f->hook, &in_btf, &module, sym, len);
	if (!sym[0])
		snprintf(sym, len, "%s", f->name);
}

/*
 * kprobe.multi goes through ftrace (fprobe): one function ftrace cannot
 * trace (notrace, or left out of available_filter_functions) makes the
 * kernel refuse the whole link, where kprobes would refuse that function
 * alone. So each symbol is looked up there first; all are taken as
 * traceable when the list cannot be read.
 */
static void traceable(const struct fn_stages *fs, char syms[][FN_NAME_MAX], bool *on)
{
	const char *tracefs = runtime_tracefs();
	char path[256], line[512];
	FILE *f;

	for (unsigned int i = 0; i < fs->n; i++)
		on[i] = true;
	if (!tracefs)
		return;
	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs);
	f = fopen(path, "re");
	if (!f)
		return;
	for (unsigned int i = 0; i < fs->n; i++)
		on[i] = false;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \n")] = 0; /* "name" or "name [module]" */
		for (unsigned int i = 0; i < fs->n; i++)
			on[i] |= !strcmp(line, syms[i]);
	}
	fclose(f);
}

/* Stages ftrace cannot trace: an error for a named one, a note for the
 * others (a glob's, the default set's), which are left out. */
static int drop_untraceable(const struct fn_stages *fs, char syms[][FN_NAME_MAX], bool *on)
{
	char list[512];
	size_t off = 0;

	for (unsigned int i = 0; i < fs->n; i++) {
		if (on[i])
			continue;
		if (!fs->fn[i].optional) {
			pp_err("cannot attach kprobe.multi to %s: ftrace cannot trace %s (not in "
			       "available_filter_functions)",
			       fs->fn[i].name, syms[i]);
			return PP_EXIT_ENV;
		}
		if (off < sizeof(list))
			off += snprintf(list + off, sizeof(list) - off, "%s%s", off ? ", " : "",
					fs->fn[i].name);
	}
	if (off)
		pp_note("function stages left out: ftrace cannot trace %s (kprobe.multi needs it)",
			list);
	return 0;
}

static struct bpf_link *attach_all(struct bpf_program *p, const struct fn_stages *fs,
				   char syms_buf[][FN_NAME_MAX], const bool *on, bool ret)
{
	const char *syms[PP_STAGE_FN_SLOTS];
	__u64 cookies[PP_STAGE_FN_SLOTS];
	LIBBPF_OPTS(bpf_kprobe_multi_opts, opts, .syms = syms, .cookies = cookies, .retprobe = ret);
	size_t n = 0;

	for (unsigned int i = 0; i < fs->n; i++) {
		if (!on[i] || (ret && !fs->fn[i].ret))
			continue;
		syms[n] = syms_buf[i];
		cookies[n++] = i; /* the slot: fn.bpf.h reads its configuration there */
	}
	if (!n) /* no return among the stages left */
		return NULL;
	opts.cnt = n;
	return bpf_program__attach_kprobe_multi_opts(p, NULL, &opts);
}

int fn_multi_attach(struct trace_bpf *skel, const struct fn_stages *fs, bool *on)
{
	static char syms[PP_STAGE_FN_SLOTS][FN_NAME_MAX];
	struct bpf_link *entry, *ret = NULL;
	unsigned int n = 0, n_ret = 0;
	bool named = false;
	int err;

	for (unsigned int i = 0; i < fs->n; i++)
		fn_symbol(&fs->fn[i], syms[i], sizeof(syms[i]));
	traceable(fs, syms, on);
	err = drop_untraceable(fs, syms, on);
	if (err)
		return err;
	for (unsigned int i = 0; i < fs->n; i++) {
		named |= !fs->fn[i].optional;
		n += on[i];
		n_ret += on[i] && fs->fn[i].ret;
	}
	if (!n)
		return 0;
	entry = attach_all(skel->progs.tr_fnm_kprobe, fs, syms, on, false);
	if (entry && n_ret)
		ret = attach_all(skel->progs.tr_fnm_kretprobe, fs, syms, on, true);
	if (!entry || (n_ret && !ret)) {
		err = errno ? -errno : -EINVAL;
		bpf_link__destroy(entry);
		if (named)
			return runtime_bpf_error("attaching kprobe.multi to", fs->fn[0].name, err);
		pp_note("function stages left out: kprobe.multi to %u functions failed: %s", n,
			strerror(-err));
		for (unsigned int i = 0; i < fs->n; i++)
			on[i] = false;
		return 0;
	}
	skel->links.tr_fnm_kprobe = entry;
	skel->links.tr_fnm_kretprobe = ret;
	pp_info("kprobe.multi: one link for %u function%s%s", n, n == 1 ? "" : "s",
		n_ret ? ", one kretprobe.multi link for their returns" : "");
	return 0;
}

unsigned int fn_multi_mark(const struct fn_stages *fs, const bool *on, bool *has_stage)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fs->n; i++) {
		const struct fn_stage *f = &fs->fn[i];
		bool yes = !on || on[i];

		has_stage[f->stage] = yes;
		if (f->ret)
			has_stage[f->ret_stage] = yes;
		n += yes;
	}
	return n;
}

void fn_multi_label(const struct fn_stages *fs, const bool *on, bool ret, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int n = 0;

	buf[0] = 0;
	for (unsigned int i = 0; i < fs->n; i++) {
		const struct fn_stage *f = &fs->fn[i];
		const char *name = ret ? f->ret_name : f->name;

		if (!on[i] || (ret && !f->ret))
			continue;
		n++;
		if (off < len)
			off += snprintf(buf + off, len - off, "%s%s", off ? "+" : "", name);
	}
	/* Cut short, the list would leave stages out: say how many instead. */
	if (off >= len)
		snprintf(buf, len, "%u function stages%s", n, ret ? " (returns)" : "");
}
