// SPDX-License-Identifier: GPL-2.0
/*
 * mode.c - the set-up and tear-down every tracing mode shares (mode.h), so
 * each mode's run function says only what is its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "lib/log.h"
#include "lib/mode.h"
#include "lib/runtime.h"

int mode_begin(struct pp_mode *m, const char *name, const struct pp_common_opts *co)
{
	int ret;

	memset(m, 0, sizeof(*m));
	m->name = name;
	m->co = co;
	ret = runtime_init(name);
	return ret ? ret : filter_build(co, &m->filter);
}

int mode_select(struct pp_mode *m, struct bpf_object *obj,
		volatile struct pp_meta_filter *rodata, const struct hook_progs *hooks,
		size_t n_hooks, struct hook_choice *choices)
{
	int ret = filter_apply(&m->filter, obj, rodata);

	if (ret)
		return ret;
	m->hooks = hooks;
	m->n_hooks = n_hooks;
	m->choices = choices;
	return hooks_select(obj, hooks, n_hooks, m->co->attach, choices);
}

int mode_attach(struct pp_mode *m, struct bpf_object_skeleton *skel, struct bpf_map *events,
		ring_buffer_sample_fn on_event, struct pp_session *sess)
{
	int ret = hooks_load_attach(skel, m->hooks, m->n_hooks, m->choices);

	if (ret || !events)
		return ret;
	sess->rb = ring_buffer__new(bpf_map__fd(events), on_event, sess, NULL);
	if (!sess->rb)
		return runtime_bpf_error("opening", "the ring buffer", -errno);
	return 0;
}

void mode_banner(const struct pp_mode *m, const char *fmt, ...)
{
	char desc[256];
	va_list ap;

	if (m->co->json)
		return;
	filter_describe(&m->filter, m->co, desc, sizeof(desc));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nFilter:%s\nCtrl-C to stop.\n", desc);
}

void mode_end(struct pp_mode *m, struct pp_session *sess)
{
	ring_buffer__free(sess->rb);
	sess->rb = NULL;
	filter_free(&m->filter);
}

/* Destroys the links of one hook's programs, whichever mechanism. */
static void detach_hook(struct bpf_object_skeleton *s, const struct hook_progs *hp)
{
	for (int i = 0; i < s->prog_cnt; i++)
		for (int m = 0; m < HOOK_MECH_MAX; m++)
			if (hp->prog[m] && !strcmp(s->progs[i].name, hp->prog[m])) {
				bpf_link__destroy(*s->progs[i].link);
				*s->progs[i].link = NULL;
			}
}

/* The session stops the programs before its last summary. */
static void run_detach(void *ctx)
{
	struct mode_run *r = ctx;
	const struct mode_desc *d = r->desc;

	if (!r->skel)
		return;
	for (const int *h = d->detach_first; h && *h >= 0; h++)
		detach_hook(d->skel->skeleton(r->skel), &d->hooks[*h]);
	d->skel->detach(r->skel);
}

/* Open, configure, choose the hooks, load and attach. */
static int open_attach(struct mode_run *r, ring_buffer_sample_fn on_event)
{
	const struct mode_desc *d = r->desc;
	const struct mode_skel_ops *ops = d->skel;
	struct bpf_map *events = NULL;
	int ret;

	/* A programming error, said rather than written past the array. */
	if (d->n_hooks > MODE_MAX_HOOKS) {
		pp_err("%s: %zu hooks, more than the mode driver holds (%d)", d->name, d->n_hooks,
		       MODE_MAX_HOOKS);
		return PP_EXIT_FAIL;
	}
	r->skel = ops->open();
	if (!r->skel)
		return runtime_bpf_error("opening", d->name, -errno);
	r->n_hooks = d->n_hooks;
	ret = d->configure ? d->configure(r) : 0;
	if (!ret && d->select)
		ret = d->select(r);
	else if (!ret)
		ret = mode_select(&r->m, ops->object(r->skel), ops->meta_filter(r->skel), d->hooks,
				  r->n_hooks, r->choices);
	if (!ret && d->chosen)
		ret = d->chosen(r);
	if (ret)
		return ret;
	if (d->events_map) {
		events = bpf_object__find_map_by_name(ops->object(r->skel), d->events_map);
		if (!events)
			return runtime_bpf_error("finding", d->events_map, -ENOENT);
	}
	ret = mode_attach(&r->m, ops->skeleton(r->skel), events, on_event ? on_event : d->on_event,
			  &r->sess);
	return !ret && d->attached ? d->attached(r) : ret;
}

int mode_start(struct mode_run *r, const struct mode_desc *desc, const char *cmd,
	       const struct pp_common_opts *co, void *st, ring_buffer_sample_fn on_event)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->desc = desc;
	r->st = st;
	r->sess = (struct pp_session){ .co = co, .summary = desc->summary, .tick = desc->tick,
				       .detach = run_detach, .detach_ctx = r, .ctx = st };
	ret = desc->check ? desc->check(r) : 0;
	if (!ret)
		ret = mode_begin(&r->m, cmd, co);
	if (!ret && desc->start)
		ret = desc->start(r);
	return ret ? ret : open_attach(r, on_event);
}

void mode_stop(struct mode_run *r)
{
	mode_end(&r->m, &r->sess);
	if (r->skel)
		r->desc->skel->destroy(r->skel);
	r->skel = NULL;
	if (r->desc->cleanup)
		r->desc->cleanup(r);
}

int mode_run(const struct mode_desc *desc, const struct pp_common_opts *co, void *st)
{
	struct mode_run r;
	int ret = mode_start(&r, desc, desc->name, co, st, NULL);

	if (!ret) {
		desc->banner(&r);
		ret = session_run(&r.sess);
	}
	mode_stop(&r);
	return ret;
}
