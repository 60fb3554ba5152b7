// SPDX-License-Identifier: GPL-2.0
/*
 * fn_stages.c - --stage FUNC[:N][%return] to kernel functions: the
 * function's BTF prototype says which argument is the skb (the first
 * struct sk_buff *), a glob selects every function with one.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "fn_stages.h"
#include "stages.h"
#include "lib/kbtf.h"
#include "lib/log.h"
#include "lib/runtime.h"

bool fn_is_glob(const char *name)
{
	return strpbrk(name, "*?[") != NULL;
}

/* Skip const, volatile, typedefs: the type underneath. */
static const struct btf_type *resolve(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static bool is_skb_ptr(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = resolve(btf, &id);

	if (!t || !btf_is_ptr(t))
		return false;
	id = t->type;
	t = resolve(btf, &id);
	return t && btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "sk_buff");
}

int fn_skb_arg(const struct btf *btf, int func_id, unsigned int *nargs, bool *is_void)
{
	const struct btf_type *fn = btf__type_by_id(btf, func_id);
	const struct btf_type *proto = fn ? btf__type_by_id(btf, fn->type) : NULL;
	const struct btf_param *p;

	*nargs = 0;
	*is_void = true;
	if (!proto || !btf_is_func_proto(proto))
		return -1;
	p = btf_params(proto);
	*nargs = btf_vlen(proto);
	*is_void = proto->type == 0;
	for (unsigned int i = 0; i < *nargs; i++)
		if (is_skb_ptr(btf, p[i].type))
			return (int)i;
	return -1;
}

int fn_stage_arg(const struct btf *btf, int func_id)
{
	unsigned int nargs;
	bool is_void;
	int arg = fn_skb_arg(btf, func_id, &nargs, &is_void);

	return arg < FN_SKB_ARGS ? arg : -1;
}

/* Is argument i of a function a pointer (FUNC:N: the caller knows it is
 * the skb; fentry reads it as one)? */
static bool is_pointer(const struct btf *btf, int func_id, unsigned int i)
{
	const struct btf_type *proto = btf__type_by_id(btf, btf__type_by_id(btf, func_id)->type);
	__u32 id = btf_params(proto)[i].type;
	const struct btf_type *t = resolve(btf, &id);

	return t && btf_is_ptr(t);
}

/* A type as C spells it, short: "struct sk_buff *", "unsigned int". */
static void type_name(const struct btf *btf, __u32 id, char *buf, size_t len)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *kind = "";
	char inner[96];

	if (!id || !t) {
		snprintf(buf, len, "void");
		return;
	}
	if (btf_is_ptr(t) || btf_is_const(t) || btf_is_volatile(t)) {
		type_name(btf, t->type, inner, sizeof(inner));
		snprintf(buf, len, btf_is_ptr(t) ? "%s *" : "%s", inner);
		return;
	}
	if (btf_is_struct(t))
		kind = "struct ";
	else if (btf_is_union(t))
		kind = "union ";
	else if (btf_is_enum(t))
		kind = "enum ";
	else if (btf_is_func_proto(t))
		kind = "(function) ";
	snprintf(buf, len, "%s%s", kind, btf__name_by_offset(btf, t->name_off));
}

void fn_proto(const struct btf *btf, int func_id, char *buf, size_t len)
{
	const struct btf_type *fn = btf__type_by_id(btf, func_id);
	const struct btf_type *proto = btf__type_by_id(btf, fn->type);
	const struct btf_param *p = btf_params(proto);
	size_t off;
	char t[96];

	type_name(btf, proto->type, t, sizeof(t));
	off = snprintf(buf, len, "%s %s(", t, btf__name_by_offset(btf, fn->name_off));
	for (unsigned int i = 0; i < btf_vlen(proto) && off < len; i++) {
		type_name(btf, p[i].type, t, sizeof(t));
		off += snprintf(buf + off, len - off, "%s%s", i ? ", " : "", t);
	}
	if (off < len)
		snprintf(buf + off, len - off, ")");
}

/* One --stage spec: NAME[:N][%return]. */
struct fn_spec {
	char name[FN_NAME_MAX];
	int arg; /* -1: from BTF */
	bool ret;
};

static int spec_parse(const char *spec, struct fn_spec *s)
{
	const char *end = spec + strcspn(spec, ":%");
	const char *p = end;
	char *num_end;

	s->arg = -1;
	s->ret = false;
	if (end == spec || (size_t)(end - spec) >= sizeof(s->name)) {
		pp_err("--stage '%s': expected FUNC, FUNC:N or FUNC%%return", spec);
		return PP_EXIT_USAGE;
	}
	snprintf(s->name, sizeof(s->name), "%.*s", (int)(end - spec), spec);
	if (*p == ':') {
		errno = 0;
		s->arg = (int)strtol(p + 1, &num_end, 10);
		if (num_end == p + 1 || errno || s->arg < 0 || s->arg >= FN_SKB_ARGS) {
			pp_err("--stage '%s': the skb's argument N is 0 to %d", spec,
			       FN_SKB_ARGS - 1);
			return PP_EXIT_USAGE;
		}
		p = num_end;
	}
	if (!strcmp(p, "%return"))
		s->ret = true;
	else if (*p) {
		pp_err("--stage '%s': expected FUNC, FUNC:N or FUNC%%return", spec);
		return PP_EXIT_USAGE;
	}
	return 0;
}

