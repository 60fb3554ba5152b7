// SPDX-License-Identifier: GPL-2.0
/*
 * filter_show - compile one expression the way pktpath does and report.
 * The exit status is pp_expr_compile()'s (2 for a bad expression, with its
 * one-line error on stderr).
 *
 *   -d       print libpcap's classic programs and their eBPF translations
 *   -l OBJ   for every program of the BPF object file OBJ that has filter
 *            markers: load it alone, with pp_mf.pkt_filter set and the
 *            filter spliced in, and print the verifier's statistics. A
 *            program that does not load here even without a filter (a
 *            hook this kernel refuses) is reported and not held against
 *            the filter. Repeatable. Exit status 4 if a filter breaks a load.
 *   -1       only the first such program of each kind (tp_btf, raw_tp,
 *            tracepoint...) in each object: the verifier's view of the
 *            splice differs by program type and context, not by hook, and
 *            under emulation every load costs seconds
 *
 * Maps are created with one entry each (the verifier does not look at
 * their size), so a load costs the verifier's work, not the tables'.
 *
 * Usage: filter_show [-d] [-1] [-l OBJ]... EXPRESSION
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "lib/log.h"
#include "filter/ebpf_insn.h"
#include "filter/expr.h"

static char vlog[1 << 20];
static char failed_log[sizeof(vlog)]; /* vlog of the load that failed */
static int load_err;                  /* bpf_object__load()'s, of the last load */
static int one_per_kind;

/*
 * Set pkt_filter, pkt_filter_l3 and snaplen of the object's pp_mf
 * (common.bpf.h) in its .rodata, found through BTF as a skeleton would.
 */
static int set_rodata(struct bpf_object *obj, const struct pp_expr *e)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *v;
	const struct btf_type *sec;
	const void *init;
	size_t size;
	int id, err = -1;
	char *data;

	if (!map || !btf)
		return -1;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	sec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	init = bpf_map__initial_value(map, &size);
	if (!sec || !init || !(data = malloc(size)))
		return -1;
	memcpy(data, init, size);
	v = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);

		if (!strcmp(btf__name_by_offset(btf, var->name_off), "pp_mf") &&
		    v->offset + sizeof(struct pp_meta_filter) <= size) {
			pp_expr_set_rodata(e, (struct pp_meta_filter *)(data + v->offset));
			err = bpf_map__set_initial_value(map, data, size);
			break;
		}
	}
	free(data);
	return err;
}

static int count_markers(const struct bpf_program *prog)
{
	const struct bpf_insn *in = bpf_program__insns(prog);
	size_t cnt = bpf_program__insn_cnt(prog);
	int n = 0;

	for (size_t i = 0; i < cnt; i++)
		n += in[i].code == (BPF_LD | BPF_DW | BPF_IMM) && in[i].dst_reg == 0 &&
		     ((__u32)in[i].imm == PP_FILTER_MARK_L2 || (__u32)in[i].imm == PP_FILTER_MARK_L3);
	return n;
}

/* Every table at one entry; global data and ring buffers keep their size. */
static void shrink_maps(struct bpf_object *obj)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
	{
		if (bpf_map__is_internal(map) || bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF)
			continue;
		bpf_map__set_max_entries(map, 1);
	}
}

/* The section's kind, "tp_btf" of "tp_btf/kfree_skb", in buf. */
static const char *section_kind(const struct bpf_program *prog, char *buf, size_t len)
{
	const char *sec = bpf_program__section_name(prog);

	snprintf(buf, len, "%.*s", (int)strcspn(sec, "/"), sec);
	return buf;
}

/*
 * Open obj afresh and load only program `name`, with e spliced (or none).
 * Returns 0 and the verifier's "processed ..." line in stats, or -1.
 */
static int load_alone(const char *path, const char *name, const struct pp_expr *e, char *stats,
		      size_t len)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	const char *p;
	int err = -1;

	if (!obj)
		return -1;
	if (set_rodata(obj, e)) {
		snprintf(vlog, sizeof(vlog), "no pp_mf in the object's .rodata\n");
		goto out;
	}
	bpf_object__for_each_program(prog, obj)
	{
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), name));
	}
	shrink_maps(obj);
	prog = bpf_object__find_program_by_name(obj, name);
	vlog[0] = 0;
	bpf_program__set_log_buf(prog, vlog, sizeof(vlog));
	bpf_program__set_log_level(prog, 4); /* statistics only */
	load_err = -EINVAL;
	if (pp_expr_splice(e, obj))
		goto out;
	load_err = bpf_object__load(obj);
	if (load_err)
		goto out;
	p = strstr(vlog, "processed ");
	snprintf(stats, len, "%u insns, %.*s", (unsigned int)bpf_program__insn_cnt(prog),
		 p ? (int)strcspn(p, "\n") : 0, p ? p : "");
	err = 0;
out:
	bpf_object__close(obj);
	return err;
}

static int load_object(const char *path, const struct pp_expr *e)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	char kinds[256] = " ", kind[32];
	struct bpf_program *prog;
	int bad = 0;

	if (!obj) {
		printf("%s: cannot open\n", path);
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
	{
		const char *name = bpf_program__name(prog);
		char stats[256], word[40];
		int err;

		if (!count_markers(prog))
			continue;
		snprintf(word, sizeof(word), " %s ", section_kind(prog, kind, sizeof(kind)));
		if (one_per_kind && strstr(kinds, word))
			continue;
		if (strlen(kinds) + strlen(word) < sizeof(kinds))
			strcat(kinds, word + 1);
		if (load_alone(path, name, e, stats, sizeof(stats)) == 0) {
			printf("  %-28s %s\n", name, stats);
			continue;
		}
		/* The retry without the filter writes vlog again. */
		memcpy(failed_log, vlog, sizeof(vlog));
		err = load_err;
		if (e && load_alone(path, name, NULL, stats, sizeof(stats)) == 0) {
			printf("  %-28s FAILS with the filter (%s), loads without (%s):\n%s\n", name,
			       strerror(-err), stats, failed_log);
			bad = 1;
		} else {
			printf("  %-28s does not load here, filter or not\n", name);
		}
	}
	bpf_object__close(obj);
	return bad;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	const char *objs[16];
	int dump = 0, n_objs = 0, opt, ret;
	struct pp_expr *e;

	while ((opt = getopt(argc, argv, "d1l:")) != -1) {
		if (opt == 'd')
			dump = 1;
		else if (opt == '1')
			one_per_kind = 1;
		else if (opt == 'l' && n_objs < 16)
			objs[n_objs++] = optarg;
		else
			return 64;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-d] [-1] [-l OBJ]... EXPRESSION\n", argv[0]);
		return 64;
	}
	ret = pp_expr_compile(argv[optind], &e);
	if (ret)
		return ret;
	if (dump)
		pp_expr_dump(e, stdout);
	libbpf_set_print(quiet); /* the verifier log is printed when it matters */
	for (int i = 0; i < n_objs; i++) {
		printf("%s:\n", objs[i]);
		if (load_object(objs[i], e))
			ret = PP_EXIT_BPF;
	}
	pp_expr_free(e);
	return ret;
}
