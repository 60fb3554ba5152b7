// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "feature.h"
#include "kbtf.h"
#include "runtime.h"

#define ENOTSUPP 524 /* kernel-internal "not supported", seen by user space */

static struct pp_feature_result results[PP_FEAT_MAX];
static bool probed[PP_FEAT_MAX];

static const char *const keys[PP_FEAT_MAX] = {
	[PP_FEAT_BTF] = "btf",
	[PP_FEAT_RINGBUF] = "ringbuf",
	[PP_FEAT_STACKID] = "stackid",
	[PP_FEAT_DROP_REASON] = "drop_reasons",
	[PP_FEAT_TP_BTF] = "tp_btf",
	[PP_FEAT_RAW_TP] = "raw_tp",
	[PP_FEAT_TRACEPOINT] = "tracepoint",
	[PP_FEAT_FENTRY] = "fentry",
	[PP_FEAT_KPROBE] = "kprobes",
	[PP_FEAT_KPROBE_MULTI] = "kprobe_multi",
};

static const char *const titles[PP_FEAT_MAX] = {
	[PP_FEAT_BTF] = "BTF",
	[PP_FEAT_RINGBUF] = "ring buffer",
	[PP_FEAT_STACKID] = "stack traces",
	[PP_FEAT_DROP_REASON] = "drop reasons",
	[PP_FEAT_TP_BTF] = "tp_btf",
	[PP_FEAT_RAW_TP] = "raw_tp",
	[PP_FEAT_TRACEPOINT] = "tracepoint",
	[PP_FEAT_FENTRY] = "fentry/fexit",
	[PP_FEAT_KPROBE] = "kprobes",
	[PP_FEAT_KPROBE_MULTI] = "kprobe.multi",
};

const char *feature_key(enum pp_feature f)
{
	return f < PP_FEAT_MAX ? keys[f] : "?";
}

const char *feature_title(enum pp_feature f)
{
	return f < PP_FEAT_MAX ? titles[f] : "?";
}

/* The last non-empty line of a verifier log, for a one-line reason. */
static const char *last_line(char *log)
{
	char *end = log + strlen(log), *start;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		*--end = 0;
	start = strrchr(log, '\n');
	return start ? start + 1 : log;
}

/*
 * Load `r0 = 0; exit` as a BTF-typed tracing program attached (at load
 * time) to the BTF id given. Returns 0 or -errno, with the verifier's last
 * word in `log` when there is one.
 */
static int load_tracing(enum bpf_attach_type type, int btf_id, char *log, size_t len)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = type,
		    .attach_btf_id = btf_id, .log_buf = log, .log_size = len);
	int fd, err;

	log[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = -errno;
	return err ? err : -EINVAL;
}

/* "refused by the kernel: <why>", with the likely cause of a refusal. */
static void refusal(struct pp_feature_result *r, const char *what, int err, char *log)
{
	const char *line = last_line(log);

	err = -err;
	if (err == ENOTSUPP || err == EOPNOTSUPP)
		snprintf(r->detail, sizeof(r->detail),
			 "%s is not supported by this kernel (no BPF trampoline)", what);
	else if (err == EPERM || err == EACCES)
		snprintf(r->detail, sizeof(r->detail),
			 "%s refused by the kernel: %s (lockdown?)", what, strerror(err));
	else
		snprintf(r->detail, sizeof(r->detail), "%s refused by the kernel: %s%s%s", what,
			 strerror(err), line[0] ? ": " : "", line);
}

static void probe_btf(struct pp_feature_result *r)
{
	struct btf *btf = kbtf_vmlinux();

	r->ok = btf != NULL;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "vmlinux, %u types",
			 btf__type_cnt(btf) - 1);
	else
		snprintf(r->detail, sizeof(r->detail),
			 "no /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF)");
}

