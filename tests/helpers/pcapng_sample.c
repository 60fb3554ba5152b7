// SPDX-License-Identifier: GPL-2.0
/*
 * pcapng_sample - write a small pcapng as `pktpath MODE -w` writes it, with
 * pktpath's own writer and no BPF: the seed of the reader's fuzzer and the
 * file the show tests damage.
 *
 *   pcapng_sample FILE [--swapped]
 *
 * Three packets on two interfaces (Ethernet and raw IP), each with a
 * comment, a direction and pktpath's text and JSON options; prints the
 * text `pktpath show FILE` must print. --swapped writes every field in the
 * other byte order, as a host of the other endianness would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/pcapng.h"

static const uint8_t frame[] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00, /* Ethernet */
	0x45, 0, 0, 29, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2, /* IPv4 */
	0x75, 0x30, 0, 9, 0, 9, 0, 0, 'x', /* UDP 30000 > 9 */
};

/* Swap a block's fields in place: everything this writer puts in is 32-
 * bit or 16-bit fields at known places, and opaque bytes. */
static void swap32(uint8_t *p)
{
	uint8_t t = p[0];

	p[0] = p[3];
	p[3] = t;
	t = p[1];
	p[1] = p[2];
	p[2] = t;
}

static void swap16(uint8_t *p)
{
	uint8_t t = p[0];

	p[0] = p[1];
	p[1] = t;
}

static void swap_options(uint8_t *b, size_t off, size_t end)
{
	while (off + 4 <= end) {
		uint16_t code, len;

		memcpy(&code, b + off, 2);
		memcpy(&len, b + off + 2, 2);
		swap16(b + off);
		swap16(b + off + 2);
		if (code == PCAPNG_OPT_CUSTOM_STR || (code == PCAPNG_EPB_FLAGS && len == 4))
			swap32(b + off + 4); /* the PEN; the flags word */
		off += 4 + ((len + 3u) & ~3u);
		if (!code)
			break;
	}
}

static void swap_block(struct pcapng_buf *b)
{
	uint32_t type, len;
	size_t opts = 0;

	memcpy(&type, b->buf, 4);
	len = (uint32_t)b->len;
	if (type == PCAPNG_SHB) {
		swap32(b->buf + 8);
		swap16(b->buf + 12);
		swap16(b->buf + 14);
		opts = 24;
	} else if (type == PCAPNG_IDB) {
		swap16(b->buf + 8);
		swap32(b->buf + 12);
		opts = 16;
	} else if (type == PCAPNG_EPB) {
		uint32_t caplen;

		memcpy(&caplen, b->buf + 20, 4);
		for (int i = 8; i < 28; i += 4)
			swap32(b->buf + i);
		opts = 28 + ((caplen + 3u) & ~3u);
	}
	swap_options(b->buf, opts, len - 4);
	swap32(b->buf);
	swap32(b->buf + 4);
	swap32(b->buf + len - 4);
}

int main(int argc, char **argv)
{
	struct pcapng_buf b = { 0 };
	bool swapped = argc > 2 && !strcmp(argv[2], "--swapped");
	const char *texts[] = {
		"00:58:25.017478 NO_SOCKET at __udp4_lib_rcv+0x4bc/0xd00\n"
		"  veth-b (B): udp 192.0.2.1:30000 > 192.0.2.2:9, 29 bytes\n",
		"00:58:25.017778 NO_SOCKET at __udp4_lib_rcv+0x4bc/0xd00\n"
		"  veth-b (B): udp 192.0.2.1:30000 > 192.0.2.2:9, 29 bytes\n",
		"00:58:25.017967 NOT_SPECIFIED at ip_rcv_core+0x1b2/0x380\n"
		"  lo (A): udp 192.0.2.1:30000 > 192.0.2.2:9, 29 bytes\n",
	};
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: pcapng_sample FILE [--swapped]\n");
		return 2;
	}
	f = fopen(argv[1], "wb");
	if (!f)
		return 1;
	pcapng_shb(&b, "pktpath sample drops");
	if (swapped)
		swap_block(&b);
	fwrite(b.buf, 1, b.len, f);
	pcapng_idb(&b, PCAPNG_LINKTYPE_ETHERNET, 256, "veth-b@B");
	if (swapped)
		swap_block(&b);
	fwrite(b.buf, 1, b.len, f);
	pcapng_idb(&b, PCAPNG_LINKTYPE_RAW, 256, "lo@A");
	if (swapped)
		swap_block(&b);
	fwrite(b.buf, 1, b.len, f);
	for (int i = 0; i < 3; i++) {
		struct pcapng_packet p = {
			.ifid = i == 2,
			.ts_ns = 1796000305017478000ULL + i * 300000ULL,
			.data = i == 2 ? frame + 14 : frame,
			.caplen = i == 2 ? sizeof(frame) - 14 : sizeof(frame),
			.wirelen = i == 2 ? sizeof(frame) - 14 : sizeof(frame),
			.dir = PCAPNG_DIR_IN,
			.comment = "drop: NO_SOCKET at __udp4_lib_rcv+0x4bc/0xd00",
			.text = texts[i],
			.json = "{\"type\":\"drop\",\"reason\":\"NO_SOCKET\",\"dport\":9}",
		};

		pcapng_epb(&b, &p);
		if (swapped)
			swap_block(&b);
		fwrite(b.buf, 1, b.len, f);
		fputs(texts[i], stdout);
	}
	pcapng_buf_free(&b);
	return fclose(f) ? 1 : 0;
}
