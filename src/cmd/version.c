// SPDX-License-Identifier: GPL-2.0
/*
 * version.c - `pktpath --version`: what was built (version, git revision)
 * and what it runs with (the libbpf and libpcap it loaded, the BPF features
 * of this kernel in the short form of `pktpath features`), so that one
 * paste in a bug report says it all.
 */
#include <stdio.h>
#include <sys/utsname.h>

#include <bpf/libbpf.h>

#include "cmd/commands.h"
#include "filter/pcap_compile.h"
#include "lib/feature.h"
#include "lib/log.h"
#include "lib/runtime.h"

int version_run(void)
{
	char features[256];
	struct utsname u;

	/* PKTPATH_VERSION is "VERSION (git revision)", from the Makefile. */
	printf("pktpath %s\n", PKTPATH_VERSION);
	/* The libraries' own answers: the shared objects loaded now, which
	 * may be newer than the headers pktpath was built against. */
	printf("libbpf %u.%u, %s\n", libbpf_major_version(), libbpf_minor_version(),
	       pp_pcap_version());
	uname(&u);
	if (!runtime_privileged()) {
		printf("kernel %s: BPF features not probed (needs root, or CAP_BPF and "
		       "CAP_PERFMON)\n",
		       u.release);
		return PP_EXIT_OK;
	}
	/* The probes' refusals are answers here, not warnings to print. */
	libbpf_set_print(NULL);
	feature_summary(features, sizeof(features));
	printf("kernel %s: %s\n", u.release, features);
	return PP_EXIT_OK;
}
