// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pktpath.h"
#include "log.h"
#include "opts.h"

/* Ids of the common options; command options use their own ids, which
 * opts_parse() shifts above these. */
enum {
	CO_DURATION = 1,
	CO_COUNT,
	CO_INTERVAL,
	CO_JSON,
	CO_DEV,
	CO_NETNS,
	CO_CPU,
	CO_QUEUE,
	CO_IRQ,
	CO_READY_FILE,
	CO_ATTACH,
	CO_VERBOSE,
	CO_HELP,
	CO_WRITE,
	CO_SNAPLEN,
	CO_FILE_SIZE,
	CO_MAX_FILES,
	CO_CMD_BASE = 1000,
};

/* Their values go to struct pp_common_opts (parse_common), not through the
 * table: `.id =` only makes the rest of each entry positional. */
struct common_option {
	unsigned int bit; /* enum pp_common_opt; 0 = every command */
	struct pp_option opt;
};

static const struct common_option common_options[] = {
	{ PP_OPT_DEV, { .id = CO_DEV, "dev", 'd', "DEV",
	  "only packets of device DEV (name or ifindex), in any namespace" } },
	{ PP_OPT_NETNS, { .id = CO_NETNS, "netns", 'N', "NS",
	  "only devices in network namespace NS (name from `ip netns`, or a path)" } },
	{ PP_OPT_CPU, { .id = CO_CPU, "cpu", 'c', "CPU", "only packets handled on CPU" } },
	{ PP_OPT_QUEUE, { .id = CO_QUEUE, "queue", 'q', "Q", "only packets on queue Q" } },
	{ PP_OPT_IRQ, { .id = CO_IRQ, "irq", 0, "IRQ",
	  "only packets brought in by hard IRQ number or name (see /proc/interrupts)" } },
	{ PP_OPT_INTERVAL, { .id = CO_INTERVAL, "interval", 'i', "S",
	  "print a summary every S seconds (default: only at exit)" } },
	{ PP_OPT_DURATION, { .id = CO_DURATION, "duration", 'D', "S",
	  "stop after S seconds (default: at Ctrl-C)" } },
	{ PP_OPT_COUNT, { .id = CO_COUNT, "count", 'n', "N", "stop after N events" } },
	{ PP_OPT_JSON, { .id = CO_JSON, "json", 'j', NULL,
	  "write JSON Lines (one object per line) instead of text" } },
	{ PP_OPT_READY_FILE, { .id = CO_READY_FILE, "ready-file", 0, "FILE",
	  "create FILE once tracing has started (for scripts)" } },
	{ PP_OPT_ATTACH, { .id = CO_ATTACH, "attach", 0, "MECH",
	  "attach the hooks of its kind this way only: tp_btf, raw_tp or tracepoint "
	  "(tracepoints); fentry, fexit, kprobe or kretprobe (kernel functions); "
	  "kprobe.multi (trace's and latency's function stages, one link for all)" } },
	{ PP_OPT_WRITE, { .id = CO_WRITE, "write", 'w', "FILE",
	  "also write each record's packet to FILE as pcapng, for Wireshark and tshark, "
	  "with the record as the packet's comment; `pktpath show FILE` prints it back. "
	  "-w - writes to stdout (the text then goes to stderr)" } },
	{ PP_OPT_WRITE, { .id = CO_SNAPLEN, "snaplen", 0, "N",
	  "with -w: keep at most N bytes of each packet (1-256, default 256; the copy "
	  "starts at the MAC header, or at the IP header where there is none)" } },
	{ PP_OPT_WRITE, { .id = CO_FILE_SIZE, "file-size", 'C', "MB",
	  "with -w: start a new file before one grows past MB million bytes: FILE, FILE1, "
	  "FILE2... as tcpdump -C" } },
	{ PP_OPT_WRITE, { .id = CO_MAX_FILES, "max-files", 0, "N",
	  "with -C: keep N files, FILE0 to FILE<N-1>, overwriting the oldest (tcpdump -W)" } },
	{ 0, { .id = CO_VERBOSE, "verbose", 'v', NULL,
	  "say more, with libbpf's warnings and the verifier's log; twice: libbpf's debug log" } },
	{ 0, { .id = CO_HELP, "help", 'h', NULL, "show this help" } },
};

#define N_COMMON (sizeof(common_options) / sizeof(common_options[0]))

static size_t count_cmd_options(const struct pp_command *cmd)
{
	size_t n = 0;

	while (cmd->options && cmd->options[n].name)
		n++;
	return n;
}

static bool common_enabled(const struct pp_command *cmd, const struct common_option *c)
{
	return !c->bit || (cmd->common & c->bit);
}

int opts_parse_seconds(const char *opt, const char *arg, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end != arg && !strcmp(end, "ms"))
		v /= 1000.0;
	else if (end != arg && !strcmp(end, "m"))
		v *= 60.0;
	else if (end != arg && *end == 's' && !end[1])
		;
	else if (end == arg || *end)
		v = -1;
	if (errno || !isfinite(v) || v <= 0 || v > 365 * 86400.0) {
		pp_err("--%s: '%s' is not a positive number of seconds (e.g. 10, 1.5, 500ms)",
		       opt, arg);
		return -1;
	}
	*out = v;
	return 0;
}

