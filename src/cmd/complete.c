// SPDX-License-Identifier: GPL-2.0
/*
 * complete.c - `pktpath --complete WHAT [COMMAND]`: the words the shell
 * completion (dist/bash-completion/pktpath) offers, one per line, taken
 * from the tables pktpath itself parses with, so completion cannot offer
 * what pktpath would refuse nor miss what it accepts:
 *
 *   commands           the command names
 *   options COMMAND    its options, "--name ARG" or "--name" (a flag), and
 *                      the short forms likewise
 *   stages             what --from/--to accept (`latency`)
 *   attach             what --attach accepts
 *   devices            device names in every network namespace pktpath
 *                      can enter, as --dev finds them (only pktpath's own
 *                      namespace without privileges)
 *   functions [PREFIX] kernel functions --stage accepts (an skb argument
 *                      in their BTF prototype), those starting with PREFIX
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/complete_fn.h"
#include "modes/trace/stages.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/netns.h"
#include "lib/vec.h"

/* Device names of the current namespace, '\n'-separated, into buf. */
static int names_in_ns(void *arg, char *buf, size_t len)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	size_t off = 0;

	(void)arg;
	if (!ifs)
		return -1;
	for (i = ifs; i->if_index && off < len; i++)
		off += snprintf(buf + off, len - off, "%s\n", i->if_name);
	if_freenameindex(ifs);
	return off < len ? (int)off : (int)len;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the lines of one namespace's answer into *names. */
static int add_lines(char ***names, size_t *n, size_t *cap, char *buf, int len)
{
	for (char *p = buf, *nl; p < buf + len && (nl = memchr(p, '\n', buf + len - p));
	     p = nl + 1) {
		char **slot = vec_push(names, n, cap, sizeof(**names));

		*nl = 0;
		if (!slot || !(*slot = strdup(p)))
			return -1;
	}
	return 0;
}

static int list_devices(void)
{
	/* Some 4000 names per namespace; a namespace with more is cut short,
	 * which costs only completions (nothing else reads this list). */
	static char buf[1 << 16];
	struct netns_entry *ns;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int n_ns, len, err = 0;

	n_ns = netns_list(&ns);
	if (n_ns < 0)
		return PP_EXIT_FAIL;
	for (int i = 0; i < n_ns && !err; i++) {
		if (ns[i].inode == netns_self())
			len = names_in_ns(NULL, buf, sizeof(buf));
		else
			len = netns_run(ns[i].inode, 0, names_in_ns, NULL, buf, sizeof(buf));
		if (len > 0)
			err = add_lines(&names, &n, &cap, buf, len);
	}
	free(ns);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n && !err; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			printf("%s\n", names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return err ? PP_EXIT_FAIL : PP_EXIT_OK;
}

int complete_run(const struct pp_command *const *cmds, size_t n_cmds, const struct pp_command *cmd,
		 const char *what, const char *arg)
{
	if (!what) {
		pp_err("--complete: say what (commands, options COMMAND, stages, attach, devices, "
		       "functions PREFIX)");
		return PP_EXIT_USAGE;
	}
	if (!strcmp(what, "commands")) {
		for (size_t i = 0; i < n_cmds; i++)
			printf("%s\n", cmds[i]->name);
	} else if (!strcmp(what, "options")) {
		if (!cmd) {
			pp_err("--complete options: name a command pktpath knows");
			return PP_EXIT_USAGE;
		}
		opts_list(cmd, stdout);
	} else if (!strcmp(what, "stages")) {
		for (unsigned int s = PP_STAGE_NONE + 1; s < PP_STAGE_MAX; s++)
			printf("%s\n", stage_name(s));
	} else if (!strcmp(what, "attach")) {
		for (int m = 0; m < HOOK_MECH_MAX; m++)
			printf("%s\n", hooks_mech_name(m));
		printf("kprobe.multi\n"); /* function stages (hooks_mech_is_multi) */
	} else if (!strcmp(what, "devices")) {
		return list_devices();
	} else if (!strcmp(what, "functions")) {
		return complete_functions(arg);
	} else {
		pp_err("--complete %s: unknown (commands, options COMMAND, stages, attach, "
		       "devices, functions PREFIX)",
		       what);
		return PP_EXIT_USAGE;
	}
	return PP_EXIT_OK;
}
