// SPDX-License-Identifier: GPL-2.0
/* Option values: what is accepted, and what is refused. */
#include <stdio.h>

#include "lib/log.h"
#include "lib/opts.h"

int main(void)
{
	static const struct {
		const char *arg;
		double want; /* < 0: must be refused */
	} secs[] = {
		{ "10", 10 },	{ "1.5", 1.5 }, { "500ms", 0.5 }, { "2m", 120 }, { "3s", 3 },
		{ "0", -1 },	{ "-1", -1 },	{ "abc", -1 },	  { "", -1 },	 { "1x", -1 },
		{ "nan", -1 },	{ "inf", -1 },	{ "1e9", -1 },
	};
	unsigned long u;
	int bad = 0;

	pp_verbosity = -1; /* the refusals print errors: keep them quiet */
	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
		double v = -1;
		int rc = opts_parse_seconds("t", secs[i].arg, &v);

		if ((secs[i].want < 0) != (rc != 0) || (secs[i].want >= 0 && v != secs[i].want)) {
			fprintf(stderr, "seconds '%s': rc %d value %g\n", secs[i].arg, rc, v);
			bad = 1;
		}
	}
	if (opts_parse_ulong("n", "42", 1, 100, &u) || u != 42 ||
	    !opts_parse_ulong("n", "0", 1, 100, &u) || !opts_parse_ulong("n", "-3", 0, 100, &u) ||
	    !opts_parse_ulong("n", "101", 1, 100, &u) || !opts_parse_ulong("n", "4x", 1, 100, &u) ||
	    opts_parse_ulong("n", "0x10", 1, 100, &u) || u != 16) {
		fprintf(stderr, "ulong parsing\n");
		bad = 1;
	}
	if (!bad)
		printf("ok\n");
	return bad;
}