static void probe_map(struct pp_feature_result *r, enum bpf_map_type type, const char *name,
		      const char *since)
{
	int ret = libbpf_probe_bpf_map_type(type, NULL);

	r->ok = ret == 1;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "%s", name);
	else if (ret == 0)
		snprintf(r->detail, sizeof(r->detail), "%s is not supported (needs Linux %s)",
			 name, since);
	else
		snprintf(r->detail, sizeof(r->detail), "probing %s failed: %s", name,
			 strerror(-ret));
}

/*
 * A tracepoint program that calls bpf_get_stackid() with a stack-trace map,
 * as the modes do. (libbpf_probe_bpf_helper() would do, but greps a log the
 * kernel wrote, which valgrind cannot see written.)
 */
static void probe_stackid(struct pp_feature_result *r)
{
	struct bpf_insn insns[] = {
		/* r1 = ctx already; r2 = the map; r3 = 0; call; r0 = 0; exit */
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_2,
		  .src_reg = BPF_PSEUDO_MAP_FD },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_get_stackid },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int map, fd;

	probe_map(r, BPF_MAP_TYPE_STACK_TRACE, "BPF_MAP_TYPE_STACK_TRACE", "4.6");
	if (!r->ok)
		return;
	map = bpf_map_create(BPF_MAP_TYPE_STACK_TRACE, NULL, sizeof(__u32), 8 * sizeof(__u64), 1,
			     NULL);
	if (map < 0) {
		r->ok = false;
		snprintf(r->detail, sizeof(r->detail), "creating a stack-trace map failed: %s",
			 strerror(errno));
		return;
	}
	insns[0].imm = map;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACEPOINT, NULL, "GPL", insns,
			   sizeof(insns) / sizeof(insns[0]), NULL);
	r->ok = fd >= 0;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail),
			 "bpf_get_stackid with BPF_MAP_TYPE_STACK_TRACE");
	else
		snprintf(r->detail, sizeof(r->detail),
			 "bpf_get_stackid refused in a tracepoint program: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	close(map);
}

/* Strip typedefs and qualifiers. */
static const struct btf_type *resolve(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

void feature_drop_reasons(unsigned int *n_reasons, bool *tp_has_reason)
{
	struct btf *btf = kbtf_vmlinux();
	const struct btf_type *t;
	int id, proto;

	*n_reasons = 0;
	*tp_has_reason = false;
	if (!btf)
		return;
	id = btf__find_by_name_kind(btf, "skb_drop_reason", BTF_KIND_ENUM);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	for (unsigned int i = 0; t && i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
		size_t len = name ? strlen(name) : 0;

		/* SKB_DROP_REASON_MAX is a bound, not a reason. */
		if (len && (len < 4 || strcmp(name + len - 4, "_MAX")))
			(*n_reasons)++;
	}
	/* The tracepoint's typed prototype: (void *, skb, location, reason...). */
	proto = kbtf_tracepoint_proto("kfree_skb");
	t = proto ? btf__type_by_id(btf, proto) : NULL;
	for (unsigned int i = 0; t && i < btf_vlen(t); i++) {
		const struct btf_type *p = resolve(btf, btf_params(t)[i].type);

		if (p && btf_is_enum(p) &&
		    !strcmp(btf__name_by_offset(btf, p->name_off), "skb_drop_reason"))
			*tp_has_reason = true;
	}
}

static void probe_drop_reasons(struct pp_feature_result *r)
{
	unsigned int n;
	bool tp;

	feature_drop_reasons(&n, &tp);
	r->ok = n && tp;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail),
			 "enum skb_drop_reason (%u reasons), kfree_skb passes it", n);
	else if (n)
		snprintf(r->detail, sizeof(r->detail),
			 "enum skb_drop_reason (%u reasons), but the kfree_skb tracepoint "
			 "has no reason argument", n);
	else
		snprintf(r->detail, sizeof(r->detail),
			 "no enum skb_drop_reason in the kernel's BTF (needs Linux 5.17)");
}

