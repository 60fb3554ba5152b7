// SPDX-License-Identifier: GPL-2.0
/*
 * drop_reasons: the names read from BTF agree, number for number, with the
 * table the kernel itself prints for the kfree_skb tracepoint (its format
 * file in tracefs lists every reason as { number, "NAME" }).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "pktpath.h"
#include "lib/drop_reasons.h"

#define FORMAT "/sys/kernel/tracing/events/skb/kfree_skb/format"

static char *read_format(void)
{
	FILE *f = fopen(FORMAT, "r");
	static char buf[1 << 16];
	size_t n;

	if (!f) {
		/* tracefs may need mounting, as pktpath itself does. */
		mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL);
		f = fopen(FORMAT, "r");
	}
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

int main(void)
{
	struct drop_reasons *dr = drop_reasons__load();
	char *fmt = read_format(), *p, buf[64];
	unsigned int checked = 0, failed = 0;

	if (!dr || !fmt) {
		fprintf(stderr, "cannot read %s\n", dr ? FORMAT : "the kernel's BTF");
		return 1;
	}
	if (!drop_reasons__any(dr)) {
		fprintf(stderr, "this kernel has no enum skb_drop_reason\n");
		return 1;
	}
	/* Pairs look like { 2, "NOT_SPECIFIED" } in the print fmt. */
	for (p = strstr(fmt, "print fmt:"); p && (p = strstr(p, "{ ")); p++) {
		char name[64];
		unsigned int value;
		const char *ours;

		if (sscanf(p, "{ %u, \"%63[A-Z0-9_]\" }", &value, name) != 2)
			continue;
		ours = drop_reasons__name(dr, value, buf, sizeof(buf));
		if (!ours || strcmp(ours, name)) {
			fprintf(stderr, "reason %u: kernel says %s, BTF gave %s\n", value, name,
				ours ? ours : "(null)");
			failed++;
		}
		if (drop_reasons__value(dr, name) != value) {
			fprintf(stderr, "%s: value %lld, kernel says %u\n", name,
				(long long)drop_reasons__value(dr, name), value);
			failed++;
		}
		checked++;
	}
	if (checked < 10) {
		fprintf(stderr, "only %u reasons in the tracepoint's format\n", checked);
		failed++;
	}
	if (drop_reasons__name(dr, PP_DROP_NO_REASON, buf, sizeof(buf))) {
		fprintf(stderr, "PP_DROP_NO_REASON has a name\n");
		failed++;
	}
	if (drop_reasons__value(dr, "skb_drop_reason_no_socket") !=
	    drop_reasons__value(dr, "NO_SOCKET")) {
		fprintf(stderr, "names with the prefix, in lower case, are not found\n");
		failed++;
	}
	if (strcmp(drop_reasons__name(dr, 60000, buf, sizeof(buf)), "reason 60000")) {
		fprintf(stderr, "unknown number named %s\n", buf);
		failed++;
	}
	printf("%u reasons agree with the tracepoint's own table\n", checked);
	drop_reasons__free(dr);
	return failed != 0;
}
