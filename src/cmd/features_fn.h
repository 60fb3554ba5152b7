/* SPDX-License-Identifier: GPL-2.0 */
/* features_fn.h - `pktpath features --functions GLOB` (features_fn.c). */
#ifndef PP_CMD_FEATURES_FN_H
#define PP_CMD_FEATURES_FN_H

#include <stdbool.h>

/* List the functions a --stage GLOB would select; an exit code. */
int features_functions(const char *glob, bool json);

#endif