static void probe_tp_btf(struct pp_feature_result *r)
{
	static const char *const tps[] = { "net_dev_start_xmit", "netif_receive_skb",
					   "kfree_skb", "sched_switch" };
	struct btf *btf = kbtf_vmlinux();
	char log[1024], type[64];
	int id = 0, err;

	for (size_t i = 0; btf && id <= 0 && i < sizeof(tps) / sizeof(tps[0]); i++) {
		snprintf(type, sizeof(type), "btf_trace_%s", tps[i]);
		id = btf__find_by_name_kind(btf, type, BTF_KIND_TYPEDEF);
	}
	if (id <= 0) {
		snprintf(r->detail, sizeof(r->detail),
			 btf ? "no typed tracepoints in the kernel's BTF" : "needs kernel BTF");
		return;
	}
	err = load_tracing(BPF_TRACE_RAW_TP, id, log, sizeof(log));
	r->ok = !err;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "typed tracepoint programs load");
	else
		refusal(r, "tp_btf", err, log);
}

static void probe_prog_type(struct pp_feature_result *r, enum bpf_prog_type type,
			    const char *what)
{
	int ret = libbpf_probe_bpf_prog_type(type, NULL);

	r->ok = ret == 1;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "%s programs load", what);
	else if (ret == 0)
		snprintf(r->detail, sizeof(r->detail), "%s programs are not supported", what);
	else
		snprintf(r->detail, sizeof(r->detail), "probing %s programs failed: %s", what,
			 strerror(-ret));
}

static void probe_tracepoint(struct pp_feature_result *r)
{
	const char *tracefs;

	probe_prog_type(r, BPF_PROG_TYPE_TRACEPOINT, "tracepoint");
	if (!r->ok)
		return;
	tracefs = runtime_tracefs();
	r->ok = tracefs != NULL;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "tracefs at %s", tracefs);
	else
		snprintf(r->detail, sizeof(r->detail),
			 "tracefs is not mounted and cannot be mounted");
}

static void probe_fentry(struct pp_feature_result *r)
{
	/* Any function in BTF will do; bpf_fentry_test1 exists for this. */
	static const char *const funcs[] = { "bpf_fentry_test1", "netif_receive_skb",
					     "ip_rcv" };
	struct btf *btf = kbtf_vmlinux();
	char log[1024];
	int id = 0, err;

	for (size_t i = 0; btf && id <= 0 && i < sizeof(funcs) / sizeof(funcs[0]); i++)
		id = btf__find_by_name_kind(btf, funcs[i], BTF_KIND_FUNC);
	if (id <= 0) {
		snprintf(r->detail, sizeof(r->detail), "fentry needs kernel BTF with functions");
		return;
	}
	err = load_tracing(BPF_TRACE_FENTRY, id, log, sizeof(log));
	r->ok = !err;
	if (r->ok)
		snprintf(r->detail, sizeof(r->detail), "fentry/fexit programs load");
	else
		refusal(r, "fentry", err, log);
}

static void probe_kprobe(struct pp_feature_result *r)
{
	const char *tracefs;
	char path[128];

	if (!access("/sys/bus/event_source/devices/kprobe/type", F_OK)) {
		r->ok = true;
		snprintf(r->detail, sizeof(r->detail), "kprobe PMU (perf_event_open)");
	} else if ((tracefs = runtime_tracefs()) &&
		   (snprintf(path, sizeof(path), "%s/kprobe_events", tracefs),
		    !access(path, F_OK))) {
		r->ok = true;
		snprintf(r->detail, sizeof(r->detail), "kprobe_events in tracefs");
	} else if (!access("/proc/sys/debug/kprobes-optimization", F_OK)) {
		snprintf(r->detail, sizeof(r->detail),
			 "kprobes are built in but kprobe events are not (CONFIG_KPROBE_EVENTS)");
	} else {
		snprintf(r->detail, sizeof(r->detail),
			 "kprobes are not built into this kernel (CONFIG_KPROBES)");
	}
	if (r->ok && libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_KPROBE, NULL) != 1) {
		r->ok = false;
		snprintf(r->detail, sizeof(r->detail),
			 "kprobe programs do not load (CONFIG_BPF_EVENTS)");
	}
}

