/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctx_progs.bpf.h - the programs that keep ctx.bpf.h's per-CPU
 * receive context (hard IRQ, NET_RX softirq, NAPI poll), one per tracepoint
 * and attach mechanism. Included once by each object that needs to know
 * which IRQ brought a packet in (trace.bpf.c, rxq.bpf.c): the names are the
 * same in every skeleton, so user space lists them once.
 */
#ifndef PP_TRACE_CTX_PROGS_BPF_H
#define PP_TRACE_CTX_PROGS_BPF_H

#include "ctx.bpf.h"

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(tr_irq_handler_entry_btf, int irq, struct irqaction *action)
{
	on_irq_entry(irq, action->name);
	return 0;
}

SEC("raw_tp/irq_handler_entry")
int BPF_PROG(tr_irq_handler_entry_raw, int irq, struct irqaction *action)
{
	on_irq_entry(irq, BPF_CORE_READ(action, name));
	return 0;
}

SEC("tracepoint/irq/irq_handler_entry")
int tr_irq_handler_entry_tp(struct trace_event_raw_irq_handler_entry *ctx)
{
	/* The name is stored in the event itself (__data_loc: offset, length). */
	__u32 loc = BPF_CORE_READ(ctx, __data_loc_name);

	on_irq_entry(BPF_CORE_READ(ctx, irq), (void *)ctx + (loc & 0xffff));
	return 0;
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(tr_irq_handler_exit_btf)
{
	on_irq_exit();
	return 0;
}

SEC("raw_tp/irq_handler_exit")
int BPF_PROG(tr_irq_handler_exit_raw)
{
	on_irq_exit();
	return 0;
}

SEC("tracepoint/irq/irq_handler_exit")
int tr_irq_handler_exit_tp(void *ctx)
{
	on_irq_exit();
	return 0;
}

#define SOFTIRQ_PROGS(ev, fn)                                                         \
	SEC("tp_btf/" #ev)                                                            \
	int BPF_PROG(tr_##ev##_btf, unsigned int vec)                                 \
	{                                                                             \
		fn(vec);                                                              \
		return 0;                                                             \
	}                                                                             \
	SEC("raw_tp/" #ev)                                                            \
	int BPF_PROG(tr_##ev##_raw, unsigned int vec)                                 \
	{                                                                             \
		fn(vec);                                                              \
		return 0;                                                             \
	}                                                                             \
	SEC("tracepoint/irq/" #ev)                                                    \
	int tr_##ev##_tp(struct trace_event_raw_softirq *ctx)                         \
	{                                                                             \
		fn(BPF_CORE_READ(ctx, vec));                                          \
		return 0;                                                             \
	}

SOFTIRQ_PROGS(softirq_raise, on_softirq_raise)
SOFTIRQ_PROGS(softirq_entry, on_softirq_entry)
SOFTIRQ_PROGS(softirq_exit, on_softirq_exit)

SEC("tp_btf/napi_poll")
int BPF_PROG(tr_napi_poll_btf, struct napi_struct *napi, int work, int budget)
{
	on_napi_poll(true, napi, work, budget);
	return 0;
}

SEC("raw_tp/napi_poll")
int BPF_PROG(tr_napi_poll_raw, struct napi_struct *napi, int work, int budget)
{
	on_napi_poll(false, napi, work, budget);
	return 0;
}

SEC("tracepoint/napi/napi_poll")
int tr_napi_poll_tp(struct trace_event_raw_napi_poll *ctx)
{
	on_napi_poll(false, BPF_CORE_READ(ctx, napi), BPF_CORE_READ(ctx, work),
		     BPF_CORE_READ(ctx, budget));
	return 0;
}

#endif /* PP_TRACE_CTX_PROGS_BPF_H */
