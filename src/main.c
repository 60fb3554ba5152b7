// SPDX-License-Identifier: GPL-2.0
/*
 * pktpath - where every packet goes inside the Linux kernel, and when.
 *
 * main.c owns the global flags and the command table; each command lives
 * in src/modes/NAME/ with its BPF side beside it (other commands: src/cmd/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/opts.h"
#include "cmd/commands.h"

static const struct pp_command *const commands[] = {
	&cmd_txq,
	&cmd_rxq,
	&cmd_trace,
	&cmd_latency,
	&cmd_drops,
	&cmd_otherhost,
	&cmd_export,
	&cmd_demo,
	&cmd_features,
	&cmd_show,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: pktpath COMMAND [FILTER] [OPTIONS]\n"
		"\n"
		"Shows where packets go inside the Linux kernel, and when, with eBPF\n"
		"programs that filter (tcpdump syntax) and aggregate in the kernel.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out,
		"\n"
		"Global options:\n"
		"  -h, --help     this help; `pktpath COMMAND --help` for a command\n"
		"  -V, --version  the version, libbpf and libpcap in use, and this kernel's\n"
		"                 BPF features in one line\n"
		"\n"
		"Start with `pktpath demo`: it builds a sandbox of two network namespaces,\n"
		"sends traffic through it and shows what `pktpath txq` sees.\n"
		"Exit status: 0 ok, 1 run-time failure, 2 bad command line, 3 missing\n"
		"privileges or kernel support, 4 the kernel refused a BPF program.\n");
}

/* Exact name first, then a unique prefix, as bpftool does. */
static const struct pp_command *find_command(const char *name)
{
	const struct pp_command *found = NULL;
	size_t len = strlen(name);

	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (!strcmp(commands[i]->name, name))
			return commands[i];
		if (!strncmp(commands[i]->name, name, len)) {
			if (found)
				return NULL;
			found = commands[i];
		}
	}
	return found;
}

int main(int argc, char **argv)
{
	const struct pp_command *cmd;
	struct pp_common_opts co;
	void *cmd_opts = NULL;
	bool help;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage(stderr);
		return PP_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return PP_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))
		return version_run();
	/* Hidden: the shell completion's source of words. */
	if (!strcmp(argv[1], "--complete"))
		return complete_run(commands, N_COMMANDS, argc > 3 ? find_command(argv[3]) : NULL,
				    argc > 2 ? argv[2] : NULL, argc > 3 ? argv[3] : NULL);
	cmd = find_command(argv[1]);
	if (!cmd) {
		pp_err("unknown command '%s' (see `pktpath --help`)", argv[1]);
		return PP_EXIT_USAGE;
	}
	if (cmd->opts_size) {
		cmd_opts = calloc(1, cmd->opts_size);
		if (!cmd_opts)
			return PP_EXIT_FAIL;
	}
	ret = opts_parse(cmd, argc - 1, argv + 1, &co, cmd_opts, &help);
	if (!ret && help)
		opts_print_help(cmd, stdout);
	else if (!ret)
		ret = cmd->run(&co, cmd_opts);
	opts_free(&co);
	free(cmd_opts);
	return ret;
}
