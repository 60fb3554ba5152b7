// SPDX-License-Identifier: GPL-2.0
/*
 * Options stored by their table entries (PP_OPT_STORE_*): each type lands
 * in its field, limits and bad values are usage errors, short names work,
 * and only PP_OPT_CUSTOM options reach the command's parse().
 */
#include <stdio.h>
#include <string.h>

#include "pktpath.h"
#include "lib/log.h"
#include "lib/opts.h"

struct demo_opts {
	bool flag;
	unsigned long count;
	long queue;
	double wait;
	const char *name;
	const char *custom;
	int custom_calls;
};

enum { ID_CUSTOM = 7 };

static const struct pp_option demo_options[] = {
	{ 0, "flag", 'f', NULL, "a flag", PP_OPT_STORE_FLAG(struct demo_opts, flag) },
	{ 0, "count", 'n', "N", "a count", PP_OPT_STORE_ULONG(struct demo_opts, count, 16, 1024) },
	{ 0, "queue", 0, "Q", "a queue", PP_OPT_STORE_LONG(struct demo_opts, queue, 0, 65534) },
	{ 0, "wait", 0, "S", "seconds", PP_OPT_STORE_SECONDS(struct demo_opts, wait) },
	{ 0, "name", 0, "NAME", "a word", PP_OPT_STORE_STRING(struct demo_opts, name) },
	{ .id = ID_CUSTOM, "custom", 'c', "X", "stored by code" },
	{ 0 },
};

static void demo_init(void *opts)
{
	struct demo_opts *o = opts;

	memset(o, 0, sizeof(*o));
	o->count = 100;
	o->queue = -1;
}

static int demo_parse(void *opts, int id, const char *arg)
{
	struct demo_opts *o = opts;

	o->custom_calls++;
	if (id != ID_CUSTOM || !strcmp(arg, "refuse"))
		return -1;
	o->custom = arg;
	return 0;
}

static const struct pp_command demo_cmd = {
	.name = "demo",
	.synopsis = "",
	.description = "",
	.options = demo_options,
	.opts_size = sizeof(struct demo_opts),
	.init = demo_init,
	.parse = demo_parse,
};

/* Parse a NULL-terminated argument list (after the command name). */
static int parse(struct demo_opts *o, const char **args)
{
	char *argv[16] = { "demo" };
	struct pp_common_opts co;
	bool help;
	int argc = 1, rc;

	while (*args && argc < 15)
		argv[argc++] = (char *)*args++;
	rc = opts_parse(&demo_cmd, argc, argv, &co, o, &help);
	opts_free(&co);
	return rc;
}

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);         \
			bad = 1;                                                           \
		}                                                                          \
	} while (0)

int main(void)
{
	struct demo_opts o;
	int bad = 0;

	pp_verbosity = -1; /* the refusals print errors: keep them quiet */

	CHECK(parse(&o, (const char *[]){ NULL }) == 0);
	CHECK(!o.flag && o.count == 100 && o.queue == -1 && !o.name && !o.custom_calls);

	CHECK(parse(&o, (const char *[]){ "--flag", "--count", "16", "--queue", "65534",
					  "--wait", "500ms", "--name", "eth0", "-c", "x",
					  NULL }) == 0);
	CHECK(o.flag && o.count == 16 && o.queue == 65534 && o.wait == 0.5);
	CHECK(o.name && !strcmp(o.name, "eth0"));
	CHECK(o.custom && !strcmp(o.custom, "x") && o.custom_calls == 1);

	/* Short names of stored options. */
	CHECK(parse(&o, (const char *[]){ "-f", "-n", "1024", NULL }) == 0);
	CHECK(o.flag && o.count == 1024 && !o.custom_calls);

	/* Out of range, not a number, a bad duration, a refusal by parse(). */
	CHECK(parse(&o, (const char *[]){ "--count", "15", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "--count", "1025", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "--queue", "-1", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "--queue", "65535", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "--count", "12x", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "--wait", "0", NULL }) == PP_EXIT_USAGE);
	CHECK(parse(&o, (const char *[]){ "-c", "refuse", NULL }) == PP_EXIT_USAGE);
	CHECK(o.custom_calls == 1);
	/* A failed value leaves the default in place. */
	CHECK(parse(&o, (const char *[]){ "--count", "2000", NULL }) == PP_EXIT_USAGE);
	CHECK(o.count == 100);
	if (!bad)
		printf("ok\n");
	return bad;
}
