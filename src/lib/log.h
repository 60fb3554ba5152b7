/* SPDX-License-Identifier: GPL-2.0 */
/* Messages to the user: one line each, prefixed with "pktpath:". */
#ifndef PP_LOG_H
#define PP_LOG_H

#include <stdarg.h>

/* Exit codes, documented in pktpath(8) and the README. */
enum pp_exit {
	PP_EXIT_OK = 0,
	PP_EXIT_FAIL = 1,  /* a run-time failure (reading, writing, a sandbox) */
	PP_EXIT_USAGE = 2, /* bad command line: option, filter, device, IRQ */
	PP_EXIT_ENV = 3,   /* the system lacks something: privileges, BTF */
	PP_EXIT_BPF = 4,   /* the kernel refused to load or attach a program */
};

enum pp_log_level {
	PP_LOG_ERROR,
	PP_LOG_WARN,
	PP_LOG_NOTE, /* what pktpath skipped and why; on by default */
	PP_LOG_INFO, /* -v */
	PP_LOG_DEBUG, /* -vv, also libbpf's own log */
};

extern int pp_verbosity;

void pp_log(enum pp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pp_err(...) pp_log(PP_LOG_ERROR, __VA_ARGS__)
#define pp_warn(...) pp_log(PP_LOG_WARN, __VA_ARGS__)
#define pp_note(...) pp_log(PP_LOG_NOTE, __VA_ARGS__)
#define pp_info(...) pp_log(PP_LOG_INFO, __VA_ARGS__)
#define pp_debug(...) pp_log(PP_LOG_DEBUG, __VA_ARGS__)

#endif
