// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "row_delta.h"

int row_delta(struct row_history *h, void *rows, size_t *n, size_t size,
	      int (*cmp)(const void *a, const void *b),
	      bool (*subtract)(void *row, const void *prev))
{
	char *raw = malloc(*n * size + 1), *r = rows;
	size_t kept = 0;

	if (!raw)
		return -ENOMEM;
	if (*n) { /* an empty table may be NULL, which qsort() must not get */
		qsort(rows, *n, size, cmp);
		memcpy(raw, rows, *n * size);
	}
	for (size_t i = 0; i < *n; i++) {
		char *row = r + i * size;
		const void *prev = h->n ? bsearch(row, h->rows, h->n, size, cmp) : NULL;

		if (prev && !subtract(row, prev))
			continue;
		if (kept != i)
			memcpy(r + kept * size, row, size);
		kept++;
	}
	free(h->rows);
	h->rows = raw;
	h->n = *n;
	*n = kept;
	return 0;
}

void row_history_free(struct row_history *h)
{
	free(h->rows);
	h->rows = NULL;
	h->n = 0;
}
