/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctx.bpf.h - what each CPU is doing on the receive side, from the
 * per-CPU tracepoints that name no packet: the hard IRQ handler running,
 * the NET_RX softirq raises since the softirq last ran and the IRQ handlers
 * that made them, the NET_RX softirq running now, and the NAPI poll in
 * progress. skb.bpf.h carries this onto a packet when the driver hands
 * it to the stack inside that softirq.
 *
 * Which IRQ brought a packet in: a NIC's interrupt handler schedules its
 * NAPI instance, which raises NET_RX (softirq_raise inside irq_handler_entry
 * .. irq_handler_exit). When exactly one IRQ handler raised the softirq that
 * polls the packet, that is the IRQ. When several did, the NAPI instance's
 * own IRQ decides: napi->irq where the kernel has it and the driver sets it,
 * else the IRQ learned from earlier softirqs that one IRQ raised and in which
 * one NAPI instance received (trace_napi_irqs).
 */
#ifndef PP_TRACE_CTX_BPF_H
#define PP_TRACE_CTX_BPF_H

#include "bpf/common.bpf.h"
#include "modes/trace/trace.h"

#define PP_NET_RX_SOFTIRQ 3   /* its number in every kernel's softirq table */
#define TRACE_RAISERS 4       /* IRQ handlers remembered per softirq run */
#define TRACE_POLL_SLOTS 16   /* NAPI polls remembered per CPU */
#define TRACE_FULL_SLOTS 4    /* packets refused by a full table, per CPU */

/* An IRQ handler that ran before or during the NET_RX softirq. */
struct trace_raiser {
	__s32 irq;
	__u32 raised;   /* it raised NET_RX (else it ran during the softirq) */
	__u64 irq_ts;   /* irq_handler_entry */
	__u64 raise_ts; /* softirq_raise inside the handler; 0 when none */
};

/* The CPU's transmit nesting: start_xmit .. net_dev_xmit of one packet. */
struct trace_xmit {
	__u64 skb;
	__u64 id;
};

#define TRACE_FN_OPEN 4

struct trace_cpu {
	/* The hard IRQ handler running now, when in_irq. */
	__u32 in_irq;
	__s32 irq;
	__u64 irq_ts;
	__u32 irq_raised;
	__u32 pad;
	/* NET_RX raised since the softirq last started. */
	__u64 raise_ts; /* the first raise, from any context */
	struct trace_raiser pend[TRACE_RAISERS];
	__u32 n_pend;
	/* The NET_RX softirq running now. */
	__u32 in_net_rx;
	__u64 sirq_seq;      /* NET_RX runs on this CPU so far */
	__u64 sirq_entry_ts;
	__u64 sirq_raise_ts;
	struct trace_raiser sirq[TRACE_RAISERS];
	__u32 n_sirq;
	__u32 n_sirq_raised; /* of those, the ones that raised NET_RX */
	__u32 sirq_napi;     /* the NAPI instance that received in this run ... */
	__u32 sirq_napis;    /* ... and how many did */
	__u64 sirq_napi_dev; /* its net_device */
	/* The NAPI poll in progress: what the next napi_poll will close. */
	__u64 poll_seq;
	__u64 poll_start_ts;
	/* The packet this CPU's receive path handles now, for sk_data_ready. */
	__u64 cur_skb;
	__u64 cur_id;
	__u64 cur_sk;        /* its socket when known; 0 */
	__u64 cur_sirq;      /* sirq_seq when set; ~0 outside NET_RX */
	__u32 cur_state;     /* CUR_* */
	__u32 cur_receive;   /* set at netif_receive_skb (else tcp_probe) */
	__u32 n_xmit;
	__u32 pad2;
	struct trace_xmit xmit[4];
	__u64 next_id;
	__u32 sample_tick; /* --sample: packets decided on this CPU */
	__u64 last_dev;      /* the device last written to pp_devices */
	/* The packets the full trace_skbs table refused last (counted once),
	 * and the stages each was refused at (a bit per stage id). */
	struct { __u64 skb, head; __u32 stages, pad; } full[TRACE_FULL_SLOTS];
	__u32 n_full;
	/* Calls in progress of functions whose return is a stage, innermost
	 * last (fn.bpf.h): an skb freed inside one closes at its return. */
	__u32 n_fn_open;
	__u64 fn_open[TRACE_FN_OPEN];
	__u64 addr_scratch; /* an address made a number (state.bpf.h) */
};

