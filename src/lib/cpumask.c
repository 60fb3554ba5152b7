// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpumask.h"

bool cpumask_parse(const char *s, uint64_t *mask, unsigned int nbits)
{
	int words = 1, w = 0;
	bool any = false;

	memset(mask, 0, nbits / 8);
	for (const char *p = s; *p; p++)
		words += *p == ',';
	for (const char *p = s; *p && *p != '\n'; w++) {
		unsigned long v = strtoul(p, NULL, 16);
		int bit0 = (words - 1 - w) * 32;

		for (int b = 0; b < 32; b++)
			if ((v >> b & 1) && bit0 + b < (int)nbits) {
				mask[(bit0 + b) / 64] |= 1ULL << ((bit0 + b) % 64);
				any = true;
			}
		p += strcspn(p, ",\n");
		if (*p == ',')
			p++;
	}
	return any;
}

void cpumask_list(const uint64_t *mask, unsigned int nbits, char *buf, size_t len)
{
	size_t off = 0;
	int start = -1;

	buf[0] = 0;
	for (int c = 0; c <= (int)nbits; c++) {
		bool set = c < (int)nbits && (mask[c / 64] >> (c % 64) & 1);

		if (set && start < 0)
			start = c;
		if (!set && start >= 0) {
			if (off < len)
				off += snprintf(buf + off, len - off, "%s%d", off ? "," : "", start);
			if (c - 1 > start && off < len)
				off += snprintf(buf + off, len - off, "-%d", c - 1);
			start = -1;
		}
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}
