/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands; main.c lists them in its command table. */
#ifndef PP_COMMANDS_H
#define PP_COMMANDS_H

#include "lib/opts.h"

extern const struct pp_command cmd_txq;
extern const struct pp_command cmd_rxq;
extern const struct pp_command cmd_demo;
extern const struct pp_command cmd_features;
extern const struct pp_command cmd_drops;
extern const struct pp_command cmd_otherhost;
extern const struct pp_command cmd_trace;
extern const struct pp_command cmd_latency;
extern const struct pp_command cmd_show;
extern const struct pp_command cmd_export;

/* `pktpath --version` (version.c). */
int version_run(void);

/* `pktpath --complete WHAT [COMMAND|PREFIX]`, for shell completion
 * (complete.c); cmd is COMMAND as find_command() resolved it, NULL when
 * none; arg the word itself. */
int complete_run(const struct pp_command *const *cmds, size_t n_cmds, const struct pp_command *cmd,
		 const char *what, const char *arg);

#endif