/*
 * kprobe.multi: a kprobe program loaded for BPF_TRACE_KPROBE_MULTI, then a
 * link to one function every kernel has. The link is what tells the kernels
 * apart: before 5.18 the attach type is unknown (EINVAL), and a kernel
 * built without fprobe, which the links are made of, says EOPNOTSUPP.
 */
static void probe_kprobe_multi(struct pp_feature_result *r)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, popts, .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
	const char *syms[] = { "bpf_fentry_test1" };
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .kprobe_multi.syms = syms,
		    .kprobe_multi.cnt = 1);
	int prog, link, err;

	prog = bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", insns, 2, &popts);
	if (prog < 0) {
		err = errno;
		snprintf(r->detail, sizeof(r->detail), "kprobe programs do not load: %s",
			 strerror(err));
		return;
	}
	link = bpf_link_create(prog, 0, BPF_TRACE_KPROBE_MULTI, &lopts);
	err = link < 0 ? errno : 0;
	close(prog);
	r->ok = link >= 0;
	if (r->ok) {
		close(link);
		snprintf(r->detail, sizeof(r->detail), "kprobe.multi links (fprobe)");
	} else if (err == EOPNOTSUPP || err == ENOTSUPP) {
		snprintf(r->detail, sizeof(r->detail),
			 "this kernel has no fprobe (CONFIG_FPROBE)");
	} else if (err == EINVAL) {
		snprintf(r->detail, sizeof(r->detail),
			 "this kernel has no kprobe.multi links (Linux 5.18)");
	} else if (err == EPERM || err == EACCES) {
		snprintf(r->detail, sizeof(r->detail),
			 "kprobe.multi refused by the kernel: %s (lockdown?)", strerror(err));
	} else {
		snprintf(r->detail, sizeof(r->detail), "kprobe.multi refused by the kernel: %s",
			 strerror(err));
	}
}

const struct pp_feature_result *feature_probe(enum pp_feature f)
{
	struct pp_feature_result *r;

	if (f >= PP_FEAT_MAX)
		return NULL;
	r = &results[f];
	if (probed[f])
		return r;
	probed[f] = true;
	r->ok = false;
	switch (f) {
	case PP_FEAT_BTF:
		probe_btf(r);
		break;
	case PP_FEAT_RINGBUF:
		probe_map(r, BPF_MAP_TYPE_RINGBUF, "BPF_MAP_TYPE_RINGBUF", "5.8");
		break;
	case PP_FEAT_STACKID:
		probe_stackid(r);
		break;
	case PP_FEAT_DROP_REASON:
		probe_drop_reasons(r);
		break;
	case PP_FEAT_TP_BTF:
		probe_tp_btf(r);
		break;
	case PP_FEAT_RAW_TP:
		probe_prog_type(r, BPF_PROG_TYPE_RAW_TRACEPOINT, "raw tracepoint");
		break;
	case PP_FEAT_TRACEPOINT:
		probe_tracepoint(r);
		break;
	case PP_FEAT_FENTRY:
		probe_fentry(r);
		break;
	case PP_FEAT_KPROBE:
		probe_kprobe(r);
		break;
	case PP_FEAT_KPROBE_MULTI:
		probe_kprobe_multi(r);
		break;
	default:
		break;
	}
	return r;
}

void feature_summary(char *buf, size_t len)
{
	size_t off = 0;
	int missing = 0;

	buf[0] = 0;
	for (int f = 0; f < PP_FEAT_MAX && off < len; f++)
		if (feature_probe(f)->ok)
			off += snprintf(buf + off, len - off, "%s%s", off ? " " : "", keys[f]);
	for (int f = 0; f < PP_FEAT_MAX && off < len; f++) {
		const char *sep = missing ? ", " : off ? "; missing: " : "missing: ";

		if (feature_probe(f)->ok)
			continue;
		off += snprintf(buf + off, len - off, "%s%s", sep, keys[f]);
		missing++;
	}
}
