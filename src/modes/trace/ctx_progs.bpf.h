/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctx_progs.bpf.h - the programs that keep ctx.bpf.h's per-CPU receive
 * context (hard IRQ, NET_RX softirq, NAPI poll), declared per tracepoint
 * from one handler (hook.bpf.h). Included once by each object that needs
 * to know which IRQ brought a packet in (trace.bpf.c, rxq.bpf.c): the names are the
 * same in every skeleton, so user space lists them once.
 */
#ifndef PP_TRACE_CTX_PROGS_BPF_H
#define PP_TRACE_CTX_PROGS_BPF_H

#include "ctx.bpf.h"

static __always_inline int ctx_irq_entry(const bool btf, int irq, struct irqaction *action)
{
	on_irq_entry(irq, RD(btf, action, name));
	return 0;
}

static __always_inline int ctx_irq_exit(const bool btf, int irq, struct irqaction *action, int ret)
{
	on_irq_exit();
	return 0;
}

PP_TP(tr_irq_handler_entry, irq_handler_entry, ctx_irq_entry, int irq, struct irqaction *action)
/* The name is stored in the event itself (__data_loc: offset, length). */
PP_TP_CLASSIC(tr_irq_handler_entry, irq, irq_handler_entry, trace_event_raw_irq_handler_entry,
	      (on_irq_entry(ctx->irq, (void *)ctx + (ctx->__data_loc_name & 0xffff)), 0))

PP_TP(tr_irq_handler_exit, irq_handler_exit, ctx_irq_exit, int irq, struct irqaction *action,
      int ret)
PP_TP_CLASSIC(tr_irq_handler_exit, irq, irq_handler_exit, trace_event_raw_irq_handler_exit,
	      ctx_irq_exit(false, 0, NULL, 0))

#define SOFTIRQ_PROGS(ev, fn)                                                         \
	static __always_inline int ctx_##ev(const bool btf, unsigned int vec)               \
	{                                                                             \
		fn(vec);                                                              \
		return 0;                                                             \
	}                                                                             \
	PP_TP(tr_##ev, ev, ctx_##ev, unsigned int vec)                                      \
	PP_TP_CLASSIC(tr_##ev, irq, ev, trace_event_raw_softirq, ctx_##ev(false, ctx->vec))

SOFTIRQ_PROGS(softirq_raise, on_softirq_raise)
SOFTIRQ_PROGS(softirq_entry, on_softirq_entry)
SOFTIRQ_PROGS(softirq_exit, on_softirq_exit)

static __always_inline int ctx_napi_poll(const bool btf, struct napi_struct *napi, int work,
				     int budget)
{
	on_napi_poll(btf, napi, work, budget);
	return 0;
}

PP_TP(tr_napi_poll, napi_poll, ctx_napi_poll, struct napi_struct *napi, int work, int budget)
PP_TP_CLASSIC(tr_napi_poll, napi, napi_poll, trace_event_raw_napi_poll,
	      ctx_napi_poll(false, ctx->napi, ctx->work, ctx->budget))

#endif /* PP_TRACE_CTX_PROGS_BPF_H */
