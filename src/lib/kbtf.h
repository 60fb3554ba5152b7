/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbtf.h - the running kernel's BTF, vmlinux and the loaded modules, read
 * once: which functions and tracepoints exist, and the kernel's own types
 * where names beat hard-coded numbers (drop reasons).
 */
#ifndef PP_KBTF_H
#define PP_KBTF_H

#include <stdbool.h>

struct btf;

/* vmlinux BTF, loaded on first use and kept; NULL when the kernel has none. */
struct btf *kbtf_vmlinux(void);

/*
 * Is `name` a function in the kernel's BTF (vmlinux, then each loaded
 * module's BTF under /sys/kernel/btf)? On success *module, when asked, is
 * NULL for vmlinux or the module's name.
 */
bool kbtf_has_func(const char *name, const char **module);

/* Does the tracepoint have a typed prototype (btf_trace_<name>)? */
bool kbtf_has_tracepoint(const char *name);

/*
 * The BTF id of the tracepoint's prototype, FUNC_PROTO of
 * btf_trace_<name> with the leading context argument; 0 when absent.
 */
int kbtf_tracepoint_proto(const char *name);

/*
 * A function's BTF: its FUNC id in *btf (vmlinux or a module's split BTF,
 * named in *module, NULL for vmlinux); -1 when no BTF has it.
 */
int kbtf_find_func(const char *name, struct btf **btf, const char **module);

/* Call fn for every function of vmlinux, then of each module; a non-zero
 * return stops the walk and is returned. */
int kbtf_for_each_func(int (*fn)(struct btf *btf, int id, const char *module, void *ctx),
		       void *ctx);

#endif
