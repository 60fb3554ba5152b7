// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"
#include "vec.h"

void prom_label_value(FILE *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(out, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
}

void prom_header(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The label set as it is written, and looked up. */
static char *format_labels(const struct prom_family *f, const char *const *values)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	for (int i = 0; i < PROM_MAX_LABELS && f->label_names[i]; i++) {
		fprintf(m, "%s%s=\"", i ? "," : "", f->label_names[i]);
		prom_label_value(m, values ? values[i] : "other");
		fputc('"', m);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of labels in the index: its series, or the empty slot for it. */
static uint32_t *slot_of(const struct prom_family *f, const char *labels)
{
	size_t mask = f->index_cap - 1;

	for (size_t i = hash(labels) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &f->index[i];

		if (!*slot || !strcmp(f->series[*slot - 1].labels, labels))
			return slot;
	}
}

/* The index holds at most limit + 1 series: size it once, half empty. */
static int index_init(struct prom_family *f)
{
	f->index_cap = 16;
	while (f->index_cap < 2 * (f->limit + 1))
		f->index_cap *= 2;
	f->index = calloc(f->index_cap, sizeof(*f->index));
	return f->index ? 0 : -ENOMEM;
}

static struct prom_series *series_add(struct prom_family *f, uint32_t *slot, char *labels)
{
	struct prom_series *s = vec_push(&f->series, &f->n, &f->cap, sizeof(*s));

	if (!s) {
		free(labels);
		return NULL;
	}
	s->labels = labels;
	*slot = f->n;
	return s;
}

void prom_family_begin(struct prom_family *f)
{
	for (size_t i = 0; i < f->n; i++)
		f->series[i].scrape = 0;
	f->folding = 0;
}

int prom_family_add(struct prom_family *f, const char *const *values, uint64_t v)
{
	char *labels;
	uint32_t *slot;

	if (!f->index && index_init(f))
		return -ENOMEM;
	labels = format_labels(f, values);
	if (labels && f->n >= f->limit && !*slot_of(f, labels)) {
		/* Full: into "other", which has a slot of its own. */
		free(labels);
		f->folding++;
		labels = format_labels(f, NULL);
	}
	if (!labels)
		return -ENOMEM;
	slot = slot_of(f, labels);
	if (*slot) {
		free(labels);
		f->series[*slot - 1].scrape += v;
		return 0;
	}
	if (!series_add(f, slot, labels))
		return -ENOMEM;
	f->series[f->n - 1].scrape = v;
	return 0;
}

void prom_family_end(struct prom_family *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->series[i].scrape > f->series[i].value)
			f->series[i].value = f->series[i].scrape;
	f->folded = f->folding;
}

void prom_family_write(const struct prom_family *f, FILE *out)
{
	prom_header(out, f->name, "counter", f->help);
	for (size_t i = 0; i < f->n; i++)
		fprintf(out, "%s{%s} %llu\n", f->name, f->series[i].labels,
			(unsigned long long)f->series[i].value);
}

void prom_family_free(struct prom_family *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->series[i].labels);
	free(f->series);
	free(f->index);
	f->series = NULL;
	f->index = NULL;
	f->n = f->cap = f->index_cap = 0;
}

void prom_families_begin(struct prom_family *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		prom_family_begin(&f[i]);
}

void prom_families_end_write(struct prom_family *f, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		prom_family_end(&f[i]);
		prom_family_write(&f[i], out);
	}
}

void prom_families_free(struct prom_family *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		prom_family_free(&f[i]);
}