enum { CUR_NONE, CUR_SET, CUR_LIST };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct trace_cpu);
} trace_cpus SEC(".maps");

/* NAPI polls, TRACE_POLL_SLOTS per CPU, indexed by the CPU's poll number. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256 * TRACE_POLL_SLOTS); /* set to CPUs * slots at open */
	__type(key, __u32);
	__type(value, struct trace_poll);
} trace_polls SEC(".maps");

/* NAPI id -> the IRQ that schedules it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __s32);
} trace_napi_irqs SEC(".maps");

/* Per IRQ: its name and what it did. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __s32);
	__type(value, struct trace_irq_stats);
} trace_irqs SEC(".maps");

/*
 * IRQ -> the device that owns it, by the kernel's name for it ("0000:00:03.0"
 * for a PCI function), from sysfs (msi_irqs, irq) at start: an IRQ of another
 * device did not bring a packet in. A shared IRQ's owner is "-" (unknown).
 */
#define TRACE_OWNER_LEN 16
#define TRACE_OWNER_DEPTH 3 /* net_device -> virtio device -> PCI function */

struct trace_irq_owner {
	char name[TRACE_OWNER_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __s32);
	__type(value, struct trace_irq_owner);
} trace_irq_owners SEC(".maps");

/*
 * NAPI ids start above CONFIG_NR_CPUS; below, the field is a sender CPU.
 * User space reads it from /sys/devices/system/cpu/kernel_max (a kernel's
 * Kconfig is not always there to read).
 */
const volatile __u32 targ_nr_cpus = 8192;

static __always_inline struct trace_cpu *trace_cpu(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&trace_cpus, &zero);
}

static __always_inline __u32 napi_id_of(const bool btf, struct sk_buff *skb)
{
	__u32 id = RD(btf, skb, napi_id);

	return id > targ_nr_cpus ? id : 0;
}

/* ---- which device an IRQ belongs to --------------------------------------- */

/* The names of a network device's parent devices, nearest first. */
struct dev_owners {
	__u64 name[TRACE_OWNER_DEPTH][TRACE_OWNER_LEN / 8];
	__u32 n;
};

static __always_inline void dev_owners_read(const bool btf, struct net_device *dev,
					    struct dev_owners *o)
{
	struct device *d = dev ? BPF_CORE_READ(dev, dev.parent) : NULL;

	__builtin_memset(o, 0, sizeof(*o));
	for (int i = 0; i < TRACE_OWNER_DEPTH && d; i++) {
		if (bpf_probe_read_kernel_str(o->name[i], TRACE_OWNER_LEN,
					      BPF_CORE_READ(d, kobj.name)) <= 0)
			return;
		o->n = i + 1;
		d = BPF_CORE_READ(d, parent);
	}
}

/* Does sysfs say this IRQ belongs to another device than the packet's? */
static __always_inline bool irq_of_other_dev(__s32 irq, const struct dev_owners *o)
{
	struct trace_irq_owner *w = bpf_map_lookup_elem(&trace_irq_owners, &irq);
	__u64 a, b;

	/* "-": shared by several devices, so no answer. */
	if (!w || !o->n || w->name[0] == '-')
		return false;
	__builtin_memcpy(&a, w->name, 8);
	__builtin_memcpy(&b, w->name + 8, 8);
#pragma unroll
	for (int i = 0; i < TRACE_OWNER_DEPTH; i++)
		if (i < o->n && o->name[i][0] == a && o->name[i][1] == b)
			return false;
	return true;
}

/* ---- hard interrupts --------------------------------------------------- */

