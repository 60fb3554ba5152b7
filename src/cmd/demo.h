/* SPDX-License-Identifier: GPL-2.0 */
/* demo.h - the acts of `pktpath demo` (demo.c runs them, one file each). */
#ifndef PP_CMD_DEMO_H
#define PP_CMD_DEMO_H

#include "lib/opts.h"
#include "lib/sandbox.h"

/* Runs one act: drive() sends traffic in a child once `ready` exists,
 * while cmd traces with tco and cmd_opts. Returns cmd's exit code. */
typedef int (*demo_act_fn)(const struct sandbox *sb,
			   int (*drive)(const struct sandbox *sb, const char *ready),
			   const struct pp_command *cmd, struct pp_common_opts *tco,
			   void *cmd_opts);

/* demo_rx.c: the receive act, with rxq. */
int demo_rx_act(const struct sandbox *sb, const struct pp_common_opts *co, demo_act_fn run_act);

#endif
