// SPDX-License-Identifier: GPL-2.0
/*
 * pcapng_fuzz - libFuzzer target for the pcapng reader behind `pktpath
 * show` (src/lib/pcapng_read.c). Input: the bytes of a file. For every
 * input the reader must return blocks whose every pointer and length stay
 * inside what it read (each byte is touched, so ASan sees an overrun),
 * then end cleanly or with a one-line error; never crash, hang or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pcapng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned int sink;

static void touch(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; p && i < len; i++)
		sink += b[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcapng_reader r_, *r = &r_;
	struct pcapng_rec rec;
	FILE *f;
	int ret;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		abort();
	pcapng_reader_init(r, f);
	while ((ret = pcapng_next(r, &rec)) > 0) {
		touch(rec.data, rec.caplen);
		touch(rec.comment, rec.comment_len);
		touch(rec.text, rec.text_len);
		touch(rec.json, rec.json_len);
		touch(rec.userappl, rec.userappl_len);
		if (rec.type == PCAPNG_EPB && (!rec.ifc || rec.ifid >= r->n_ifs))
			abort();
	}
	if (ret < 0 && (!r->err[0] || strchr(r->err, '\n')))
		abort(); /* an error must say why, on one line */
	pcapng_reader_free(r);
	fclose(f);
	return 0;
}
