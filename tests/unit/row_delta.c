// SPDX-License-Identifier: GPL-2.0
/*
 * row_delta: interval counts from growing totals. Rows are matched by key
 * whatever their order, rows with nothing new are dropped, a new row is
 * kept whole, a row whose total went down (evicted and counted afresh) is
 * shown as it is, and the reading kept is the whole one, not the deltas.
 */
#include <stdio.h>
#include <string.h>

#include "lib/row_delta.h"

struct row {
	int key;
	unsigned long count;
};

static int cmp(const void *a, const void *b)
{
	return ((const struct row *)a)->key - ((const struct row *)b)->key;
}

static bool subtract(void *row, const void *prev)
{
	struct row *r = row;
	const struct row *p = prev;

	if (p->count <= r->count)
		r->count -= p->count;
	return r->count;
}

static int failed;

static void expect(const char *what, const struct row *got, size_t n, const char *want)
{
	char buf[256] = "";

	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d:%lu", i ? " " : "",
			 got[i].key, got[i].count);
	if (strcmp(buf, want)) {
		printf("FAIL %s: got \"%s\", want \"%s\"\n", what, buf, want);
		failed++;
	}
}

int main(void)
{
	struct row_history h = { 0 };
	struct row first[] = { { 3, 30 }, { 1, 10 }, { 2, 20 } };
	struct row second[] = { { 2, 20 }, { 4, 5 }, { 1, 15 }, { 3, 7 } };
	struct row third[] = { { 1, 15 } };
	size_t n = 3;

	if (row_delta(&h, first, &n, sizeof(*first), cmp, subtract))
		return 1;
	expect("first reading, whole", first, n, "1:10 2:20 3:30");
	n = 4;
	if (row_delta(&h, second, &n, sizeof(*second), cmp, subtract))
		return 1;
	/* 1 grew by 5, 2 did not move (dropped), 3 went down (shown whole), 4 is new */
	expect("second reading, deltas", second, n, "1:5 3:7 4:5");
	expect("history is the whole reading", h.rows, h.n, "1:15 2:20 3:7 4:5");
	n = 1;
	if (row_delta(&h, third, &n, sizeof(*third), cmp, subtract))
		return 1;
	expect("nothing new", third, n, "");
	n = 0;
	if (row_delta(&h, NULL, &n, sizeof(struct row), cmp, subtract))
		return 1;
	expect("empty table", NULL, n, "");
	row_history_free(&h);
	printf("%s\n", failed ? "row_delta: FAILED" : "row_delta: ok");
	return failed != 0;
}
