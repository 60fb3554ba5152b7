// SPDX-License-Identifier: GPL-2.0
/* ksyms: addresses of real kernel functions map back to their names. */
#include <stdio.h>
#include <string.h>

#include "lib/ksyms.h"

int main(void)
{
	struct ksyms *ks = ksyms__load();
	const struct ksym *s, *m;
	char buf[256];

	if (!ks) {
		perror("ksyms__load");
		return 1;
	}
	s = ksyms__find_function(ks, "kfree_skb_reason");
	if (!s)
		s = ksyms__find_function(ks, "sk_skb_reason_drop");
	if (!s) {
		fprintf(stderr, "no kfree_skb_reason/sk_skb_reason_drop in kallsyms\n");
		return 1;
	}
	m = ksyms__map_addr(ks, s->addr + 4);
	if (!m || strcmp(m->name, s->name)) {
		fprintf(stderr, "map_addr(%s+4) = %s\n", s->name, m ? m->name : "NULL");
		return 1;
	}
	ksyms__format(ks, s->addr + 0x10, buf, sizeof(buf));
	if (strncmp(buf, s->name, strlen(s->name)) || !strstr(buf, "+0x10/")) {
		fprintf(stderr, "format: %s\n", buf);
		return 1;
	}
	printf("ok: %s\n", buf);
	ksyms__free(ks);
	return 0;
}