int opts_parse_ulong(const char *opt, const char *arg, unsigned long min, unsigned long max,
		     unsigned long *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-' || v < min || v > max) {
		pp_err("--%s: '%s' is not a whole number from %lu to %lu", opt, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_common(struct pp_common_opts *co, int id, const char *name, const char *arg)
{
	unsigned long v;

	switch (id) {
	case CO_DURATION:
		return opts_parse_seconds(name, arg, &co->duration);
	case CO_INTERVAL:
		return opts_parse_seconds(name, arg, &co->interval);
	case CO_COUNT:
		return opts_parse_ulong(name, arg, 1, ULONG_MAX, &co->count);
	case CO_JSON:
		co->json = true;
		return 0;
	case CO_DEV:
		co->dev = arg;
		return 0;
	case CO_NETNS:
		co->netns = arg;
		return 0;
	case CO_CPU:
		if (opts_parse_ulong(name, arg, 0, 8191, &v))
			return -1;
		co->cpu = (int)v;
		return 0;
	case CO_QUEUE:
		if (opts_parse_ulong(name, arg, 0, 65535, &v))
			return -1;
		co->queue = (int)v;
		return 0;
	case CO_IRQ:
		co->irq = arg;
		return 0;
	case CO_READY_FILE:
		co->ready_file = arg;
		return 0;
	case CO_ATTACH:
		co->attach = arg;
		return 0;
	case CO_VERBOSE:
		pp_verbosity++;
		return 0;
	case CO_WRITE:
		co->write = arg;
		return 0;
	case CO_SNAPLEN:
		return opts_parse_ulong(name, arg, 1, PP_SNAP_MAX, &co->snaplen);
	case CO_FILE_SIZE:
		return opts_parse_ulong(name, arg, 1, 1000000, &co->file_mb);
	case CO_MAX_FILES:
		return opts_parse_ulong(name, arg, 1, 1000000, &co->max_files);
	}
	return -1;
}

/* The positional words form one tcpdump expression, as with tcpdump. */
static int join_expression(struct pp_common_opts *co, int argc, char **argv)
{
	size_t len = 0;
	char *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	co->expr = calloc(1, len + 1);
	if (!co->expr)
		return -1;
	p = co->expr;
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	return 0;
}

/* Store a command option's value where its table entry says. */
static int store_option(const struct pp_command *cmd, void *cmd_opts, const struct pp_option *o,
			const char *arg)
{
	char *at = (char *)cmd_opts + o->offset;
	unsigned long v;

	switch (o->type) {
	case PP_OPT_FLAG:
		*(bool *)at = true;
		return 0;
	case PP_OPT_ULONG:
		return opts_parse_ulong(o->name, arg, o->min, o->max, (unsigned long *)at);
	case PP_OPT_LONG:
		if (opts_parse_ulong(o->name, arg, o->min, o->max, &v))
			return -1;
		*(long *)at = (long)v;
		return 0;
	case PP_OPT_SECONDS:
		return opts_parse_seconds(o->name, arg, (double *)at);
	case PP_OPT_STRING:
		*(const char **)at = arg;
		return 0;
	case PP_OPT_CUSTOM:
		break;
	}
	return cmd->parse(cmd_opts, o->id, arg);
}

/* Map what getopt_long returned (a short option letter or a long option's
 * id) to the option's id and long name. A command option's id is
 * CO_CMD_BASE + its index in the table. */
static int resolve_option(const struct pp_command *cmd, int c, const char **name)
{
	for (size_t i = 0; i < N_COMMON; i++) {
		const struct pp_option *o = &common_options[i].opt;

		if (common_enabled(cmd, &common_options[i]) && (o->id == c || o->short_name == c)) {
			*name = o->name;
			return o->id;
		}
	}
	for (size_t i = 0; cmd->options && cmd->options[i].name; i++) {
		const struct pp_option *o = &cmd->options[i];

		if (CO_CMD_BASE + (int)i == c || (o->short_name && o->short_name == c)) {
			*name = o->name;
			return CO_CMD_BASE + (int)i;
		}
	}
	return -1;
}

static void add_option(struct option *longopts, size_t *n, char *shortopts, size_t *sp,
		       const struct pp_option *o, int id)
{
	longopts[(*n)++] =
		(struct option){ o->name, o->arg ? required_argument : no_argument, NULL, id };
	if (o->short_name) {
		shortopts[(*sp)++] = o->short_name;
		if (o->arg)
			shortopts[(*sp)++] = ':';
	}
}

int opts_parse(const struct pp_command *cmd, int argc, char **argv, struct pp_common_opts *co,
	       void *cmd_opts, bool *help)
{
	size_t n_cmd = count_cmd_options(cmd), n = 0, sp = 0;
	char shortopts[128];
	struct option *longopts;
	int ret = PP_EXIT_USAGE, c;

	memset(co, 0, sizeof(*co));
	co->cpu = -1;
	co->queue = -1;
	*help = false;
	if (cmd->init)
		cmd->init(cmd_opts);

	longopts = calloc(N_COMMON + n_cmd + 1, sizeof(*longopts));
	if (!longopts)
		return PP_EXIT_FAIL;
	/* Leading ':' tells a missing value apart from an unknown option.
	 * Options may follow the expression, as with tcpdump. */
	shortopts[sp++] = ':';
	for (size_t i = 0; i < N_COMMON; i++)
		if (common_enabled(cmd, &common_options[i]))
			add_option(longopts, &n, shortopts, &sp, &common_options[i].opt,
				   common_options[i].opt.id);
	for (size_t i = 0; i < n_cmd; i++)
		add_option(longopts, &n, shortopts, &sp, &cmd->options[i], CO_CMD_BASE + (int)i);
	shortopts[sp] = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		/* The word as typed: "--duration", "-D", "-xv". */
		const char *name = NULL, *what = argv[optind - 1];
		int id;

		if (c == ':') {
			pp_err("%s: option '%s' needs a value (see `pktpath %s --help`)", cmd->name,
			       what, cmd->name);
			goto out;
		}
		if (c == '?') {
			pp_err("%s: unknown option '%s' (see `pktpath %s --help`)", cmd->name, what,
			       cmd->name);
			goto out;
		}
		id = resolve_option(cmd, c, &name);
		if (id == CO_HELP) {
			*help = true;
			ret = 0;
			goto out;
		}
		if (id >= CO_CMD_BASE) {
			if (store_option(cmd, cmd_opts, &cmd->options[id - CO_CMD_BASE], optarg))
				goto out;
		} else if (parse_common(co, id, name, optarg)) {
			goto out;
		}
	}
	if (optind < argc && (cmd->common & PP_OPT_ARGS)) {
		co->args = argv + optind;
		co->n_args = argc - optind;
	} else if (optind < argc) {
		if (!(cmd->common & PP_OPT_FILTER)) {
			pp_err("%s: unexpected argument '%s' (see `pktpath %s --help`)", cmd->name,
			       argv[optind], cmd->name);
			goto out;
		}
		if (join_expression(co, argc - optind, argv + optind)) {
			ret = PP_EXIT_FAIL;
			goto out;
		}
	}
	ret = 0;
out:
	free(longopts);
	return ret;
}

void opts_free(struct pp_common_opts *co)
{
	free(co->expr);
	co->expr = NULL;
}

/* "  -d, --dev DEV   help text", the help wrapped to 80 columns. */
static void print_option(FILE *out, const struct pp_option *o)
{
	const int indent = 28, width = 80 - indent;
	const char *h = o->help;
	char left[64];

	snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->short_name ? "-" : " ",
		 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ", o->name,
		 o->arg ? " " : "", o->arg ? o->arg : "");
	fprintf(out, "  %-*s", indent - 2, left);
	if ((int)strlen(left) > indent - 3)
		fprintf(out, "\n%*s", indent, "");
	while (*h) {
		int n = (int)strlen(h);

		if (n > width) {
			n = width;
			while (n > 0 && h[n] != ' ')
				n--;
			if (!n)
				n = width;
		}
		fprintf(out, "%.*s\n", n, h);
		h += n;
		while (*h == ' ')
			h++;
		if (*h)
			fprintf(out, "%*s", indent, "");
	}
}

