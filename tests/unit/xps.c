// SPDX-License-Identifier: GPL-2.0
/* Re-deriving the kernel's TX queue choice (__netdev_pick_tx) from what an
 * event carries and the device's XPS maps. */
#include <stdio.h>
#include <string.h>

#include "lib/xps.h"

static int bad;

static void expect(const char *what, enum txq_reason got, enum txq_reason want)
{
	if (got != want) {
		fprintf(stderr, "%s: got %s, want %s\n", what, xps_reason_name(got),
			xps_reason_name(want));
		bad = 1;
	}
}

int main(void)
{
	static struct xps_dev x;
	char list[64];
	/* reciprocal_scale(hash, 4) == 2 for this hash: (h * 4) >> 32 */
	unsigned int hash = 0x90000000u;

	memset(&x, 0, sizeof(x));
	x.nqueues = 4;
	expect("no XPS, hash", xps_explain(&x, 2, 0, hash, 4, -1, false, true), TXQ_WHY_HASH);
	expect("no XPS, wrong queue", xps_explain(&x, 1, 0, hash, 4, -1, false, true),
	       TXQ_WHY_UNKNOWN);
	/* A cached queue is reused unless ooo_okay; not on the first packet. */
	expect("socket cache", xps_explain(&x, 1, 0, hash, 4, 1, false, false), TXQ_WHY_SOCKET);
	expect("ooo_okay re-pick", xps_explain(&x, 2, 0, hash, 4, 2, true, false), TXQ_WHY_HASH);
	expect("first packet", xps_explain(&x, 2, 0, hash, 4, 2, false, true), TXQ_WHY_HASH);
	/* CPU 1 -> queues 0 and 3; CPU 5 -> queue 1. */
	x.cpus[0][0] = 1 << 1;
	x.cpus[3][0] = 1 << 1;
	x.cpus[1][0] = 1 << 5;
	x.any_cpus = true;
	expect("xps cpu 1 q3", xps_explain(&x, 3, 1, hash, 4, -1, false, true), TXQ_WHY_XPS);
	expect("xps cpu 5 q1", xps_explain(&x, 1, 5, hash, 4, -1, false, true), TXQ_WHY_XPS);
	expect("xps not for cpu 2", xps_explain(&x, 3, 2, hash, 4, -1, false, true),
	       TXQ_WHY_UNKNOWN);
	if (xps_queues_for_cpu(&x, 1) != 0x9) {
		fprintf(stderr, "queues for cpu 1: %llx\n",
			(unsigned long long)xps_queues_for_cpu(&x, 1));
		bad = 1;
	}
	x.cpus[2][0] = 0xf | 1 << 7;
	xps_cpu_list(&x, 2, list, sizeof(list));
	if (strcmp(list, "0-3,7")) {
		fprintf(stderr, "cpu list: %s\n", list);
		bad = 1;
	}
	if (!bad)
		printf("ok\n");
	return bad;
}
