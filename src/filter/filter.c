// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "filter/expr.h"
#include "filter/filter.h"
#include "lib/log.h"
#include "lib/netns.h"

#define MAX_MATCHES 16

static int resolve_dev(const char *spec, struct pp_meta_filter *mf)
{
	struct pp_dev_id found[MAX_MATCHES];
	char *end;
	unsigned long idx = strtoul(spec, &end, 10);
	int n, in_ns = 0;

	if (!*spec || strlen(spec) >= PP_IFNAMSIZ) {
		pp_err("--dev '%s': not a device name or index", spec);
		return -1;
	}
	n = netdev_find(spec, found, MAX_MATCHES);
	for (int i = 0; i < n && i < MAX_MATCHES; i++)
		if (!mf->netns || found[i].netns == mf->netns)
			in_ns++;
	if (in_ns == 0) {
		pp_err("--dev %s: no such device%s", spec,
		       mf->netns ? " in that namespace" : " in any network namespace");
		return -1;
	}
	if (!*end) {
		/* An ifindex names a device only inside one namespace. */
		mf->ifindex = idx;
		if (!mf->netns && in_ns > 1)
			pp_note("--dev %s: ifindex %lu exists in %d namespaces; matching all "
				"(add --netns to choose one)",
				spec, idx, in_ns);
	} else {
		memcpy((char *)mf->dev_name, spec, strlen(spec));
	}
	return 0;
}

int filter_resolve_irq(const char *spec)
{
	char line[1024], *end;
	long want = strtol(spec, &end, 10);
	bool by_number = *spec && !*end;
	int irq = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f) {
		pp_err("--irq %s: cannot read /proc/interrupts", spec);
		return -1;
	}
	while (irq < 0 && fgets(line, sizeof(line), f)) {
		char *p = line, *colon = strchr(line, ':');
		long num;

		while (isspace((unsigned char)*p))
			p++;
		if (!colon || !isdigit((unsigned char)*p))
			continue; /* NMI, LOC...: not device interrupts */
		num = strtol(p, NULL, 10);
		if (by_number) {
			if (num == want)
				irq = num;
			continue;
		}
		/* The action names are the last words of the line. */
		line[strcspn(line, "\n")] = 0;
		for (char *tok = strtok(colon + 1, " \t,"); tok; tok = strtok(NULL, " \t,"))
			if (!strcmp(tok, spec))
				irq = num;
	}
	fclose(f);
	if (irq < 0)
		pp_err("--irq %s: no such interrupt in /proc/interrupts", spec);
	return irq;
}

int filter_build(const struct pp_common_opts *co, struct pp_filter *f)
{
	struct pp_meta_filter *mf = &f->mf;
	int ncpus = libbpf_num_possible_cpus(), err;

	memset(f, 0, sizeof(*f));
	mf->cpu = co->cpu;
	mf->queue = co->queue;
	mf->irq = -1;
	if (co->cpu >= 0 && co->cpu >= ncpus) {
		pp_err("--cpu %d: this machine has CPUs 0 to %d", co->cpu, ncpus - 1);
		return PP_EXIT_USAGE;
	}
	if (co->netns && netns_resolve(co->netns, &mf->netns))
		return PP_EXIT_USAGE;
	if (co->dev && resolve_dev(co->dev, mf))
		return PP_EXIT_USAGE;
	if (co->irq && (mf->irq = filter_resolve_irq(co->irq)) < 0)
		return PP_EXIT_USAGE;
	err = pp_expr_compile(co->expr, &f->expr);
	if (err)
		return err;
	if (f->expr)
		pp_expr_set_rodata(f->expr, mf);
	return 0;
}

int filter_apply(const struct pp_filter *f, struct bpf_object *obj,
		 volatile struct pp_meta_filter *rodata)
{
	memcpy((void *)rodata, &f->mf, sizeof(f->mf));
	return f->expr ? pp_expr_splice(f->expr, obj) : 0;
}

void filter_free(struct pp_filter *f)
{
	pp_expr_free(f->expr);
	f->expr = NULL;
}

void filter_describe(const struct pp_filter *f, const struct pp_common_opts *co, char *buf,
		     size_t len)
{
	size_t off = 0;

	buf[0] = 0;
#define ADD(...)                                                                           \
	do {                                                                               \
		if (off < len)                                                             \
			off += snprintf(buf + off, len - off, __VA_ARGS__);                \
	} while (0)
	if (co->dev)
		ADD(" --dev %s", co->dev);
	if (co->netns)
		ADD(" --netns %s", co->netns);
	if (co->cpu >= 0)
		ADD(" --cpu %d", co->cpu);
	if (co->queue >= 0)
		ADD(" --queue %d", co->queue);
	if (co->irq)
		ADD(" --irq %s(%d)", co->irq, f->mf.irq);
	if (f->expr)
		ADD(" '%s'", pp_expr_text(f->expr));
#undef ADD
	if (!buf[0])
		snprintf(buf, len, " (none)");
}
