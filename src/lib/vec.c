// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void *vec_push(void *base, size_t *n, size_t *cap, size_t size)
{
	char **arr = base;
	char *elem;

	if (*n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;
		char *p = realloc(*arr, ncap * size);

		if (!p)
			return NULL;
		*arr = p;
		*cap = ncap;
	}
	elem = *arr + (*n)++ * size;
	memset(elem, 0, size);
	return elem;
}
