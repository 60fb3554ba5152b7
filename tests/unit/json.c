// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: separators, nesting, escaping, one object per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

static int check(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		fprintf(stderr, "%s:\n  got  %s\n  want %s\n", what, got, want);
		return 1;
	}
	return 0;
}

int main(void)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int bad = 0;

	json_init(&w, f);
	json_object_start(&w);
	json_kv_str(&w, "s", "a\"b\\c\n\t\x01");
	json_kv_u64(&w, "u", 18446744073709551615ULL);
	json_kv_i64(&w, "i", -5);
	json_kv_bool(&w, "b", true);
	json_kv_double(&w, "d", 0.25);
	json_kv_double(&w, "nan", 0.0 / 0.0);
	json_key(&w, "a");
	json_array_start(&w);
	json_u64(&w, 1);
	json_object_start(&w);
	json_kv_str(&w, "k", "v");
	json_object_end(&w);
	json_array_start(&w);
	json_array_end(&w);
	json_null(&w);
	json_array_end(&w);
	json_object_end(&w);
	json_object_start(&w);
	json_object_end(&w);
	fclose(f);
	bad |= check("two lines", buf,
		     "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\",\"u\":18446744073709551615,\"i\":-5,"
		     "\"b\":true,\"d\":0.25,\"nan\":null,\"a\":[1,{\"k\":\"v\"},[],null]}\n{}\n");
	free(buf);
	if (!bad)
		printf("ok\n");
	return bad;
}
