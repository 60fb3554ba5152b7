/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.bpf.h - the differences between kernels that every program
 * guards against in one place, with CO-RE existence checks (never version
 * numbers). One rule that no check can express: no atomic fetch
 * instructions (__sync_fetch_and_add whose result is used, xchg, cmpxchg).
 * They came with 5.12, and 5.10's verifier refuses any program that merely
 * contains one, dead branch or not; tests/build/bpf_insns checks the
 * built objects.
 */
#ifndef PP_COMPAT_BPF_H
#define PP_COMPAT_BPF_H

/*
 * Tracepoint arguments that come and go with the kernel. kfree_skb is
 * (skb, location) up to 5.16, gained the drop reason in 5.17 and the
 * receiving socket in 6.11. The classic tracepoint's record has a field
 * exactly when the prototype has the argument, so one CO-RE check answers
 * for every attach style; on older kernels the branch that reads the
 * argument is dead and the verifier never sees it. Programs therefore take
 * the raw argument array (ctx[i]), not BPF_PROG's named arguments, for
 * such a tracepoint.
 */
static __always_inline bool kfree_skb_has_reason(void)
{
	return bpf_core_field_exists(struct trace_event_raw_kfree_skb, reason);
}

static __always_inline bool kfree_skb_has_rx_sk(void)
{
	return bpf_core_field_exists(struct trace_event_raw_kfree_skb, rx_sk);
}

#endif /* PP_COMPAT_BPF_H */
