// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* Emit the separator an item needs at the current position. */
static void item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		fputc(',', w->out);
	w->first[w->depth] = false;
}

static void open_scope(struct json_writer *w, char c)
{
	item(w);
	fputc(c, w->out);
	if (w->depth < JSON_MAX_DEPTH - 1)
		w->depth++;
	w->first[w->depth] = true;
}

static void close_scope(struct json_writer *w, char c)
{
	fputc(c, w->out);
	if (w->depth > 0)
		w->depth--;
	if (w->depth == 0) {
		fputc('\n', w->out);
		fflush(w->out);
		w->first[0] = true;
	}
}

void json_object_start(struct json_writer *w)
{
	open_scope(w, '{');
}

void json_object_end(struct json_writer *w)
{
	close_scope(w, '}');
}

void json_array_start(struct json_writer *w)
{
	open_scope(w, '[');
}

void json_array_end(struct json_writer *w)
{
	close_scope(w, ']');
}

static void write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void json_key(struct json_writer *w, const char *key)
{
	item(w);
	write_string(w->out, key);
	fputc(':', w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	item(w);
	write_string(w->out, s ? s : "");
}

void json_u64(struct json_writer *w, uint64_t v)
{
	item(w);
	fprintf(w->out, "%" PRIu64, v);
}

void json_i64(struct json_writer *w, int64_t v)
{
	item(w);
	fprintf(w->out, "%" PRId64, v);
}

void json_double(struct json_writer *w, double v)
{
	item(w);
	if (isfinite(v))
		fprintf(w->out, "%.9g", v);
	else
		fputs("null", w->out); /* JSON has no NaN or Inf */
}

void json_bool(struct json_writer *w, bool v)
{
	item(w);
	fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	item(w);
	fputs("null", w->out);
}

/* json_kv_TYPE(w, key, v): the key, then json_VALUE(w, v). */
#define JSON_KV(type, value, ctype)                                          \
	void json_kv_##type(struct json_writer *w, const char *key, ctype v) \
	{                                                                    \
		json_key(w, key);                                            \
		json_##value(w, v);                                          \
	}

JSON_KV(str, string, const char *)
JSON_KV(u64, u64, uint64_t)
JSON_KV(i64, i64, int64_t)
JSON_KV(double, double, double)
JSON_KV(bool, bool, bool)
