// SPDX-License-Identifier: GPL-2.0
/* Re-deriving the kernel's RPS/RFS CPU choice (get_rps_cpu) from a flow's
 * hash, its reader's CPU and the device's rps_cpus maps. */
#include <stdio.h>
#include <string.h>

#include "lib/cpumask.h"
#include "lib/rps.h"

static int bad;

static void expect_int(const char *what, int got, int want)
{
	if (got != want) {
		fprintf(stderr, "%s: got %d, want %d\n", what, got, want);
		bad = 1;
	}
}

static void expect(const char *what, enum rxq_reason got, enum rxq_reason want)
{
	if (got != want) {
		fprintf(stderr, "%s: got %s, want %s\n", what, rps_reason_name(got),
			rps_reason_name(want));
		bad = 1;
	}
}

int main(void)
{
	static struct rps_dev r;
	char list[64];

	memset(&r, 0, sizeof(r));
	r.nqueues = 2;
	/* No map: nothing steered. */
	expect("no map", rps_explain(&r, 0, 0x12345678, 0, 0, -1), RXQ_WHY_NONE);
	expect("no map, moved", rps_explain(&r, 0, 0x12345678, 0, 1, -1), RXQ_WHY_UNKNOWN);
	expect_int("no map: no CPU", rps_cpu_for_hash(&r, 0, 0x12345678), -1);

	/* rps_cpus "3" on queue 0: CPUs 0 and 1, by the top bit of the hash. */
	cpumask_parse("3\n", r.cpus[0], RPS_MAX_CPUS);
	r.any_cpus = true;
	expect_int("map 0-1, low hash", rps_cpu_for_hash(&r, 0, 0x7fffffffu), 0);
	expect_int("map 0-1, high hash", rps_cpu_for_hash(&r, 0, 0x80000000u), 1);
	expect("rps", rps_explain(&r, 0, 0x80000000u, 0, 1, -1), RXQ_WHY_RPS);
	expect("rps, same CPU", rps_explain(&r, 0, 0x10000000u, 0, 0, -1), RXQ_WHY_RPS);
	expect("rps, wrong CPU", rps_explain(&r, 0, 0x10000000u, 0, 1, -1), RXQ_WHY_UNKNOWN);
	expect("no hash", rps_explain(&r, 0, 0, 0, 0, -1), RXQ_WHY_NO_HASH);
	/* No queue recorded: the kernel uses queue 0. */
	expect("unrecorded queue", rps_explain(&r, -1, 0x80000000u, 0, 1, -1), RXQ_WHY_RPS);

	/* "00000000,00000104" on queue 1: CPUs 2 and 8, in that order. */
	cpumask_parse("00000000,00000104", r.cpus[1], RPS_MAX_CPUS);
	expect_int("map 2,8, index 0", rps_cpu_for_hash(&r, 1, 0x10000000u), 2);
	expect_int("map 2,8, index 1", rps_cpu_for_hash(&r, 1, 0xf0000000u), 8);
	rps_cpu_list(&r, 1, list, sizeof(list));
	if (strcmp(list, "2,8")) {
		fprintf(stderr, "cpu list: got %s\n", list);
		bad = 1;
	}

	/* RFS: the reader's CPU wins over the map. */
	r.flow_cnt[0] = 256;
	r.sock_flow_entries = 4096;
	expect("rfs", rps_explain(&r, 0, 0x10000000u, 0, 1, 1), RXQ_WHY_RFS);
	expect("rfs, no reader yet", rps_explain(&r, 0, 0x10000000u, 0, 0, -1), RXQ_WHY_RPS);
	memset(r.cpus[0], 0, sizeof(r.cpus[0]));
	expect("rfs without a map", rps_explain(&r, 0, 0x10000000u, 0, 1, 1), RXQ_WHY_RFS);
	/* The reader's CPU not recorded yet: processed where handed over. */
	expect("rfs, not recorded", rps_explain(&r, 0, 0x10000000u, 0, 0, 1), RXQ_WHY_NONE);
	expect("rfs, elsewhere", rps_explain(&r, 0, 0x10000000u, 0, 2, 1), RXQ_WHY_UNKNOWN);
	return bad;
}
