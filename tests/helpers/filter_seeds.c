// SPDX-License-Identifier: GPL-2.0
/*
 * filter_seeds - a starting corpus for tests/fuzz/cbpf_fuzz: the classic
 * programs libpcap compiles from an expressions file (Ethernet and raw IP),
 * each with a generated packet, in the fuzzer's input format.
 *
 * Usage: filter_seeds OUTDIR EXPRESSIONS_FILE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter/pcap_compile.h"
#include "filter_pktgen.h"

#define SEED_PACKETS 64

static int write_seed(const char *dir, unsigned int n, const struct pp_cbpf *prog,
		      const struct pkt *p)
{
	unsigned int caplen = p->len < 256 ? p->len : 256;
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/seed-%04u", dir, n);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fputc((int)prog->len, f);
	fputc((int)(caplen & 0xff), f);
	fputc((int)((caplen >> 8) & 1), f);
	for (unsigned int i = 0; i < prog->len; i++) {
		const struct sock_filter *in = &prog->insns[i];
		const unsigned char b[8] = {
		    in->code & 0xff,	 in->code >> 8,	       in->jt,	   in->jf, in->k & 0xff,
		    (in->k >> 8) & 0xff, (in->k >> 16) & 0xff, in->k >> 24};

		fwrite(b, 1, sizeof(b), f);
	}
	fwrite(p->data, 1, caplen, f);
	return fclose(f);
}

int main(int argc, char **argv)
{
	struct pkt pkts[SEED_PACKETS];
	unsigned int n = 0, line_no = 0;
	char line[4096], err[512];
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: %s OUTDIR EXPRESSIONS_FILE\n", argv[0]);
		return 2;
	}
	f = fopen(argv[2], "r");
	if (!f || pktgen(7, SEED_PACKETS, pkts)) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = line;

		line[strcspn(line, "\n")] = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		for (int link = PP_LINK_ETH; link <= PP_LINK_RAW; link++) {
			struct pp_cbpf prog;

			if (pp_pcap_compile(s, link, &prog, err, sizeof(err)))
				continue;
			if (prog.len <= 255 &&
			    write_seed(argv[1], n++, &prog, &pkts[line_no % SEED_PACKETS])) {
				fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
				return 1;
			}
			pp_cbpf_free(&prog);
		}
		line_no++;
	}
	fclose(f);
	for (unsigned int i = 0; i < SEED_PACKETS; i++)
		free(pkts[i].data);
	printf("%u seeds in %s\n", n, argv[1]);
	return 0;
}
