// SPDX-License-Identifier: GPL-2.0
#include "lib/log.h"
#include "cmd/commands.h"

static int run(const struct pp_common_opts *co, void *opts)
{
	pp_err("txq: not implemented yet");
	return PP_EXIT_FAIL;
}

const struct pp_command cmd_txq = {
	.name = "txq",
	.summary = "(in progress)",
	.synopsis = "",
	.description = "",
	.run = run,
};