static __always_inline void on_irq_entry(__s32 irq, const void *name)
{
	struct trace_cpu *c = trace_cpu();
	struct trace_irq_stats *st;
	__u64 now = bpf_ktime_get_ns();

	if (!c)
		return;
	c->in_irq = 1;
	c->irq = irq;
	c->irq_ts = now;
	c->irq_raised = 0;
	st = bpf_map_lookup_elem(&trace_irqs, &irq);
	if (!st) {
		struct trace_irq_stats init = {};

		bpf_probe_read_kernel_str(init.name, sizeof(init.name), name);
		bpf_map_update_elem(&trace_irqs, &irq, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&trace_irqs, &irq);
		if (!st)
			return;
	}
	__sync_fetch_and_add(&st->interrupts, 1);
	/* An IRQ during the softirq: a NAPI scheduled now is polled by the
	 * running softirq without a new raise (6.6 and later). Kept as a
	 * candidate that only the NAPI instance's known IRQ can select. */
	if (c->in_net_rx && c->n_sirq < TRACE_RAISERS) {
		__u32 i = c->n_sirq;

		if (i < TRACE_RAISERS) {
			c->sirq[i].irq = irq;
			c->sirq[i].raised = 0;
			c->sirq[i].irq_ts = now;
			c->sirq[i].raise_ts = 0;
			c->n_sirq = i + 1;
		}
	}
}

static __always_inline void on_irq_exit(void)
{
	struct trace_cpu *c = trace_cpu();

	if (c)
		c->in_irq = 0;
}

/* ---- the NET_RX softirq ------------------------------------------------ */

static __always_inline void on_softirq_raise(__u32 vec)
{
	struct trace_cpu *c;
	__u64 now;

	if (vec != PP_NET_RX_SOFTIRQ)
		return;
	c = trace_cpu();
	if (!c)
		return;
	now = bpf_ktime_get_ns();
	if (!c->raise_ts)
		c->raise_ts = now;
	/* Inside an IRQ handler: that IRQ scheduled a NAPI instance. Once per
	 * handler run is enough to name it. */
	if (c->in_irq && !c->irq_raised) {
		struct trace_irq_stats *st = bpf_map_lookup_elem(&trace_irqs, &c->irq);
		__u32 i = c->n_pend;

		c->irq_raised = 1;
		if (st)
			__sync_fetch_and_add(&st->raised, 1);
		if (i < TRACE_RAISERS) {
			c->pend[i].irq = c->irq;
			c->pend[i].raised = 1;
			c->pend[i].irq_ts = c->irq_ts;
			c->pend[i].raise_ts = now;
			c->n_pend = i + 1;
		}
	}
}

static __always_inline void on_softirq_entry(__u32 vec)
{
	struct trace_cpu *c;
	__u64 now;

	if (vec != PP_NET_RX_SOFTIRQ)
		return;
	c = trace_cpu();
	if (!c)
		return;
	now = bpf_ktime_get_ns();
	c->in_net_rx = 1;
	c->sirq_seq++;
	c->sirq_entry_ts = now;
	c->sirq_raise_ts = c->raise_ts;
	c->n_sirq = c->n_pend < TRACE_RAISERS ? c->n_pend : TRACE_RAISERS;
	c->n_sirq_raised = c->n_sirq;
#pragma unroll
	for (int i = 0; i < TRACE_RAISERS; i++)
		c->sirq[i] = c->pend[i];
	c->n_pend = 0;
	c->raise_ts = 0;
	c->sirq_napi = 0;
	c->sirq_napis = 0;
	c->poll_start_ts = now;
}

static __always_inline void on_softirq_exit(__u32 vec)
{
	struct trace_cpu *c;

	if (vec != PP_NET_RX_SOFTIRQ)
		return;
	c = trace_cpu();
	if (!c)
		return;
	/* One IRQ raised it and one NAPI instance received: they belong
	 * together (unless sysfs says the IRQ is another device's), for the
	 * runs where the pairing is not this clear. */
	if (c->n_sirq_raised == 1 && c->sirq_napis == 1 && c->sirq[0].raised) {
		struct dev_owners owners;

		dev_owners_read(false, (struct net_device *)c->sirq_napi_dev, &owners);
		if (!irq_of_other_dev(c->sirq[0].irq, &owners))
			bpf_map_update_elem(&trace_napi_irqs, &c->sirq_napi, &c->sirq[0].irq,
					    BPF_ANY);
	}
	c->in_net_rx = 0;
	c->cur_state = CUR_NONE;
}

/* ---- NAPI polls -------------------------------------------------------- */

