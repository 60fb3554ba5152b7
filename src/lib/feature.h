/* SPDX-License-Identifier: GPL-2.0 */
/*
 * feature.h - what the running kernel offers pktpath, probed the way
 * bpftool's feature.c does it: by asking (a map created, a trivial program
 * loaded), not by reading version numbers. Each probe runs once per process
 * and its answer is kept, with a phrase that says what was found or, when
 * the feature is missing, why.
 */
#ifndef PP_FEATURE_H
#define PP_FEATURE_H

#include <stdbool.h>
#include <stddef.h>

/* In the order `pktpath features` lists them. */
enum pp_feature {
	PP_FEAT_BTF,         /* kernel BTF (/sys/kernel/btf/vmlinux) */
	PP_FEAT_RINGBUF,     /* BPF_MAP_TYPE_RINGBUF */
	PP_FEAT_STACKID,     /* BPF_MAP_TYPE_STACK_TRACE + bpf_get_stackid */
	PP_FEAT_DROP_REASON, /* enum skb_drop_reason, and kfree_skb passes it */
	PP_FEAT_TP_BTF,      /* typed tracepoint programs (tp_btf) load */
	PP_FEAT_RAW_TP,      /* raw tracepoint programs load */
	PP_FEAT_TRACEPOINT,  /* classic tracepoint programs load; tracefs mounted */
	PP_FEAT_FENTRY,      /* fentry/fexit programs load */
	PP_FEAT_KPROBE,      /* kprobes/kretprobes can be created */
	PP_FEAT_KPROBE_MULTI, /* kprobe.multi links (fprobe): one program, many functions */
	PP_FEAT_MAX,
};

struct pp_feature_result {
	bool ok;
	char detail[192]; /* what was found, or why the feature is missing */
};

/* Probe a feature (once; later calls return the kept answer). */
const struct pp_feature_result *feature_probe(enum pp_feature f);

/* Short names: "btf", "ringbuf"... (JSON keys) and "BTF", "ring buffer"...
 * (text). */
const char *feature_key(enum pp_feature f);
const char *feature_title(enum pp_feature f);

/* One line, the short form of `pktpath features`: the keys of the features
 * found ("btf ringbuf ... kprobes"), then "; missing: KEY, KEY" if any. */
void feature_summary(char *buf, size_t len);

/* The kernel's drop reasons: how many `enum skb_drop_reason` has (0 when
 * the enum is missing), and whether the kfree_skb tracepoint carries one. */
void feature_drop_reasons(unsigned int *n_reasons, bool *tp_has_reason);

#endif
