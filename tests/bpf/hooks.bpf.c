// SPDX-License-Identifier: GPL-2.0
/*
 * hooks.bpf.c - one tiny program per attach mechanism, each counting its
 * hits. tests/helpers/hookcheck loads exactly one of them, attaches it,
 * runs some traffic and reads the counter: proof that the mechanism loads,
 * attaches and fires on the running kernel (the second kernel's tests need
 * kprobes and fentry, which the build machine's kernel refuses).
 *
 * The function hooks are the ones pktpath's modes want: ip_rcv_core,
 * netdev_core_pick_tx and the virtio-net driver's NAPI poll (a module
 * function: fentry needs the module's BTF, kprobes its kallsyms entry).
 * ip_rcv_core, not ip_rcv: a NIC's packets come through GRO lists, and
 * ip_list_rcv calls ip_rcv_core without ever calling ip_rcv (measured on
 * 6.1 with virtio-net: 0 ip_rcv hits for 20 packets received).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

__u64 hits;

static __always_inline int hit(void)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(tp_btf_netif_receive_skb, struct sk_buff *skb)
{
	return hit();
}

SEC("raw_tp/netif_receive_skb")
int raw_tp_netif_receive_skb(void *ctx)
{
	return hit();
}

SEC("tracepoint/net/netif_receive_skb")
int tp_netif_receive_skb(void *ctx)
{
	return hit();
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(tp_btf_irq_handler_entry, int irq, struct irqaction *action)
{
	return hit();
}

SEC("kprobe/ip_rcv_core")
int BPF_KPROBE(kprobe_ip_rcv_core)
{
	return hit();
}

/* kprobe.multi: libbpf resolves the pattern itself (/proc/kallsyms), not
 * pktpath's code. */
SEC("kprobe.multi/ip_rcv_core")
int kmulti_ip_rcv_core(struct pt_regs *ctx)
{
	return hit();
}

SEC("kretprobe/netdev_core_pick_tx")
int BPF_KRETPROBE(kretprobe_netdev_core_pick_tx)
{
	return hit();
}

SEC("kprobe/virtnet_poll")
int BPF_KPROBE(kprobe_virtnet_poll)
{
	return hit();
}

SEC("fentry/ip_rcv_core")
int BPF_PROG(fentry_ip_rcv_core, struct sk_buff *skb, struct net *net)
{
	return hit();
}

SEC("fexit/netdev_core_pick_tx")
int BPF_PROG(fexit_netdev_core_pick_tx, struct net_device *dev, struct sk_buff *skb,
	     struct net_device *sb_dev, struct netdev_queue *ret)
{
	return hit();
}

SEC("fentry/virtnet_poll")
int BPF_PROG(fentry_virtnet_poll, struct napi_struct *napi, int budget)
{
	return hit();
}

/*
 * Only the drops netfilter makes. The reason's value comes from the running
 * kernel's BTF (a CO-RE enum relocation): the numbers differ between kernels.
 */
SEC("tp_btf/kfree_skb")
int BPF_PROG(tp_btf_kfree_skb_netfilter, struct sk_buff *skb, void *location,
	     enum skb_drop_reason reason)
{
	if (reason == bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NETFILTER_DROP))
		return hit();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
