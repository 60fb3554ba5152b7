/* SPDX-License-Identifier: GPL-2.0 */
/*
 * opts.h - subcommands and their options.
 *
 * Every subcommand is a struct pp_command: its help text, the common options
 * it accepts, a table of its own options, and a run function. Option tables
 * drive both getopt_long and --help, so the two cannot disagree.
 */
#ifndef PP_OPTS_H
#define PP_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Options several commands share, parsed into struct pp_common_opts. */
enum pp_common_opt {
	PP_OPT_DURATION = 1 << 0,
	PP_OPT_COUNT = 1 << 1,
	PP_OPT_INTERVAL = 1 << 2,
	PP_OPT_JSON = 1 << 3,
	PP_OPT_DEV = 1 << 4,
	PP_OPT_NETNS = 1 << 5,
	PP_OPT_CPU = 1 << 6,
	PP_OPT_QUEUE = 1 << 7,
	PP_OPT_IRQ = 1 << 8,
	PP_OPT_FILTER = 1 << 9, /* positional tcpdump expression */
	PP_OPT_READY_FILE = 1 << 10,
	PP_OPT_ATTACH = 1 << 11, /* force an attach mechanism (tests, odd kernels) */
	PP_OPT_WRITE = 1 << 12,  /* -w FILE pcapng, --snaplen, -C, --max-files */
	PP_OPT_ARGS = 1 << 13,   /* positional words other than a filter (args) */
};

/* The meta filters of a capture mode, plus the packet expression. */
#define PP_OPTS_CAPTURE                                                                    \
	(PP_OPT_DURATION | PP_OPT_COUNT | PP_OPT_INTERVAL | PP_OPT_JSON | PP_OPT_DEV |      \
	 PP_OPT_NETNS | PP_OPT_CPU | PP_OPT_QUEUE | PP_OPT_FILTER | PP_OPT_READY_FILE |    \
	 PP_OPT_ATTACH)

struct pp_common_opts {
	double duration;        /* seconds; 0 = until interrupted */
	unsigned long count;    /* stop after this many events; 0 = no limit */
	double interval;        /* seconds between summaries; 0 = only at exit */
	bool json;              /* JSON Lines on stdout */
	const char *dev;        /* --dev NAME|INDEX */
	const char *netns;      /* --netns NAME|PATH */
	int cpu;                /* -1 = any */
	int queue;              /* -1 = any */
	const char *irq;        /* --irq NUMBER|NAME */
	const char *ready_file; /* created once tracing has started */
	const char *attach;     /* --attach MECH, NULL = best available */
	char *expr;             /* tcpdump expression, NULL when none */
	const char *write;      /* -w FILE (pcapng), "-" for stdout; NULL none */
	unsigned long snaplen;  /* --snaplen; 0 = the default */
	unsigned long file_mb;  /* -C: rotate at this many million bytes; 0 never */
	unsigned long max_files; /* --max-files: a ring of this many; 0 no bound */
	char **args;            /* PP_OPT_ARGS: the positional words (in argv) */
	int n_args;
};

/*
 * How opts_parse() stores a command's option. Most options are a number
 * within limits or a flag, and need no code: their table entry says where
 * in the command's options struct the value goes (PP_OPT_STORE_* below).
 * The rest are PP_OPT_CUSTOM, handed to the command's parse() by id.
 */
enum pp_option_type {
	PP_OPT_CUSTOM = 0,
	PP_OPT_FLAG,    /* bool, set to true */
	PP_OPT_ULONG,   /* unsigned long, from min to max */
	PP_OPT_LONG,    /* long, from min to max (a default may be -1: "any") */
	PP_OPT_SECONDS, /* double: "10", "1.5", "500ms", "2m" */
	PP_OPT_STRING,  /* const char *: the word as given */
};

/* A command's own option; ids are the command's business. */
struct pp_option {
	int id;
	const char *name;  /* long name, without "--" */
	char short_name;   /* 0 when none */
	const char *arg;   /* NULL for a flag, else the name shown in --help */
	const char *help;
	enum pp_option_type type;
	size_t offset;     /* of the value in the command's options struct */
	unsigned long min, max;
};

/* The tail of a table entry that stores its value without code. */
#define PP_OPT_STORE_FLAG(opts, field) .type = PP_OPT_FLAG, .offset = offsetof(opts, field)
#define PP_OPT_STORE_ULONG(opts, field, lo, hi)                                            \
	.type = PP_OPT_ULONG, .offset = offsetof(opts, field), .min = (lo), .max = (hi)
#define PP_OPT_STORE_LONG(opts, field, lo, hi)                                             \
	.type = PP_OPT_LONG, .offset = offsetof(opts, field), .min = (lo), .max = (hi)
#define PP_OPT_STORE_SECONDS(opts, field) .type = PP_OPT_SECONDS, .offset = offsetof(opts, field)
#define PP_OPT_STORE_STRING(opts, field) .type = PP_OPT_STRING, .offset = offsetof(opts, field)

struct pp_command {
	const char *name;
	const char *summary;     /* one line, for `pktpath --help` */
	const char *synopsis;    /* arguments after the command name */
	const char *description; /* paragraphs for `pktpath CMD --help` */
	const char *examples;    /* lines for `pktpath CMD --help` */
	unsigned int common;     /* enum pp_common_opt bits it accepts */
	const struct pp_option *options; /* terminated by a zero entry */
	size_t opts_size;        /* size of the command's options struct */
	void (*init)(void *opts);
	/* For PP_OPT_CUSTOM options only (NULL when there are none): returns 0,
	 * or -1 after printing one line. */
	int (*parse)(void *opts, int id, const char *arg);
	int (*run)(const struct pp_common_opts *co, void *opts);
};

/* Parse argv (after the command name). Returns 0 or an exit code; sets
 * *help when --help was given. */
int opts_parse(const struct pp_command *cmd, int argc, char **argv, struct pp_common_opts *co,
	       void *cmd_opts, bool *help);
void opts_free(struct pp_common_opts *co);
void opts_print_help(const struct pp_command *cmd, FILE *out);
/* Every option cmd accepts, one a line: "--name ARG" or "--name" for a
 * flag, then "-x ARG" or "-x" for its short form (shell completion). */
void opts_list(const struct pp_command *cmd, FILE *out);

/* Value parsers: print a one-line error naming the option, return -1. */
int opts_parse_seconds(const char *opt, const char *arg, double *out);
int opts_parse_ulong(const char *opt, const char *arg, unsigned long min, unsigned long max,
		     unsigned long *out);

#endif
