/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - a small streaming JSON writer. pktpath writes JSON Lines: one
 * complete object per line, flushed at once, so `jq` and scripts can read
 * a live run.
 */
#ifndef PP_JSON_H
#define PP_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH]; /* no comma needed before the next item */
	bool after_key;
};

void json_init(struct json_writer *w, FILE *out);
void json_object_start(struct json_writer *w);
void json_object_end(struct json_writer *w); /* at depth 0: ends the line */
void json_array_start(struct json_writer *w);
void json_array_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);
void json_double(struct json_writer *w, double v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* key: value shorthands */
void json_kv_str(struct json_writer *w, const char *key, const char *s);
void json_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void json_kv_i64(struct json_writer *w, const char *key, int64_t v);
void json_kv_double(struct json_writer *w, const char *key, double v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);

#endif
