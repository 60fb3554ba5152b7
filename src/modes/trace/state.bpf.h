/* SPDX-License-Identifier: GPL-2.0 */
/*
 * state.bpf.h - where trace and latency keep each packet's state:
 * direct-mapped tables, an array access per stage rather than a hash
 * table's locked insert and delete.
 *
 * trace_skbs has a power-of-two number of slots (--max-packets, rounded
 * up); a packet's slot is a multiplicative hash of its skb address, and the
 * slot's `skb` field is the tag that says whose state it holds (0: free).
 * One table for every CPU: a packet that changes CPU (RPS, a TX completion
 * elsewhere) finds its state where it left it. Two-way: a packet may live
 * in its slot or the slot's neighbour (slot ^ 1), so that two packets whose
 * addresses hash alike both find room; a direct-mapped table refused one
 * of them at the birthday rate (7% of 50-packet bursts in 16384 slots). A
 * packet in its own slot costs one array access per stage, in the
 * neighbour two. Three packets alive at once in one pair collide: the
 * latest is refused and counted (skb_table_full), the others keep their
 * slots unless idle for --linger (then one is closed first). A slot is
 * written by one CPU at a time: a packet's stages run one after another,
 * and a new packet takes only a free or idle slot.
 *
 * trace_heads, the same way by skb->head: the data buffer of a followed
 * packet, for clones made of it later. A hint: a newer packet's buffer
 * overwrites an older one's, as the LRU map it replaces evicted them.
 */
#ifndef PP_TRACE_STATE_BPF_H
#define PP_TRACE_STATE_BPF_H

#include "bpf/common.bpf.h"
#include "ctx.bpf.h"

/* log2 of the slots of trace_skbs and trace_heads (set with their size). */
const volatile __u32 targ_slot_bits = 14;

struct trace_head {
	__u64 head; /* the tag: skb->head; 0 free */
	__u64 skb;
	__u64 id;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1 << 14); /* --max-packets, rounded up to a power of 2 */
	__type(key, __u32);
	__type(value, struct trace_skb);
} trace_skbs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1 << 14); /* as trace_skbs */
	__type(key, __u32);
	__type(value, struct trace_head);
} trace_heads SEC(".maps");

/*
 * Fibonacci hashing: skb and data addresses share their low bits (slab
 * alignment), the product's top bits mix all of them.
 */
static __always_inline __u32 state_slot(__u64 addr)
{
	return (addr * 0x9E3779B97F4A7C15ULL) >> (64 - targ_slot_bits);
}

/*
 * An address as a number to hash. The verifier allows no arithmetic on a
 * kernel pointer (a tp_btf argument), but a privileged program may store
 * one in a map value and read it back as a plain number: the CPU's own
 * scratch word, a store and a load.
 */
static __always_inline __u64 addr_num(struct trace_cpu *c, __u64 addr)
{
	*(volatile __u64 *)&c->addr_scratch = addr;
	return *(volatile __u64 *)&c->addr_scratch;
}

/* The first slot an skb's state may live in; its neighbour is slot ^ 1. */
static __always_inline __u32 state_slot_of(struct trace_cpu *c, __u64 key)
{
	return state_slot(addr_num(c, key));
}

/* The skb's state; NULL when it has none. */
static __always_inline struct trace_skb *state_find(struct trace_cpu *c, __u64 key)
{
	__u32 slot = state_slot_of(c, key);
	struct trace_skb *st = bpf_map_lookup_elem(&trace_skbs, &slot);

	if (st && st->skb == key)
		return st;
	slot ^= 1;
	st = bpf_map_lookup_elem(&trace_skbs, &slot);
	return st && st->skb == key ? st : NULL;
}

/* Forget a packet's state (its slot becomes free). */
static __always_inline void state_free(struct trace_skb *st)
{
	st->skb = 0;
}

/* Remember which followed packet owns a data buffer. */
static __always_inline void head_note(struct trace_cpu *c, __u64 head, __u64 skb, __u64 id)
{
	__u32 slot = state_slot(addr_num(c, head));
	struct trace_head *h = bpf_map_lookup_elem(&trace_heads, &slot);

	if (h) {
		h->skb = skb;
		h->id = id;
		h->head = head;
	}
}

/* The followed packet that owns a data buffer; NULL when none is known. */
static __always_inline struct trace_head *head_find(struct trace_cpu *c, __u64 head)
{
	__u32 slot = state_slot(addr_num(c, head));
	struct trace_head *h = bpf_map_lookup_elem(&trace_heads, &slot);

	return h && h->head == head ? h : NULL;
}

/*
 * A packet the table refused has ended: its address and data buffer may
 * come back as another packet, which must be counted again.
 */
static __always_inline void forget_refused(struct trace_cpu *c, __u64 key)
{
#pragma unroll
	for (int i = 0; i < TRACE_FULL_SLOTS; i++)
		if (c->full[i].skb == key)
			c->full[i].skb = 0;
}

#endif /* PP_TRACE_STATE_BPF_H */