static __always_inline void on_napi_poll(const bool btf, struct napi_struct *napi, int work,
					 int budget)
{
	__u32 cpu = bpf_get_smp_processor_id(), idx;
	struct trace_cpu *c = trace_cpu();
	struct net_device *dev;
	struct trace_poll *p;
	__u64 now = bpf_ktime_get_ns();
	__u32 napi_id;

	if (!c)
		return;
	napi_id = RD(btf, napi, napi_id);
	idx = cpu * TRACE_POLL_SLOTS + (c->poll_seq & (TRACE_POLL_SLOTS - 1));
	p = bpf_map_lookup_elem(&trace_polls, &idx);
	if (p) {
		p->seq = c->poll_seq;
		p->start_ns = c->in_net_rx ? c->poll_start_ts : 0;
		p->end_ns = now;
		p->napi_id = napi_id;
		dev = RD(btf, napi, dev);
		p->ifindex = dev ? RD(btf, dev, ifindex) : 0;
		p->netns = dev ? dev_netns(btf, dev) : 0;
		p->work = work;
		p->budget = budget;
	}
	if (work > 0 && napi_id) {
		__s32 irq = napi_irq(napi); /* -1 before 6.8 */

		if (irq > 0)
			bpf_map_update_elem(&trace_napi_irqs, &napi_id, &irq, BPF_ANY);
		if (c->sirq_napi != napi_id) {
			c->sirq_napi = napi_id;
			c->sirq_napi_dev = (__u64)RD(btf, napi, dev);
			c->sirq_napis++;
		}
	}
	c->poll_seq++;
	c->poll_start_ts = now;
	/* A list of packets met together is handed on by the poll's end. */
	if (c->cur_state == CUR_LIST)
		c->cur_state = CUR_NONE;
}

/* ---- which IRQ brought a packet in ------------------------------------- */

struct irq_pick {
	__s32 irq;
	__u8 source;    /* enum pp_irq_source */
	__u64 irq_ts;   /* 0 when the IRQ's time is not this packet's */
	__u64 raise_ts;
};

/*
 * For a packet a driver hands over inside the NET_RX softirq: the IRQ its
 * NAPI instance is known to belong to, if it raised this softirq; else the
 * one IRQ among those that raised it that is not another device's (its
 * NAPI instance is then known to belong to it).
 */
static __always_inline void irq_pick_napi(const bool btf, struct trace_cpu *c, __u32 napi_id,
					  struct net_device *dev, struct irq_pick *p)
{
	__s32 *known = napi_id ? bpf_map_lookup_elem(&trace_napi_irqs, &napi_id) : NULL;
	__u32 n = c->n_sirq, ncand = 0, cand = 0;
	struct dev_owners owners;

	p->irq = -1;
	p->source = PP_IRQ_NONE;
	p->irq_ts = 0;
	p->raise_ts = c->sirq_raise_ts;
	if (known) {
		__s32 want = *known;

#pragma unroll
		for (int i = 0; i < TRACE_RAISERS; i++) {
			if (i < n && c->sirq[i].irq == want) {
				p->irq = want;
				p->source = PP_IRQ_RAISED;
				p->irq_ts = c->sirq[i].irq_ts;
				if (c->sirq[i].raise_ts)
					p->raise_ts = c->sirq[i].raise_ts;
				return;
			}
		}
		p->irq = want;
		p->source = PP_IRQ_LEARNED;
		return;
	}
	if (!c->n_sirq_raised)
		return;
	dev_owners_read(btf, dev, &owners);
#pragma unroll
	for (int i = 0; i < TRACE_RAISERS; i++) {
		if (i < n && c->sirq[i].raised && !irq_of_other_dev(c->sirq[i].irq, &owners)) {
			ncand++;
			cand = i;
		}
	}
	if (ncand == 1 && cand < TRACE_RAISERS) {
		p->irq = c->sirq[cand].irq;
		p->source = PP_IRQ_RAISED;
		p->irq_ts = c->sirq[cand].irq_ts;
		p->raise_ts = c->sirq[cand].raise_ts;
		if (napi_id)
			bpf_map_update_elem(&trace_napi_irqs, &napi_id, &p->irq, BPF_ANY);
	} else if (ncand > 1) {
		p->source = PP_IRQ_AMBIGUOUS;
	}
}

static __always_inline void irq_count_packet(__s32 irq)
{
	struct trace_irq_stats *st;

	if (irq < 0)
		return;
	st = bpf_map_lookup_elem(&trace_irqs, &irq);
	if (st)
		__sync_fetch_and_add(&st->packets, 1);
}

#endif /* PP_TRACE_CTX_BPF_H */
