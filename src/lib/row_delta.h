/* SPDX-License-Identifier: GPL-2.0 */
/*
 * row_delta.h - interval reports from tables that only ever grow. The
 * kernel's maps hold totals since the start; an interval report wants what
 * happened since the last one. row_delta() subtracts the previous reading
 * from each row (matched by key) and keeps this reading for next time.
 */
#ifndef PP_ROW_DELTA_H
#define PP_ROW_DELTA_H

#include <stdbool.h>
#include <stddef.h>

struct row_history {
	void *rows; /* the last reading, sorted by key */
	size_t n;
};

/*
 * rows: n rows of size bytes, sorted here by cmp (which compares keys).
 * subtract(row, prev) takes prev's counts out of row and returns whether
 * the row still has something to show; a row for which it returns false is
 * removed from rows (*n shrinks). A row with no previous reading is kept
 * as it is. Returns 0 or -ENOMEM (then rows are left whole).
 */
int row_delta(struct row_history *h, void *rows, size_t *n, size_t size,
	      int (*cmp)(const void *a, const void *b),
	      bool (*subtract)(void *row, const void *prev));

void row_history_free(struct row_history *h);

#endif
