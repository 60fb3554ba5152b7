/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prom.h - Prometheus text exposition (format 0.0.4) for counters that must
 * only grow, with a bounded number of series.
 *
 * A counter family keeps every label set it has exported, for the whole
 * run: each scrape adds this scrape's rows (several rows may share a label
 * set), then every series shows max(what it showed before, this scrape's
 * sum). So a scrape resets nothing, a row that went away (an LRU eviction)
 * does not make a counter go down, and two scrapers see values that only
 * grow. Once `limit` label sets exist, new ones are folded into one series
 * whose labels all say "other", and counted.
 */
#ifndef PP_PROM_H
#define PP_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROM_MAX_LABELS 6

struct prom_series {
	char *labels;      /* 'a="x",b="y"', escaped */
	uint64_t value;    /* what was exported last */
	uint64_t scrape;   /* this scrape's sum */
};

struct prom_family {
	const char *name;  /* "pktpath_drops_total" */
	const char *help;
	const char *label_names[PROM_MAX_LABELS]; /* NULL-terminated */
	size_t limit;      /* label sets before "other" */
	struct prom_series *series;
	size_t n, cap;
	uint32_t *index;   /* open addressing: series index + 1, 0 empty */
	size_t index_cap;
	uint64_t folded;   /* rows folded into "other" at the last scrape */
	uint64_t folding;  /* ... during this one */
};

/* Before the rows of a scrape. */
void prom_family_begin(struct prom_family *f);
/* One row: a value per label name, in order. Returns 0 or -ENOMEM. */
int prom_family_add(struct prom_family *f, const char *const *values, uint64_t v);
/* After the rows: every series takes the larger of old and new. */
void prom_family_end(struct prom_family *f);
/* HELP, TYPE and every series. */
void prom_family_write(const struct prom_family *f, FILE *out);
void prom_family_free(struct prom_family *f);

/* The same for n families of an array. */
void prom_families_begin(struct prom_family *f, size_t n);
void prom_families_end_write(struct prom_family *f, size_t n, FILE *out);
void prom_families_free(struct prom_family *f, size_t n);

/* "# HELP name help" and "# TYPE name type". */
void prom_header(FILE *out, const char *name, const char *type, const char *help);
/* A label value with \, " and newlines escaped. */
void prom_label_value(FILE *out, const char *v);

#endif