void opts_print_help(const struct pp_command *cmd, FILE *out)
{
	size_t n_cmd = count_cmd_options(cmd);

	fprintf(out, "Usage: pktpath %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->description);
	if (cmd->common & PP_OPT_FILTER)
		fprintf(out, "\nFILTER is a tcpdump expression (pcap-filter(7)), run inside the kernel:\n"
			     "  pktpath %s 'udp and dst port 53'\n",
			cmd->name);
	if (n_cmd) {
		fprintf(out, "\nOptions of %s:\n", cmd->name);
		for (size_t i = 0; i < n_cmd; i++)
			print_option(out, &cmd->options[i]);
	}
	fprintf(out, "\nCommon options:\n");
	for (size_t i = 0; i < N_COMMON; i++)
		if (common_enabled(cmd, &common_options[i]))
			print_option(out, &common_options[i].opt);
	if (cmd->examples)
		fprintf(out, "\nExamples:\n%s", cmd->examples);
}

static void list_option(FILE *out, const struct pp_option *o)
{
	fprintf(out, "--%s%s%s\n", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	if (o->short_name)
		fprintf(out, "-%c%s%s\n", o->short_name, o->arg ? " " : "", o->arg ? o->arg : "");
}

void opts_list(const struct pp_command *cmd, FILE *out)
{
	for (size_t i = 0; cmd->options && cmd->options[i].name; i++)
		list_option(out, &cmd->options[i]);
	for (size_t i = 0; i < N_COMMON; i++)
		if (common_enabled(cmd, &common_options[i]))
			list_option(out, &common_options[i].opt);
}
