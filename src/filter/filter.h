/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filter.h - the one place that turns the user's filters (the tcpdump
 * expression and --dev, --netns, --cpu, --queue, --irq) into what the BPF
 * programs read: struct pp_meta_filter in rodata, plus the spliced
 * expression. Every mode goes through filter_build() and filter_apply().
 */
#ifndef PP_FILTER_H
#define PP_FILTER_H

#include "pktpath.h"
#include "lib/opts.h"

struct bpf_object;
struct pp_expr;

struct pp_filter {
	struct pp_meta_filter mf;
	struct pp_expr *expr;
};

/* Validate and resolve the options: unknown device, namespace or IRQ and
 * bad expressions end here with one line and PP_EXIT_USAGE. */
int filter_build(const struct pp_common_opts *co, struct pp_filter *f);

/* Before load: copy the meta filter into the object's rodata (`pp_mf`) and
 * splice the expression into its programs. */
int filter_apply(const struct pp_filter *f, struct bpf_object *obj,
		 volatile struct pp_meta_filter *rodata);

void filter_free(struct pp_filter *f);

/* "--dev veth0 --cpu 1 'udp port 53'"-style description, for headers. */
void filter_describe(const struct pp_filter *f, const struct pp_common_opts *co, char *buf,
		     size_t len);

/* IRQ number from a number or an action name in /proc/interrupts;
 * -1 after a one-line error. */
int filter_resolve_irq(const char *spec);

#endif
