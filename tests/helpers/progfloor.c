// SPDX-License-Identifier: GPL-2.0
/*
 * progfloor - attach one set of tests/bpf/floor.bpf.c's programs and hold
 * them until SIGINT or SIGTERM (bench/run's floor-* rows).
 *
 *   progfloor empty|clock
 *
 * Writes "attached NAME (program id N)" for each program on stderr, as
 * pktpath -v does (tests/lib.sh's pp_prog_ids reads it), then "ready" on
 * stdout once all are attached.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "pktpath.h" /* before the skeleton, which uses its structs */
#include "floor.skel.h"
#include "lib/prog_stats.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	sigset_t stop, waiting;
	struct floor_bpf *skel;
	char prefix[32];

	if (argc != 2 || (strcmp(argv[1], "empty") && strcmp(argv[1], "clock"))) {
		fprintf(stderr, "usage: progfloor empty|clock\n");
		return 2;
	}
	snprintf(prefix, sizeof(prefix), "floor_%s_", argv[1]);
	skel = floor_bpf__open();
	if (!skel) {
		perror("progfloor: open");
		return 1;
	}
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, !strncmp(bpf_program__name(prog), prefix,
							 strlen(prefix)));
	if (floor_bpf__load(skel)) {
		fprintf(stderr, "progfloor: load failed\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	if (floor_bpf__attach(skel)) {
		fprintf(stderr, "progfloor: attach failed\n");
		floor_bpf__destroy(skel);
		return 1;
	}
	bpf_object__for_each_program(prog, skel->obj)
		if (bpf_program__autoload(prog))
			fprintf(stderr, "attached %s (program id %u)\n", bpf_program__name(prog),
				prog_id(bpf_program__fd(prog)));
	/*
	 * The signals stay blocked but while sigsuspend() waits, so one sent
	 * right after "ready" cannot slip in between the test and the wait.
	 * They are caught, not left to their default: a background job of a
	 * script starts with SIGINT ignored, and bench/stage-cost sends it.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &waiting);
	sigdelset(&waiting, SIGINT);
	sigdelset(&waiting, SIGTERM);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("ready\n");
	fflush(stdout);
	while (!stopping)
		sigsuspend(&waiting);
	floor_bpf__destroy(skel);
	return 0;
}
