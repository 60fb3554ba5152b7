/* SPDX-License-Identifier: GPL-2.0 */
/*
 * complete_fn.h - `pktpath --complete functions [PREFIX]` (complete_fn.c).
 */
#ifndef PP_CMD_COMPLETE_FN_H
#define PP_CMD_COMPLETE_FN_H

/* The kernel functions --stage accepts whose name starts with prefix (NULL:
 * all), sorted, one a line. Returns an exit code. */
int complete_functions(const char *prefix);

#endif
