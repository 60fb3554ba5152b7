/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hook.bpf.h - the programs of a tracepoint hook, declared from one
 * handler.
 *
 * A tracepoint can be reached three ways (src/lib/hooks.h): tp_btf (typed,
 * direct reads), raw_tp (the same arguments, probe reads) and the classic
 * tracepoint (a record with the event's fields, probe reads). The first two
 * see the same argument array and differ by one flag; the classic one needs
 * its own adapter from the record's fields to the handler's arguments.
 *
 *   PP_TP(NAME, TP, HANDLER, PROTO...)
 *	NAME_btf (tp_btf/TP) and NAME_raw (raw_tp/TP), each
 *	`return HANDLER(btf, arg0, arg1, ...)`, btf true for NAME_btf only.
 *	PROTO is the tracepoint's prototype (TP_PROTO) as BPF_PROG takes it;
 *	HANDLER takes `const bool btf` and then the same arguments.
 *
 *   PP_TP_CTX(NAME, TP, HANDLER)
 *	The same pair, `return HANDLER(btf, ctx)` with the raw argument array,
 *	for a tracepoint whose arguments come and go with the kernel
 *	(kfree_skb): HANDLER reads each one through compat.bpf.h, where the
 *	running kernel has it.
 *
 *   PP_TP_CLASSIC(NAME, CATEGORY, TP, RECORD, CALL)
 *	NAME_tp (tracepoint/CATEGORY/TP) whose context is `struct RECORD *ctx`,
 *	returning the expression CALL (the handler with btf false, the
 *	record's fields as its arguments).
 *
 * Which hooks need the classic program: none does for kernel reach. raw_tp
 * is in every kernel pktpath runs on (4.17+; 5.10 is the oldest supported)
 * wherever a classic tracepoint is, and sees at least as much. The classic
 * program stays because `--attach tracepoint` is a mechanism users may
 * choose (and the attach tests check that all three see the same packets);
 * a hook whose record cannot feed its handler (tcp_probe before 6.x has no
 * skb in it) simply has none, and hooks_select() says so for that hook.
 *
 * Every program is SEC("?..."): none loads unless hooks_select() chose its
 * mechanism for its hook and turned its autoload on. The user-side table
 * names them with HOOK_PROGS_TP(NAME) or HOOK_PROGS_TP_NO_CLASSIC(NAME)
 * (src/lib/hooks.h), so the names cannot drift apart.
 *
 * Every program's body is PP_COST_RETURN (cost.bpf.h): in an object that
 * accounts its own cost, each run is counted and one in PP_COST_SAMPLE
 * timed; in the others it is a plain return.
 */
#ifndef PP_HOOK_BPF_H
#define PP_HOOK_BPF_H

#include "cost.bpf.h"

/* The arguments of a tracepoint, from its raw argument array: as many as
 * PROTO names (up to 6), each cast as BPF_PROG casts them. */
#define PP_TP_NTH(_0, _1, _2, _3, _4, _5, _6, N, ...) N
#define PP_TP_NARGS(...) PP_TP_NTH(_, ##__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)
#define PP_TP_ARGS0()
#define PP_TP_ARGS1(a) PP_TP_ARGS0(), (void *)ctx[0]
#define PP_TP_ARGS2(a, b) PP_TP_ARGS1(a), (void *)ctx[1]
#define PP_TP_ARGS3(a, b, c) PP_TP_ARGS2(a, b), (void *)ctx[2]
#define PP_TP_ARGS4(a, b, c, d) PP_TP_ARGS3(a, b, c), (void *)ctx[3]
#define PP_TP_ARGS5(a, b, c, d, e) PP_TP_ARGS4(a, b, c, d), (void *)ctx[4]
#define PP_TP_ARGS6(a, b, c, d, e, f) PP_TP_ARGS5(a, b, c, d, e), (void *)ctx[5]
#define PP_TP_CAT(a, b) PP_TP_CAT2(a, b)
#define PP_TP_CAT2(a, b) a##b
#define PP_TP_ARGS(...) PP_TP_CAT(PP_TP_ARGS, PP_TP_NARGS(__VA_ARGS__))(__VA_ARGS__)

/* One program of the pair. Integer arguments arrive as (void *)ctx[i], as
 * in BPF_PROG: the conversion is the point, not a mistake to warn about. */
#define PP_TP_PROG(sec, name, handler, btf, ...)                                       \
	PP_COST_SLOT(name)                                                             \
	SEC(sec)                                                                       \
	int name(unsigned long long *ctx)                                              \
	{                                                                              \
		_Pragma("GCC diagnostic push")                                         \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")                 \
		PP_COST_RETURN(name, handler(btf PP_TP_ARGS(__VA_ARGS__)));            \
		_Pragma("GCC diagnostic pop")                                          \
	}

#define PP_TP(name, tp, handler, ...)                                                  \
	PP_TP_PROG("?tp_btf/" #tp, name##_btf, handler, true, __VA_ARGS__)             \
	PP_TP_PROG("?raw_tp/" #tp, name##_raw, handler, false, __VA_ARGS__)

#define PP_TP_CTX(name, tp, handler)                                                   \
	PP_COST_SLOT(name##_btf)                                                       \
	SEC("?tp_btf/" #tp)                                                            \
	int name##_btf(unsigned long long *ctx)                                        \
	{                                                                              \
		PP_COST_RETURN(name##_btf, handler(true, ctx));                        \
	}                                                                              \
	PP_COST_SLOT(name##_raw)                                                       \
	SEC("?raw_tp/" #tp)                                                            \
	int name##_raw(unsigned long long *ctx)                                        \
	{                                                                              \
		PP_COST_RETURN(name##_raw, handler(false, ctx));                       \
	}

#define PP_TP_CLASSIC(name, category, tp, record, call)                                \
	PP_COST_SLOT(name##_tp)                                                        \
	SEC("?tracepoint/" #category "/" #tp)                                          \
	int name##_tp(struct record *ctx)                                              \
	{                                                                              \
		PP_COST_RETURN(name##_tp, call);                                       \
	}

/* net_dev_start_xmit's classic record names the device only by its name:
 * the skb's device is the one it is sent on. */
static __always_inline struct net_device *
start_xmit_record_dev(const struct trace_event_raw_net_dev_start_xmit *r)
{
	struct sk_buff *skb = (void *)r->skbaddr;

	return BPF_CORE_READ(skb, dev);
}

#endif /* PP_HOOK_BPF_H */
