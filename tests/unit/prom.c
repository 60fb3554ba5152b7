// SPDX-License-Identifier: GPL-2.0
/*
 * prom: counter families for Prometheus. Rows with the same labels add up
 * within a scrape; a series never goes down (a row that shrank or vanished
 * keeps its last value); beyond the limit, new label sets go to one "other"
 * series and are counted; label values are escaped; the text is what
 * promtool expects, and stays right over many scrapes and many series
 * (the index is sized for limit + 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/prom.h"

static int failed;

static char *written(const struct prom_family *f)
{
	static char buf[1 << 16];
	FILE *m = fmemopen(buf, sizeof(buf), "w");

	prom_family_write(f, m);
	fclose(m);
	return buf;
}

static void expect(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		printf("FAIL %s:\n--- got\n%s--- want\n%s", what, got, want);
		failed = 1;
	}
}

static void scrape(struct prom_family *f, const char *const rows[][2], const uint64_t *v,
		   size_t n)
{
	prom_family_begin(f);
	for (size_t i = 0; i < n; i++)
		if (prom_family_add(f, rows[i], v[i]))
			failed = 1;
	prom_family_end(f);
}

int main(void)
{
	struct prom_family f = { .name = "t_total", .help = "Test.",
				 .label_names = { "dev", "q" }, .limit = 2 };
	const char *const rows[][2] = { { "eth0", "0" }, { "eth0", "1" }, { "eth0", "0" },
					{ "we\"ird\\\n", "2" }, { "eth1", "0" } };
	uint64_t v1[] = { 5, 7, 1, 3, 4 }, v2[] = { 2, 9, 1, 3, 10 };
	char many[16];

	scrape(&f, rows, v1, 5);
	expect("first scrape", written(&f),
	       "# HELP t_total Test.\n# TYPE t_total counter\n"
	       "t_total{dev=\"eth0\",q=\"0\"} 6\n"
	       "t_total{dev=\"eth0\",q=\"1\"} 7\n"
	       "t_total{dev=\"other\",q=\"other\"} 7\n");
	if (f.folded != 2) {
		printf("FAIL folded: %llu, want 2\n", (unsigned long long)f.folded);
		failed = 1;
	}
	/* eth0/0 shrank (an evicted row counted afresh): it keeps 6. */
	scrape(&f, rows, v2, 5);
	expect("second scrape", written(&f),
	       "# HELP t_total Test.\n# TYPE t_total counter\n"
	       "t_total{dev=\"eth0\",q=\"0\"} 6\n"
	       "t_total{dev=\"eth0\",q=\"1\"} 9\n"
	       "t_total{dev=\"other\",q=\"other\"} 13\n");
	/* Nothing read: every series keeps its value. */
	scrape(&f, rows, v2, 0);
	expect("empty scrape", strstr(written(&f), "t_total{dev=\"eth0\",q=\"1\"} 9\n") ? "ok" : "lost",
	       "ok");
	prom_family_free(&f);

	/* Escaping, and a large family. */
	f = (struct prom_family){ .name = "e_total", .help = "E.", .label_names = { "x" },
				  .limit = 3000 };
	prom_family_begin(&f);
	prom_family_add(&f, (const char *const[]){ "a\"b\\c\nd" }, 1);
	for (int i = 0; i < 2999; i++) {
		snprintf(many, sizeof(many), "s%d", i);
		prom_family_add(&f, (const char *const[]){ many }, i);
	}
	prom_family_end(&f);
	if (!strstr(written(&f), "e_total{x=\"a\\\"b\\\\c\\nd\"} 1\n") || f.n != 3000 ||
	    f.folded) {
		printf("FAIL escaping or 3000 series: n %zu, folded %llu\n", f.n,
		       (unsigned long long)f.folded);
		failed = 1;
	}
	prom_family_free(&f);
	if (!failed)
		printf("prom: sums, monotonic series, folding, escaping: ok\n");
	return failed;
}