static bool listed(const struct fn_stages *fs, const char *name)
{
	for (unsigned int i = 0; i < fs->n; i++)
		if (!strcmp(fs->fn[i].name, name))
			return true;
	return false;
}

/*
 * Transmit functions that run before net_dev_queue with skb->dev already
 * the device the packet leaves by (ip_output sets it before
 * ip_finish_output): a packet's record may start at them, as at
 * net_dev_queue, so they record the packets they see. Elsewhere a function
 * stage only continues records: on receive every function runs after the
 * stage where a packet is first seen, and earlier transmit functions
 * (ip_output, ip_local_out) meet skbs without a device yet.
 */
static const char *const tx_origin_fns[] = {
    "ip_finish_output",	    "ip_finish_output2",      "ip6_finish_output", "ip6_finish_output2",
    "neigh_resolve_output", "neigh_connected_output", "dev_queue_xmit",	   "__dev_queue_xmit",
};

static bool is_tx_origin(const char *name)
{
	for (size_t i = 0; i < sizeof(tx_origin_fns) / sizeof(tx_origin_fns[0]); i++)
		if (!strcmp(name, tx_origin_fns[i]))
			return true;
	return false;
}

/* Add one function; its skb argument checked against its prototype. */
static int add_fn(struct fn_stages *fs, const struct fn_spec *s, const struct btf *btf, int id,
		  const char *module, bool optional)
{
	const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
	unsigned int nargs;
	bool is_void;
	int arg = fn_skb_arg(btf, id, &nargs, &is_void);
	struct fn_stage *f;
	char proto[512];

	if (listed(fs, name))
		return 0;
	if (s->arg >= 0) {
		fn_proto(btf, id, proto, sizeof(proto));
		if ((unsigned int)s->arg >= nargs) {
			pp_err("--stage %s:%d: %s has %u arguments", name, s->arg, proto, nargs);
			return PP_EXIT_USAGE;
		}
		if (!is_pointer(btf, id, s->arg)) {
			pp_err("--stage %s:%d: argument %d of %s is not a pointer", name, s->arg,
			       s->arg, proto);
			return PP_EXIT_USAGE;
		}
		arg = s->arg;
	} else if (arg < 0 || arg >= FN_SKB_ARGS) {
		fn_proto(btf, id, proto, sizeof(proto));
		pp_err("--stage %s: %s: %s (FUNC:N names the argument)", name,
		       arg < 0 ? "no struct sk_buff * argument" : "the skb is beyond argument 4",
		       proto);
		return PP_EXIT_USAGE;
	}
	if (fs->n >= PP_STAGE_FN_SLOTS) {
		pp_err("--stage %s: at most %d function stages", name, PP_STAGE_FN_SLOTS);
		return PP_EXIT_USAGE;
	}
	f = &fs->fn[fs->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->ret_name, sizeof(f->ret_name), "%s%%return", name);
	f->module = module;
	f->arg = (unsigned int)arg;
	f->nargs = is_void || nargs > FN_RET_ARGS ? FN_VOID : nargs;
	f->ret = s->ret;
	f->optional = optional;
	f->origin = is_tx_origin(name);
	f->hook = (struct hook_point){f->name, NULL, "function stage"};
	if (s->ret && nargs > FN_RET_ARGS) {
		pp_err("--stage %s%%return: fexit reads a return after at most %d arguments, "
		       "%s has %u",
		       name, FN_RET_ARGS, name, nargs);
		return PP_EXIT_USAGE;
	}
	return 0;
}

struct glob_walk {
	struct fn_stages *fs;
	const struct fn_spec *spec;
	unsigned int matches; /* with an skb argument, not yet listed */
	bool add;
	int ret;
};

static int glob_one(struct btf *btf, int id, const char *module, void *ctx)
{
	struct glob_walk *g = ctx;
	const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
	unsigned int nargs;
	bool is_void;

	if (fnmatch(g->spec->name, name, 0) || listed(g->fs, name))
		return 0;
	if (g->spec->arg >= 0) {
		fn_skb_arg(btf, id, &nargs, &is_void);
		if ((unsigned int)g->spec->arg >= nargs)
			return 0;
	} else if (fn_stage_arg(btf, id) < 0) {
		return 0;
	}
	/* The second walk adds; the first counts (a name twice in BTF is one). */
	if (!g->add) {
		g->matches++;
		return 0;
	}
	g->ret = add_fn(g->fs, g->spec, btf, id, module, true);
	return g->ret;
}

