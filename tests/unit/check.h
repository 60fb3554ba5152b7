/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check.h - CHECK(cond, fmt, ...) for the unit tests that go on after a
 * failed check (to report every one): it counts failures and names the
 * file, line and condition. main() returns failures != 0.
 */
#ifndef PP_TESTS_UNIT_CHECK_H
#define PP_TESTS_UNIT_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			failures++;                                                        \
			fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);         \
			fprintf(stderr, __VA_ARGS__);                                      \
			fputc('\n', stderr);                                               \
		}                                                                          \
	} while (0)

#endif
