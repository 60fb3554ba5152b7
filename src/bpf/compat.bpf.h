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

/* kfree_skb's drop reason, from the raw argument array (tp_btf, raw_tp). */
static __always_inline __u32 kfree_skb_reason(const unsigned long long *ctx)
{
	return kfree_skb_has_reason() ? (__u32)ctx[2] : PP_DROP_NO_REASON;
}

/* The socket that was receiving the dropped skb; NULL before 6.11. */
static __always_inline struct sock *kfree_skb_rx_sk(const unsigned long long *ctx)
{
	return kfree_skb_has_rx_sk() ? (struct sock *)ctx[3] : NULL;
}

/* The same two from the classic tracepoint's record. */
static __always_inline __u32 kfree_skb_record_reason(const struct trace_event_raw_kfree_skb *r)
{
	return kfree_skb_has_reason() ? (__u32)r->reason : PP_DROP_NO_REASON;
}

static __always_inline struct sock *kfree_skb_record_rx_sk(const struct trace_event_raw_kfree_skb *r)
{
	return kfree_skb_has_rx_sk() ? (struct sock *)r->rx_sk : NULL;
}

/*
 * SKB_CONSUMED (6.2+) and SKB_NOT_DROPPED_YET (6.0+) mark a packet that was
 * used, not lost. Their numbers come from the running kernel's BTF: on
 * 5.17, 0 was NOT_SPECIFIED, a real drop.
 */
static __always_inline bool reason_is_drop(__u32 reason)
{
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED) &&
	    reason == (__u32)bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED))
		return false;
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_NOT_DROPPED_YET) &&
	    reason == (__u32)bpf_core_enum_value(enum skb_drop_reason, SKB_NOT_DROPPED_YET))
		return false;
	return true;
}

/*
 * Classic tracepoint records newer than the vmlinux.h pktpath builds
 * against: sk_data_ready (6.6) and sock_recv_length (6.4, whose record is
 * struct trace_event_raw_sock_msg_length). CO-RE finds the fields in the
 * running kernel; where the tracepoint is missing, so is the program.
 */
struct trace_event_raw_sk_data_ready___pp {
	const void *skaddr;
} __attribute__((preserve_access_index));

struct trace_event_raw_sock_msg_length___pp {
	void *sk;
	int ret;
} __attribute__((preserve_access_index));

/*
 * RPS and RFS state of an RX queue exists with CONFIG_RPS only: without
 * it, get_rps_cpu() is not built and no packet changes CPU.
 */
static __always_inline bool kernel_has_rps(void)
{
	return bpf_core_field_exists(struct netdev_rx_queue, rps_map);
}

/* napi->irq, on kernels that have it (6.8 and later). */
struct napi_struct___pp {
	int irq;
} __attribute__((preserve_access_index));

/* The IRQ a NAPI instance was bound to (netif_napi_set_irq), or -1 where
 * the kernel does not keep it. For ctx.bpf.h's NAPI-to-IRQ table. */
static __always_inline __s32 napi_irq(struct napi_struct *napi)
{
	struct napi_struct___pp *n = (void *)napi;

	if (!bpf_core_field_exists(n->irq))
		return -1;
	return BPF_CORE_READ(n, irq);
}

#endif /* PP_COMPAT_BPF_H */