static int add_glob(struct fn_stages *fs, const struct fn_spec *s, const char *spec)
{
	struct glob_walk g = {.fs = fs, .spec = s};

	kbtf_for_each_func(glob_one, &g);
	if (!g.matches) {
		pp_err("--stage '%s': no kernel function with an skb argument matches", spec);
		return PP_EXIT_USAGE;
	}
	if (g.matches + fs->n > PP_STAGE_FN_SLOTS) {
		pp_err("--stage '%s': %u functions with an skb argument match, more than the %d "
		       "function stages pktpath can attach; narrow the pattern",
		       spec, g.matches, PP_STAGE_FN_SLOTS - (int)fs->n);
		return PP_EXIT_USAGE;
	}
	g.add = true;
	kbtf_for_each_func(glob_one, &g);
	return g.ret;
}

/*
 * --stage default, and the default set without --stage: functions that
 * fill the gaps between tracepoints. Receive: between netif_receive_skb and
 * the socket or the drop. Transmit: from the IP layer's hand-off to the
 * neighbour layer (ip_finish_output2) to the device's queue
 * (__dev_queue_xmit), before net_dev_queue.
 */
static const char *const default_fns[] = {
    "ip_rcv_core",	 "ip_local_deliver",   "tcp_v4_rcv",	   "udp_rcv",
    "ipv6_rcv",		 "ip6_input",	       "tcp_v6_rcv",	   "udpv6_rcv",
    "ip_finish_output2", "ip6_finish_output2", "__dev_queue_xmit",
};

/* Each default function this kernel has, optional (a note if it fails;
 * quiet: not even for those this kernel lacks). */
static int add_defaults(struct fn_stages *fs, bool quiet)
{
	char missing[256] = "";
	size_t off = 0;

	for (size_t i = 0; i < sizeof(default_fns) / sizeof(default_fns[0]); i++) {
		struct fn_spec s = {.arg = -1};
		const char *module;
		struct btf *btf;
		int id, ret;

		snprintf(s.name, sizeof(s.name), "%s", default_fns[i]);
		id = kbtf_find_func(s.name, &btf, &module);
		if (id < 0) {
			if (off < sizeof(missing))
				off += snprintf(missing + off, sizeof(missing) - off, "%s%s",
						off ? ", " : "", s.name);
			continue;
		}
		ret = add_fn(fs, &s, btf, id, module, true);
		if (ret)
			return ret;
	}
	if (missing[0] && !quiet)
		pp_info("--stage default: not in this kernel's BTF: %s", missing);
	return 0;
}

static int add_spec(struct fn_stages *fs, const char *spec)
{
	const char *module;
	struct fn_spec s;
	struct btf *btf;
	int ret, id;

	if (!strcmp(spec, "default"))
		return add_defaults(fs, false);
	if (!strcmp(spec, "none"))
		return 0;
	ret = spec_parse(spec, &s);
	if (ret)
		return ret;
	if (fn_is_glob(s.name))
		return add_glob(fs, &s, spec);
	id = kbtf_find_func(s.name, &btf, &module);
	if (id < 0) {
		pp_err("--stage %s: no such function in the kernel's BTF (vmlinux or a loaded "
		       "module)",
		       s.name);
		return PP_EXIT_USAGE;
	}
	return add_fn(fs, &s, btf, id, module, false);
}

/* Stage ids: the entries after the tracepoints' stages, then the returns. */
static void number_stages(struct fn_stages *fs)
{
	unsigned int next = PP_STAGE_MAX;

	fs->n_ret = 0;
	for (unsigned int i = 0; i < fs->n; i++) {
		fs->fn[i].stage = next++;
		stage_fn_define(fs->fn[i].stage, fs->fn[i].name, false);
	}
	for (unsigned int i = 0; i < fs->n; i++) {
		if (!fs->fn[i].ret)
			continue;
		fs->fn[i].ret_stage = next++;
		stage_fn_define(fs->fn[i].ret_stage, fs->fn[i].ret_name, true);
		fs->n_ret++;
	}
}

int fn_stages_resolve(struct fn_stages *fs, const char *const *specs, unsigned int n_specs)
{
	fs->n = fs->n_ret = 0;
	if (!n_specs)
		return 0;
	if (!kbtf_vmlinux()) {
		pp_err("--stage: this kernel has no BTF (/sys/kernel/btf/vmlinux): function "
		       "stages need it to find the skb argument");
		return PP_EXIT_ENV;
	}
	for (unsigned int i = 0; i < n_specs; i++) {
		int ret = add_spec(fs, specs[i]);

		if (ret)
			return ret;
	}
	number_stages(fs);
	return 0;
}

void fn_stages_resolve_default(struct fn_stages *fs)
{
	fs->n = fs->n_ret = 0;
	/* Without BTF there is no prototype to find the skb in: tracepoints. */
	if (!kbtf_vmlinux())
		return;
	/* Every default function has its skb where BTF says (not an error
	 * that --stage default would report): a failure leaves it out. */
	if (add_defaults(fs, true))
		fs->n = 0;
	number_stages(fs);
}

unsigned int fn_stages_count(const struct fn_stages *fs)
{
	return PP_STAGE_MAX + fs->n + fs->n_ret;
}
