// SPDX-License-Identifier: GPL-2.0
/*
 * show.c - `pktpath show FILE`: print a pcapng file written by `pktpath
 * MODE -w FILE` as the live run printed it.
 *
 * Each packet carries its record as the live text and as JSON (custom
 * options, see src/lib/pcapng.h), rendered on the host that traced it:
 * drop reasons, kernel symbols and namespace names are that host's, so the
 * file reads the same anywhere. A damaged file stops at the first bad
 * block with a one-line error that says where.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "lib/log.h"
#include "lib/pcapng.h"

static int show_file(const char *path, FILE *f, bool json)
{
	struct pcapng_reader r;
	struct pcapng_rec rec;
	unsigned long packets = 0;
	int ret;

	pcapng_reader_init(&r, f);
	while ((ret = pcapng_next(&r, &rec)) > 0) {
		if (rec.type != PCAPNG_EPB)
			continue;
		packets++;
		if (!(json ? rec.json : rec.text)) {
			pp_err("show: %s: packet %lu has no pktpath record (not written by "
			       "`pktpath ... -w`)", path, packets);
			ret = -2;
			break;
		}
		if (json) {
			fwrite(rec.json, 1, rec.json_len, stdout);
			fputc('\n', stdout);
		} else {
			fwrite(rec.text, 1, rec.text_len, stdout);
		}
	}
	if (ret == 0 && !r.n_blocks) {
		snprintf(r.err, sizeof(r.err), "empty file");
		ret = -1;
	}
	if (ret == -1)
		pp_err("show: %s: %s", path, r.err);
	pcapng_reader_free(&r);
	return ret < 0 ? PP_EXIT_FAIL : PP_EXIT_OK;
}

static int show_run(const struct pp_common_opts *co, void *opts)
{
	const char *path;
	FILE *f;
	int ret;

	if (co->n_args != 1) {
		pp_err("show: give one FILE (see `pktpath show --help`)");
		return PP_EXIT_USAGE;
	}
	path = co->args[0];
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		pp_err("show: %s: %s", path, strerror(errno));
		return PP_EXIT_FAIL;
	}
	ret = show_file(path, f, co->json);
	if (f != stdin)
		fclose(f);
	if (fflush(stdout)) {
		pp_err("show: writing: %s", strerror(errno));
		ret = PP_EXIT_FAIL;
	}
	return ret;
}

const struct pp_command cmd_show = {
	.name = "show",
	.summary = "print a pcapng file written with -w as the live run printed it",
	.synopsis = "FILE [--json]",
	.description =
		"Reads a pcapng file that `pktpath trace|drops|otherhost|txq -w FILE` wrote\n"
		"and prints each packet's record as the live run printed it: its text lines,\n"
		"or with --json its JSON object. The records were rendered on the host that\n"
		"traced them (drop reasons, kernel symbols, namespace names), so a capture\n"
		"taken on one host reads the same on another. FILE - reads standard input.\n"
		"The summaries a run prints every --interval and at exit are not in the file.\n"
		"\n"
		"A truncated or damaged file is read up to its last whole block, then stops\n"
		"with an error that names the block and its offset (exit status 1).",
	.examples = "  pktpath drops -w drops.pcapng --duration 10 && pktpath show drops.pcapng\n"
		    "  pktpath show trace.pcapng --json | jq -r .end\n"
		    "  tshark -r drops.pcapng -Y 'frame.comment contains \"NO_SOCKET\"'\n",
	.common = PP_OPT_JSON | PP_OPT_ARGS,
	.run = show_run,
};
