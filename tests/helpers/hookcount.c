// SPDX-License-Identifier: GPL-2.0
/*
 * hookcount - the ready-made function-hook programs of
 * src/bpf/fn_hooks.bpf.h, attached through pktpath's attach engine, count
 * what they see until SIGINT or SIGTERM; then one JSON object on stdout:
 * per hook the mechanism used (or null and why), and the counts.
 *
 *   hookcount [--attach MECH] [--dev NAME] [--ready-file FILE] HOOK...
 *
 * HOOK: ip_rcv, ip_rcv_core, virtnet_poll. --dev counts only packets (and
 * polls) of devices of that name. Every hook is optional, as in a mode: a
 * missing one costs a note on stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "pktpath.h"
#include "../bpf/hookcount.h" /* before its skeleton, which uses it */
#include "hookcount.skel.h"
#include "lib/hooks.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/runtime.h"

static const struct hook_progs all[] = {
	{ .hook = &hook_ip_rcv, .prog = HOOK_PROGS_ENTRY("hc_ip_rcv") },
	{ .hook = &hook_ip_rcv_core, .prog = HOOK_PROGS_ENTRY_EXIT("hc_ip_rcv_core") },
	{ .hook = &hook_virtnet_poll, .prog = HOOK_PROGS_ENTRY_EXIT("hc_poll") },
};

#define N_ALL (sizeof(all) / sizeof(all[0]))

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "attach", 1, 0, 'a' }, { "dev", 1, 0, 'd' }, { "ready-file", 1, 0, 'r' }, { 0 }
	};
	const char *attach = NULL, *dev = NULL, *ready = NULL;
	struct hook_choice choices[N_ALL];
	struct hook_progs hp[N_ALL];
	struct hookcount_bpf *skel;
	struct bpf_program *p;
	struct json_writer w;
	size_t n = 0;
	int c, ret;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a')
			attach = optarg;
		else if (c == 'd')
			dev = optarg;
		else if (c == 'r')
			ready = optarg;
		else
			return 2;
	}
	for (; optind < argc; optind++) {
		size_t i = 0;

		while (i < N_ALL && strcmp(all[i].hook->name, argv[optind]))
			i++;
		if (i == N_ALL) {
			fprintf(stderr, "hookcount: unknown hook %s\n", argv[optind]);
			return 2;
		}
		hp[n++] = all[i];
	}
	ret = runtime_init("hookcount");
	if (ret)
		return ret;
	skel = hookcount_bpf__open();
	if (!skel)
		return runtime_bpf_error("opening", "hookcount", -errno);
	if (dev)
		snprintf((char *)skel->rodata->pp_mf.dev_name, sizeof(skel->rodata->pp_mf.dev_name),
			 "%s", dev);
	/* Only the hooks asked for: the engine turns their chosen programs on. */
	bpf_object__for_each_program(p, skel->obj)
		bpf_program__set_autoload(p, false);
	ret = hooks_select(skel->obj, hp, n, attach, choices);
	if (!ret && (ret = hookcount_bpf__load(skel)))
		ret = runtime_bpf_error("loading", "hookcount", ret);
	if (!ret)
		ret = hooks_attach(skel->skeleton, hp, n, choices);
	if (!ret)
		ret = runtime_signal_ready(ready);
	while (!ret && !pp_stop)
		usleep(50 * 1000);
	if (ret)
		goto out;
	hookcount_bpf__detach(skel);

	json_init(&w, stdout);
	json_object_start(&w);
	json_key(&w, "hooks");
	json_array_start(&w);
	for (size_t i = 0; i < n; i++) {
		json_object_start(&w);
		json_kv_str(&w, "hook", hp[i].hook->name);
		json_key(&w, "mechanism");
		if (choices[i].mech >= 0)
			json_string(&w, hooks_choice_name(&hp[i], &choices[i]));
		else
			json_null(&w);
		if (choices[i].mech >= 0 && choices[i].target[0])
			json_kv_str(&w, "target", choices[i].target);
		if (choices[i].mech < 0)
			json_kv_str(&w, "reason", choices[i].reason);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_key(&w, "counts");
	json_object_start(&w);
	json_kv_u64(&w, "ip_rcv", skel->bss->hc.ip_rcv);
	json_kv_u64(&w, "ip_rcv_otherhost", skel->bss->hc.ip_rcv_otherhost);
	json_kv_u64(&w, "ip_rcv_core", skel->bss->hc.ip_rcv_core);
	json_kv_u64(&w, "ip_rcv_core_drop", skel->bss->hc.ip_rcv_core_drop);
	json_kv_u64(&w, "poll", skel->bss->hc.poll);
	json_kv_u64(&w, "poll_work", skel->bss->hc.poll_work);
	json_object_end(&w);
	json_object_end(&w);
out:
	hookcount_bpf__destroy(skel);
	return ret;
}
