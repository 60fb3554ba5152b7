// SPDX-License-Identifier: GPL-2.0
/*
 * setup.c - the programs of trace and latency, from open to attach:
 * which stages this kernel has (a missing one is named in a note, and the
 * rest goes on), the filters and the run-time knobs in rodata, map sizes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pktpath.h"
#include "trace.skel.h"
#include "fn_multi.h"
#include "stages.h"
#include "user.h"
#include "lib/feature.h"
#include "lib/hooks.h"
#include "lib/irq_owners.h"
#include "lib/log.h"
#include "lib/mode.h"
#include "lib/runtime.h"

#define POLL_SLOTS 16 /* TRACE_POLL_SLOTS in ctx.bpf.h */

/* Hooks that only work together: a missing one takes the others along. */
enum { G_NONE, G_IRQ, G_SOFTIRQ };

struct trace_hook {
	struct hook_progs hp;
	unsigned int stage; /* PP_STAGE_NONE for the per-CPU context hooks */
	int group;
};

#define HOOK(tp, st, grp)                                                                  \
	{ .hp = { .hook = &hook_##tp, .prog = HOOK_PROGS_TP("tr_" #tp) }, .stage = st, .group = grp }

static const struct trace_hook trace_hooks[] = {
	HOOK(irq_handler_entry, PP_STAGE_IRQ, G_IRQ),
	HOOK(irq_handler_exit, PP_STAGE_NONE, G_IRQ),
	HOOK(softirq_raise, PP_STAGE_SOFTIRQ_RAISE, G_SOFTIRQ),
	HOOK(softirq_entry, PP_STAGE_SOFTIRQ_ENTRY, G_SOFTIRQ),
	HOOK(softirq_exit, PP_STAGE_NONE, G_SOFTIRQ),
	HOOK(napi_poll, PP_STAGE_NAPI_POLL, G_SOFTIRQ),
	HOOK(napi_gro_receive_entry, PP_STAGE_GRO_RECEIVE, G_NONE),
	HOOK(napi_gro_frags_entry, PP_STAGE_GRO_FRAGS, G_NONE),
	HOOK(netif_receive_skb_entry, PP_STAGE_RECEIVE_ENTRY, G_NONE),
	HOOK(netif_receive_skb_list_entry, PP_STAGE_RECEIVE_LIST, G_NONE),
	HOOK(netif_rx_entry, PP_STAGE_RX_ENTRY, G_NONE),
	HOOK(netif_rx, PP_STAGE_RX, G_NONE),
	HOOK(netif_receive_skb, PP_STAGE_RECEIVE, G_NONE),
	/* Its classic form has no skb before 6.x: tp_btf and raw_tp only. */
	{ .hp = { .hook = &hook_tcp_probe, .prog = HOOK_PROGS_TP_NO_CLASSIC("tr_tcp_probe") },
	  .stage = PP_STAGE_TCP_PROBE },
	HOOK(sk_data_ready, PP_STAGE_DATA_READY, G_NONE),
	HOOK(skb_copy_datagram_iovec, PP_STAGE_COPY, G_NONE),
	HOOK(net_dev_queue, PP_STAGE_DEV_QUEUE, G_NONE),
	HOOK(qdisc_enqueue, PP_STAGE_QDISC_ENQUEUE, G_NONE),
	HOOK(qdisc_dequeue, PP_STAGE_QDISC_DEQUEUE, G_NONE),
	HOOK(net_dev_start_xmit, PP_STAGE_START_XMIT, G_NONE),
	HOOK(net_dev_xmit, PP_STAGE_XMIT, G_NONE),
	HOOK(consume_skb, PP_STAGE_CONSUME, G_NONE),
	HOOK(kfree_skb, PP_STAGE_DROP, G_NONE),
};

#define N_HOOKS (sizeof(trace_hooks) / sizeof(trace_hooks[0]))
_Static_assert(N_HOOKS == TRACE_HOOKS, "TRACE_HOOKS in trace.h");

void trace_opts_init(struct trace_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rxq = -1;
	o->max_packets = 16384;
	o->linger = 1.0;
	o->rate = 10000;
	o->sample = 1;
	o->ring_mib = 8;
}

/* --stages LIST: tracepoint stage names, "default" or "all", by commas. */
static int parse_stage_set(struct trace_opts *o, const char *arg)
{
	char list[512], name[64];
	const char *p = arg;
	uint32_t set = 0;

	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned int st;

		if (!len || len >= sizeof(name))
			goto bad;
		memcpy(name, p, len);
		name[len] = 0;
		p += len + (p[len] == ',');
		if (!strcmp(name, "all")) {
			set |= ~0U;
			continue;
		}
		if (!strcmp(name, "default")) {
			set |= LAT_DEFAULT_STAGES;
			continue;
		}
		st = stage_by_name(name);
		if (st == PP_STAGE_NONE || st >= PP_STAGE_MAX) {
			stage_list(list, sizeof(list));
			pp_err("--stages %s: no such stage: %s (one of: %s; or default, all)", arg, name,
			       list);
			return -1;
		}
		set |= TRACE_STAGE_BIT(st);
	}
	if (set) {
		o->stage_set = set;
		return 0;
	}
bad:
	pp_err("--stages %s: a list of stage names, separated by commas", arg);
	return -1;
}

int trace_opts_parse(struct trace_opts *o, int id, const char *arg)
{
	char list[512];

	switch (id) {
	case TOPT_RING_SIZE:
		if (opts_parse_ulong("ring-size", arg, 1, 1024, &o->ring_mib))
			return -1;
		if (o->ring_mib & (o->ring_mib - 1)) {
			pp_err("--ring-size %s: must be a power of two (MiB)", arg);
			return -1;
		}
		return 0;
	case TOPT_STAGES:
		return parse_stage_set(o, arg);
	case TOPT_PROBE_COST:
		return trace_cost_parse(o, arg);
	case TOPT_STAGE:
		if (o->n_stages >= PP_STAGE_FN_SLOTS) {
			pp_err("--stage %s: at most %d --stage options", arg, PP_STAGE_FN_SLOTS);
			return -1;
		}
		o->stages[o->n_stages++] = arg;
		return 0;
	case TOPT_FROM:
	case TOPT_TO: {
		unsigned int st = stage_by_name(arg);

		/* A function stage's name is known once --stage is resolved. */
		if (st == PP_STAGE_NONE && !fn_is_glob(arg) && strpbrk(arg, ":%") == NULL) {
			*(id == TOPT_FROM ? &o->from_name : &o->to_name) = arg;
			return 0;
		}
		if (st == PP_STAGE_NONE) {
			stage_list(list, sizeof(list));
			pp_err("--%s %s: no such stage (one of: %s)", id == TOPT_FROM ? "from" : "to",
			       arg, list);
			return -1;
		}
		if (id == TOPT_FROM)
			o->from = st;
		else
			o->to = st;
		return 0;
	}
	}
	return -1;
}

/*
 * The tracepoint stages to attach: --stages with what other options need
 * (--from, --to; --irq and sk_data_ready need the per-CPU receive
 * context). A per-CPU context hook without a stage of its own goes with
 * its group.
 */
static uint32_t wanted_stages(const struct trace_setup *t)
{
	const uint32_t irq = TRACE_STAGE_BIT(PP_STAGE_IRQ),
		       softirq = TRACE_STAGE_BIT(PP_STAGE_SOFTIRQ_RAISE) |
				 TRACE_STAGE_BIT(PP_STAGE_SOFTIRQ_ENTRY) |
				 TRACE_STAGE_BIT(PP_STAGE_NAPI_POLL);
	const struct trace_opts *o = t->opts;
	uint32_t set = o->stage_set;

	if (!set)
		return ~0U;
	if (o->from && o->from < PP_STAGE_MAX)
		set |= TRACE_STAGE_BIT(o->from);
	if (o->to && o->to < PP_STAGE_MAX)
		set |= TRACE_STAGE_BIT(o->to);
	if (t->mode->filter.mf.irq >= 0)
		set |= irq | softirq;
	/* The softirq's hooks work together, and carry what the IRQ and
	 * sk_data_ready stages need (which softirq run is which). */
	if (set & (softirq | irq | TRACE_STAGE_BIT(PP_STAGE_DATA_READY)))
		set |= softirq;
	return set;
}

static bool hook_wanted(const struct trace_hook *h, uint32_t set)
{
	if (h->stage != PP_STAGE_NONE)
		return set & TRACE_STAGE_BIT(h->stage);
	for (size_t i = 0; i < N_HOOKS; i++)
		if (trace_hooks[i].group == h->group && trace_hooks[i].stage != PP_STAGE_NONE &&
		    (set & TRACE_STAGE_BIT(trace_hooks[i].stage)))
			return true;
	return false;
}

/* The programs of function stage slot i (fn.bpf.h). */
static void fn_hook_progs(const struct fn_stage *f, unsigned int slot, struct hook_progs *hp)
{
	static char names[PP_STAGE_FN_SLOTS][4][24];
	static const int mechs[4] = { HOOK_FENTRY, HOOK_FEXIT, HOOK_KPROBE, HOOK_KRETPROBE };

	memset(hp, 0, sizeof(*hp));
	hp->hook = &f->hook;
	hp->required = !f->optional;
	hp->lost = "the function stage";
	for (int k = 0; k < 4; k++) {
		if (!f->ret && (mechs[k] == HOOK_FEXIT || mechs[k] == HOOK_KRETPROBE))
			continue;
		snprintf(names[slot][k], sizeof(names[slot][k]), "tr_fn%u_%s", slot,
			 hooks_mech_name(mechs[k]));
		hp->prog[mechs[k]] = names[slot][k];
	}
}

/*
 * Can this kernel hook functions at all? When neither fentry nor kprobes
 * work, optional function stages (a glob, --stage default) are left out
 * with one note for all of them, not one each; a named one goes on to the
 * attach engine, whose error says why.
 */
static bool fn_hooks_possible(const struct fn_stage *f)
{
	static int possible = -1;

	if (!f->optional)
		return true;
	if (possible < 0) {
		const struct pp_feature_result *fe = feature_probe(PP_FEAT_FENTRY);
		const struct pp_feature_result *kp = feature_probe(PP_FEAT_KPROBE);
		const struct pp_feature_result *km = feature_probe(PP_FEAT_KPROBE_MULTI);

		possible = fe->ok || kp->ok || km->ok;
		if (!possible)
			pp_note("function stages left out: %s; %s; %s", fe->detail, kp->detail,
				km->detail);
	}
	return possible;
}

/* Can some mechanism of this hook work here (the forced one, if any, when
 * it is of the hook's kind: --attach kprobe leaves tracepoints their best)? */
static bool hook_usable(const struct trace_hook *h, const char *forced, char *why, size_t len)
{
	int force = forced ? hooks_mech_parse(forced) : -1;

	if (force >= HOOK_FENTRY)
		force = -1;
	why[0] = 0;
	for (int m = 0; m < HOOK_MECH_MAX; m++) {
		if (!h->hp.prog[m] || (force >= 0 && m != force))
			continue;
		if (hooks_available(h->hp.hook, m, why, len))
			return true;
	}
	if (!why[0])
		snprintf(why, len, "no %s program for it", forced ? forced : "usable");
	return false;
}

/*
 * Choose the hooks: those this kernel lacks (and their group) are left out
 * and named in one note; mode_select() then applies the filters and picks a
 * mechanism for each of the rest. Fills t->has_stage.
 */
static int choose_hooks(struct trace_setup *t)
{
	struct hook_choice *choices = t->choices;
	struct hook_progs *hp = t->hp;
	bool usable[N_HOOKS], wanted[N_HOOKS], group_ok[3] = { true, true, true };
	uint32_t set = wanted_stages(t);
	size_t n = 0, off = 0, n_tp;
	char why[256];
	int ret, counts[HOOK_MECH_MAX] = { 0 }, best = 0, force;

	/* An unknown mechanism, or one for kernel functions: the attach
	 * engine says what is wrong with it. */
	force = t->co->attach ? hooks_mech_parse(t->co->attach) : -1;
	if (t->co->attach && !hooks_mech_is_multi(t->co->attach) &&
	    (force < 0 || (force >= HOOK_FENTRY && !t->fns.n))) {
		for (size_t i = 0; i < N_HOOKS; i++)
			hp[i] = trace_hooks[i].hp;
		ret = mode_select(t->mode, t->skel->obj, &t->skel->rodata->pp_mf, hp, N_HOOKS,
				  choices);
		return ret ? ret : PP_EXIT_USAGE;
	}
	ret = fn_multi_choose(&t->fns, t->co->attach, &t->fn_multi);
	if (ret)
		return ret;
	for (size_t i = 0; i < N_HOOKS; i++) {
		wanted[i] = hook_wanted(&trace_hooks[i], set);
		if (!wanted[i])
			group_ok[trace_hooks[i].group] = false;
		usable[i] = wanted[i] && hook_usable(&trace_hooks[i], t->co->attach, why, sizeof(why));
		if (wanted[i] && !usable[i]) {
			group_ok[trace_hooks[i].group] = false;
			pp_info("%s: %s", trace_hooks[i].hp.hook->name, why);
		}
	}
	group_ok[G_NONE] = true;
	t->missing[0] = 0;
	for (size_t i = 0; i < N_HOOKS; i++) {
		if (usable[i] && group_ok[trace_hooks[i].group]) {
			hp[n++] = trace_hooks[i].hp;
			continue;
		}
		usable[i] = false; /* its programs stay unloaded: SEC("?...") */
		if (wanted[i] && off < sizeof(t->missing))
			off += snprintf(t->missing + off, sizeof(t->missing) - off, "%s%s",
					off ? ", " : "", trace_hooks[i].hp.hook->name);
	}
	if (!n) {
		pp_err("none of the tracepoints trace needs is usable here%s%s",
		       t->co->attach ? " with --attach " : "", t->co->attach ? t->co->attach : "");
		return PP_EXIT_ENV;
	}
	if (t->missing[0])
		pp_note("stages this kernel lacks, left out: %s", t->missing);
	n_tp = n;
	/* By kprobe.multi the function stages are one program, not hooks of
	 * the attach engine's: fn_multi.c attaches them. */
	for (unsigned int i = 0; i < t->fns.n && !t->fn_multi; i++)
		if (fn_hooks_possible(&t->fns.fn[i]))
			fn_hook_progs(&t->fns.fn[i], i, &hp[n++]);
	ret = mode_select(t->mode, t->skel->obj, &t->skel->rodata->pp_mf, hp, n, choices);
	if (ret)
		return ret;
	if (t->fn_multi) {
		fn_multi_autoload(t->skel, &t->fns);
		t->n_fn_hooks = fn_multi_mark(&t->fns, NULL, t->has_stage);
	}
	t->n_hp = n;
	n = 0;
	for (size_t i = 0; i < N_HOOKS; i++) {
		if (!usable[i])
			continue;
		if (choices[n].mech >= 0) {
			counts[choices[n].mech]++;
			t->has_stage[trace_hooks[i].stage] = true;
			t->n_hooks++;
		}
		n++;
	}
	for (unsigned int i = 0, k = n_tp; i < t->fns.n; i++) {
		const struct hook_choice *c = &choices[k];

		if (!fn_hooks_possible(&t->fns.fn[i]))
			continue;
		k++;
		if (c->mech < 0)
			continue;
		t->has_stage[t->fns.fn[i].stage] = true;
		if (t->fns.fn[i].ret)
			t->has_stage[t->fns.fn[i].ret_stage] = true;
		t->n_fn_hooks++;
	}
	for (int m = 0; m < HOOK_MECH_MAX; m++)
		if (counts[m] > counts[best])
			best = m;
	t->mech = hooks_mech_name(best);
	t->has_irq = group_ok[G_IRQ] && group_ok[G_SOFTIRQ];
	t->has_stage[PP_STAGE_NONE] = false;
	/* The CPU's bookkeeping for stages that are not attached is skipped. */
	t->skel->rodata->targ_xmit = t->has_stage[PP_STAGE_XMIT];
	t->skel->rodata->targ_data_ready = t->has_stage[PP_STAGE_DATA_READY];
	return 0;
}

/* The options that need stages this kernel may lack. */
static int check_needs(struct trace_setup *t)
{
	const struct trace_opts *o = t->opts;

	if (t->mode->filter.mf.irq >= 0 && !t->has_irq) {
		pp_err("--irq: this kernel's IRQ and softirq tracepoints are not usable (%s)",
		       t->missing);
		return PP_EXIT_ENV;
	}
	if (o->from && !t->has_stage[o->from]) {
		pp_err("--from %s: this stage is not usable here", stage_name(o->from));
		return PP_EXIT_ENV;
	}
	if (o->to && !t->has_stage[o->to]) {
		pp_err("--to %s: this stage is not usable here", stage_name(o->to));
		return PP_EXIT_ENV;
	}
	return 0;
}

/* --from/--to that name a function stage: its id, now that it has one. */
static int resolve_span(struct trace_opts *o)
{
	const char *names[2] = { o->from_name, o->to_name };
	unsigned int *ids[2] = { &o->from, &o->to };
	char list[1024];

	for (int k = 0; k < 2; k++) {
		if (!names[k])
			continue;
		*ids[k] = stage_by_name(names[k]);
		if (*ids[k] == PP_STAGE_NONE) {
			stage_list(list, sizeof(list));
			pp_err("--%s %s: no such stage (a --stage function's name, or one of: %s)",
			       k ? "to" : "from", names[k], list);
			return PP_EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * Without --stage, the default set (--stage default) joins the tracepoints
 * where a kernel function can be hooked at all, and unless --attach names a
 * tracepoint mechanism (then only tracepoints are wanted). Elsewhere trace
 * runs on its tracepoints as it always did; -v says why.
 */
static bool fn_defaults_wanted(const char *attach)
{
	const struct pp_feature_result *fe, *kp, *km;

	if (attach && !hooks_mech_is_multi(attach) && hooks_mech_parse(attach) < HOOK_FENTRY)
		return false;
	fe = feature_probe(PP_FEAT_FENTRY);
	kp = feature_probe(PP_FEAT_KPROBE);
	km = feature_probe(PP_FEAT_KPROBE_MULTI);
	if (fe->ok || kp->ok || km->ok)
		return true;
	pp_info("no default function stages: %s; %s; %s", fe->detail, kp->detail, km->detail);
	return false;
}

/* The function stages' configuration, per program slot. */
/* log2 of the state tables' slots: --max-packets rounded up to a power of 2. */
static unsigned int slot_bits(unsigned long max_packets)
{
	unsigned int bits = 0;

	while ((1UL << bits) < max_packets)
		bits++;
	return bits;
}

static void fn_rodata(struct trace_setup *t)
{
	struct trace_bpf *skel = t->skel;

	t->lat_stages = fn_stages_count(&t->fns);
	skel->rodata->targ_lat_stages = t->lat_stages;
	skel->rodata->targ_fn_nret = t->fns.n_ret;
	for (unsigned int i = 0; i < t->fns.n; i++) {
		const struct fn_stage *f = &t->fns.fn[i];

		skel->rodata->targ_fn_arg[i] = f->arg;
		skel->rodata->targ_fn_nargs[i] = f->nargs;
		skel->rodata->targ_fn_stage[i] = f->stage;
		skel->rodata->targ_fn_ret[i] = f->ret ? f->ret_stage : 0;
		skel->rodata->targ_fn_origin[i] = f->origin;
	}
}

/* Bad --stage specs are usage errors, found before privileges. */
int trace_setup_check(struct trace_setup *t)
{
	int ret = fn_stages_resolve(&t->fns, t->opts->stages, t->opts->n_stages);

	/* Without --stage, --from/--to may name a default function stage,
	 * known once the runtime checks said what can be hooked. */
	return ret || !t->opts->n_stages ? ret : resolve_span(t->opts);
}

int trace_setup_configure(struct trace_setup *t, struct mode_run *r)
{
	struct trace_opts *o = t->opts;
	struct trace_bpf *skel = r->skel;
	int ncpus = libbpf_num_possible_cpus();

	if (!o->n_stages) {
		int ret;

		if (fn_defaults_wanted(t->co->attach))
			fn_stages_resolve_default(&t->fns);
		ret = resolve_span(o);
		if (ret)
			return ret;
	}
	t->skel = skel;
	t->mode = &r->m;
	/* --rxq is the meta filter's queue: trace has no --queue. */
	t->mode->filter.mf.queue = o->rxq;
	skel->rodata->targ_latency = t->latency;
	skel->rodata->targ_from = o->from;
	skel->rodata->targ_to = o->to;
	skel->rodata->targ_linger_ns = (uint64_t)(o->linger * 1e9);
	skel->rodata->targ_rate = t->latency ? 0 : o->rate;
	skel->rodata->targ_sample = o->sample;
	skel->rodata->targ_nr_cpus = irq_owners_nr_cpus();
	skel->rodata->targ_pcap_snaplen = t->pcap_snaplen;
	fn_rodata(t);
	/* Direct-mapped state tables (state.bpf.h): a power of 2. */
	skel->rodata->targ_slot_bits = slot_bits(o->max_packets);
	bpf_map__set_max_entries(skel->maps.trace_skbs, 1U << skel->rodata->targ_slot_bits);
	bpf_map__set_max_entries(skel->maps.trace_heads, 1U << skel->rodata->targ_slot_bits);
	bpf_map__set_max_entries(skel->maps.trace_polls, ncpus * POLL_SLOTS);
	if (t->latency) {
		/* No per-packet logs, no events. */
		bpf_map__set_max_entries(skel->maps.trace_logs, 1);
		bpf_map__set_max_entries(skel->maps.trace_events, 4096);
		bpf_map__set_max_entries(skel->maps.lat_hists,
					 2 * (t->lat_stages * t->lat_stages + 1));
	} else {
		bpf_map__set_max_entries(skel->maps.trace_logs, o->max_packets);
		bpf_map__set_max_entries(skel->maps.trace_events, o->ring_mib << 20);
		bpf_map__set_max_entries(skel->maps.lat_hists, 1);
	}
	return 0;
}

int trace_setup_select(struct trace_setup *t)
{
	int ret = choose_hooks(t);

	if (!ret)
		ret = check_needs(t);
	/* Counting from the programs' first run on: before they load. */
	if (!ret && !t->opts->no_probe_cost)
		trace_cost_start(t);
	return ret;
}

int trace_setup_attached(struct trace_setup *t)
{
	int ret;

	if (t->fn_multi) {
		ret = fn_multi_attach(t->skel, &t->fns, t->fn_multi_on);
		if (ret)
			return ret;
		t->n_fn_hooks = fn_multi_mark(&t->fns, t->fn_multi_on, t->has_stage);
		t->fn_multi = t->n_fn_hooks > 0;
	}
	if (t->has_irq)
		irq_owners_load(bpf_map__fd(t->skel->maps.trace_irq_owners));
	trace_cost_collect(t);
	return 0;
}

const char *trace_fn_banner(const struct trace_setup *t)
{
	static char buf[96];
	const char *mech = NULL;

	if (!t->n_fn_hooks)
		return "";
	if (t->fn_multi)
		mech = "kprobe.multi";
	for (size_t i = 0; i < t->n_hp && !mech; i++)
		if (hooks_is_function(t->hp[i].hook) && t->choices[i].mech >= 0)
			mech = hooks_mech_name(t->choices[i].mech);
	snprintf(buf, sizeof(buf), " and %u function%s (%s)", t->n_fn_hooks,
		 t->n_fn_hooks == 1 ? "" : "s", mech ? mech : "?");
	return buf;
}

unsigned int trace_hook_stage(const struct trace_setup *t, const struct hook_point *h, bool ret)
{
	for (size_t i = 0; i < N_HOOKS; i++)
		if (trace_hooks[i].hp.hook == h)
			return ret ? PP_STAGE_NONE : trace_hooks[i].stage;
	for (unsigned int i = 0; i < t->fns.n; i++) {
		const struct fn_stage *f = &t->fns.fn[i];

		if (&f->hook == h)
			return !ret ? f->stage : f->ret ? f->ret_stage : PP_STAGE_NONE;
	}
	return PP_STAGE_NONE;
}
