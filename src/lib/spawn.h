/* SPDX-License-Identifier: GPL-2.0 */
/* spawn.h - run a helper command (ip, tc) without a shell. */
#ifndef PP_SPAWN_H
#define PP_SPAWN_H

/* Run argv[0] (looked up in PATH) with the NULL-terminated list of
 * arguments, output to /dev/null unless `show`. Returns its exit status,
 * or -1 when it could not run. */
int spawn_run(int show, const char *arg0, ...) __attribute__((sentinel));

/* Same with a NULL-terminated argv. */
int spawn_argv(int show, const char *const argv[]);

/* Same, collecting standard output into buf (NUL-terminated). */
int spawn_capture(char *buf, unsigned long len, const char *arg0, ...)
	__attribute__((sentinel));

#endif
