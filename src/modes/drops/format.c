// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - how drops and otherhost write what the kernel told them: the
 * reason by name, the location and stack as symbols, MAC addresses, time.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>

#include "user.h"
#include "lib/drop_reasons.h"
#include "lib/ksyms.h"
#include "lib/log.h"
#include "lib/timefmt.h"

int drop_names_init(struct drop_names *n)
{
	memset(n, 0, sizeof(*n));
	n->wall_offset_ns = timefmt_wall_offset_ns();
	n->reasons = drop_reasons__load();
	if (!n->reasons) {
		pp_err("reading drop reasons from the kernel's BTF: %s", strerror(errno));
		return PP_EXIT_ENV;
	}
	return 0;
}

/* Once the programs run: a bad command line is still one line of error. */
void drop_names_symbols(struct drop_names *n)
{
	if (!drop_reasons__any(n->reasons))
		pp_note("this kernel names no drop reasons (they came with 5.17): drops are "
			"shown by location only");
	n->ksyms = ksyms__load();
	if (!n->ksyms)
		pp_note("kernel symbols unavailable (/proc/kallsyms: %s): locations are shown as "
			"addresses",
			errno == EPERM ? "addresses hidden by kptr_restrict" : strerror(errno));
}

void drop_names_free(struct drop_names *n)
{
	drop_reasons__free(n->reasons);
	ksyms__free(n->ksyms);
	n->reasons = NULL;
	n->ksyms = NULL;
}

const char *drop_reason_text(const struct drop_names *n, uint32_t code, char *buf, size_t len)
{
	return drop_reasons__text(n->reasons, code, buf, len);
}

char *drop_location_text(const struct drop_names *n, uint64_t addr, bool with_size, char *buf,
			 size_t len)
{
	const struct ksym *s = n->ksyms ? ksyms__map_addr(n->ksyms, addr) : NULL;

	if (with_size || !s)
		return ksyms__format(n->ksyms, addr, buf, len);
	snprintf(buf, len, "%s+0x%llx", s->name, (unsigned long long)(addr - s->addr));
	return buf;
}

void drop_reason_json(struct json_writer *w, const struct drop_names *n, uint32_t code)
{
	char buf[64];
	const char *name = drop_reasons__name(n->reasons, code, buf, sizeof(buf));

	json_key(w, "reason");
	if (name)
		json_string(w, name);
	else
		json_null(w);
	json_key(w, "reason_code");
	if (code == PP_DROP_NO_REASON)
		json_null(w);
	else
		json_u64(w, code);
}

void drop_location_json(struct json_writer *w, const struct drop_names *n, uint64_t addr)
{
	const struct ksym *s = n->ksyms ? ksyms__map_addr(n->ksyms, addr) : NULL;
	char buf[256];

	json_kv_str(w, "location", ksyms__format(n->ksyms, addr, buf, sizeof(buf)));
	json_key(w, "function");
	if (s)
		json_string(w, s->name);
	else
		json_null(w);
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)addr);
	json_kv_str(w, "address", buf);
}

/* Frames of the tracing machinery sit on top of every stack a tracepoint
 * program takes: BPF's own, the tracepoint's trampolines, perf's. */
static bool tracing_frame(const struct drop_names *n, uint64_t ip)
{
	static const char *const prefixes[] = { "bpf_", "__bpf_", "trace_", "__traceiter_",
						 "perf_", "__probestub_" };
	const struct ksym *s = n->ksyms ? ksyms__map_addr(n->ksyms, ip) : NULL;

	if (!s)
		return false;
	if (s->module && !strcmp(s->module, "bpf"))
		return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(s->name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

int drop_stack_read(int map_fd, int32_t id, const struct drop_names *n,
		    uint64_t ips[PP_STACK_DEPTH])
{
	int depth = 0, skip = 0;

	if (id < 0 || bpf_map_lookup_elem(map_fd, &id, ips))
		return 0;
	while (depth < PP_STACK_DEPTH && ips[depth])
		depth++;
	while (skip < depth - 1 && tracing_frame(n, ips[skip]))
		skip++;
	memmove(ips, ips + skip, (depth - skip) * sizeof(*ips));
	return depth - skip;
}

void drop_stack_json(struct json_writer *w, const struct drop_names *n, const uint64_t *ips,
		     int depth)
{
	char buf[256];

	json_key(w, "stack");
	json_array_start(w);
	for (int i = 0; i < depth; i++)
		json_string(w, ksyms__format(n->ksyms, ips[i], buf, sizeof(buf)));
	json_array_end(w);
}

void drop_stack_print(FILE *out, const struct drop_names *n, const uint64_t *ips, int depth,
		      const char *indent)
{
	char buf[256];

	for (int i = 0; i < depth; i++)
		fprintf(out, "%s%s\n", indent, ksyms__format(n->ksyms, ips[i], buf, sizeof(buf)));
}

const char *pkt_type_name(uint8_t pkt_type)
{
	/* PACKET_* from linux/if_packet.h */
	static const char *const names[] = { "host",     "broadcast", "multicast", "otherhost",
					     "outgoing", "loopback",  "user",      "kernel" };

	return pkt_type < sizeof(names) / sizeof(names[0]) ? names[pkt_type] : "?";
}

char *mac_text(const uint8_t mac[6], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

char *drop_time_text(const struct drop_names *n, uint64_t mono_ns, char *buf, size_t len)
{
	timefmt_clock(mono_ns, n->wall_offset_ns, buf, len);
	/* "HH:MM:SS.nnnnnnnnn": keep six digits, the width live lines can spare. */
	if (strlen(buf) > 15)
		buf[15] = 0;
	return buf;
}
