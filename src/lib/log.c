// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "log.h"

int pp_verbosity = PP_LOG_NOTE;

void pp_log(enum pp_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[PP_LOG_ERROR] = "error: ",
		[PP_LOG_WARN] = "warning: ",
		[PP_LOG_NOTE] = "note: ",
		[PP_LOG_INFO] = "",
		[PP_LOG_DEBUG] = "debug: ",
	};
	char line[1024];
	size_t len;
	va_list ap;

	if ((int)level > pp_verbosity)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One line per message, whatever the caller passed. */
	len = strcspn(line, "\n");
	fprintf(stderr, "pktpath: %s%.*s\n", prefix[level], (int)len, line);
}
