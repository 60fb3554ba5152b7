// SPDX-License-Identifier: GPL-2.0
/*
 * mode.c - the set-up and tear-down every tracing mode shares (mode.h), so
 * each mode's run function says only what is its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
