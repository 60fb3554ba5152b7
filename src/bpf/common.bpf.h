/* SPDX-License-Identifier: GPL-2.0 */
/*
 * common.bpf.h - what every pktpath BPF program shares: reading kernel
 * structures under both attach styles, the loss counters, the meta filters,
 * the packet snapshot with its tcpdump filter, and the flow parser.
 *
 * Each hook has a BTF-typed program (tp_btf, fentry) that may dereference
 * kernel pointers directly, and a fallback (raw_tp, classic tracepoint,
 * kprobe) that must go through bpf_probe_read_kernel. The handlers are
 * written once, take `const bool btf`, and read through RD(); after inlining
 * the compiler keeps only the access style the program may use. Direct reads
 * are the fast path and also work where lockdown forbids probe reads.
 */
#ifndef PP_COMMON_BPF_H
#define PP_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#include "pktpath.h"
#include "compat.bpf.h"
#include "hook.bpf.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define PP_IPPROTO_TCP 6
#define PP_IPPROTO_UDP 17
#define PP_IPPROTO_ICMP 1
#define PP_IPPROTO_ICMPV6 58

#define PP_E2BIG 7 /* errno values; vmlinux.h has none */

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* Read a field of a kernel struct in the style the program is allowed. */
#define RD(btf, ptr, field) ((btf) ? (ptr)->field : BPF_CORE_READ(ptr, field))
#define RD_BITFIELD(btf, ptr, field)                                                   \
	((btf) ? BPF_CORE_READ_BITFIELD(ptr, field) : BPF_CORE_READ_BITFIELD_PROBED(ptr, field))

/*
 * A map of the common shape, on one line: PP_MAP(name, BPF_MAP_TYPE_..., max
 * entries, key type, value type). Maps with flags or sizes in bytes are
 * written out as libbpf spells them.
 */
#define PP_MAP(name, map_type, entries, key_type, value_type)                          \
	struct {                                                                       \
		__uint(type, map_type);                                                \
		__uint(max_entries, entries);                                          \
		__type(key, key_type);                                                 \
		__type(value, value_type);                                             \
	} name SEC(".maps")

/* A ring buffer of `bytes` (a power of 2, a multiple of the page size). */
#define PP_RINGBUF(name, bytes)                                                        \
	struct {                                                                       \
		__uint(type, BPF_MAP_TYPE_RINGBUF);                                    \
		__uint(max_entries, bytes);                                            \
	} name SEC(".maps")

/* Run-time configuration: the meta filters (see struct pp_meta_filter). */
const volatile struct pp_meta_filter pp_mf = {
	.cpu = -1,
	.queue = -1,
	.irq = -1,
};

/* ---- counters ------------------------------------------------------------ */

PP_MAP(pp_counters, BPF_MAP_TYPE_PERCPU_ARRAY, PP_CNT_MAX, __u32, __u64);

static __always_inline void pp_count(enum pp_counter which)
{
	__u32 key = which;
	__u64 *val = bpf_map_lookup_elem(&pp_counters, &key);

	if (val)
		*val += 1; /* per CPU: no atomic needed */
}

/*
 * Find a map entry, creating it from `init` when missing. Another CPU may
 * create it between the two calls; the second lookup covers that. Counts
 * `fail` when the map has no room.
 */
static __always_inline void *pp_lookup_or_init(void *map, const void *key, const void *init,
					       enum pp_counter fail)
{
	void *val = bpf_map_lookup_elem(map, key);

	if (val)
		return val;
	bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	val = bpf_map_lookup_elem(map, key);
	if (!val)
		pp_count(fail);
	return val;
}

/*
 * The packets an skb stands for: gso_segs of a GSO or GRO skb, else 1 (what
 * the qdisc layer counts on transmit, and the wire's packets on receive).
 */
static __always_inline __u32 skb_segments(const bool btf, struct sk_buff *skb)
{
	struct skb_shared_info *shinfo;
	__u16 gso_size = 0, gso_segs = 0;

	shinfo = (void *)(RD(btf, skb, head) + RD(btf, skb, end));
	bpf_core_read(&gso_size, sizeof(gso_size), &shinfo->gso_size);
	if (!gso_size)
		return 1;
	bpf_core_read(&gso_segs, sizeof(gso_segs), &shinfo->gso_segs);
	return gso_segs ? gso_segs : 1;
}

/* ---- devices ------------------------------------------------------------- */

static __always_inline __u32 dev_netns(const bool btf, struct net_device *dev)
{
	if (btf)
		return dev->nd_net.net->ns.inum;
	return BPF_CORE_READ(dev, nd_net.net, ns.inum);
}

/*
 * The meta filters that only need the device and the CPU. Each test is
 * compiled in, but with the rodata frozen the verifier drops the ones that
 * are not set.
 */
static __always_inline bool meta_match_dev(const bool btf, struct net_device *dev)
{
	if (pp_mf.cpu >= 0 && bpf_get_smp_processor_id() != (__u32)pp_mf.cpu)
		return false;
	if (pp_mf.ifindex && (__u32)RD(btf, dev, ifindex) != pp_mf.ifindex)
		return false;
	if (pp_mf.netns && dev_netns(btf, dev) != pp_mf.netns)
		return false;
	if (pp_mf.dev_name[0]) {
		/* Two 8-byte compares: names are NUL padded to 16 bytes. */
		__u64 name[2];

		if (btf)
			__builtin_memcpy(name, dev->name, sizeof(name));
		else
			bpf_probe_read_kernel(name, sizeof(name), &dev->name);
		if (name[0] != ((const volatile __u64 *)pp_mf.dev_name)[0] ||
		    name[1] != ((const volatile __u64 *)pp_mf.dev_name)[1])
			return false;
	}
	return true;
}

/* ---- packet snapshot and the spliced tcpdump filter -------------------- */

PP_MAP(pp_scratch, BPF_MAP_TYPE_PERCPU_ARRAY, 1, __u32, struct pp_filter_scratch);

/* The bytes of one packet as the filter and the flow parser see them. */
struct pp_snap {
	struct pp_filter_scratch *s;
	__u8 has_l2; /* pkt[0] is an Ethernet header */
};

/*
 * Where user space splices the translated filter: the `ld_imm64` below is
 * replaced by a jump to the filter code, which reads the scratch area through
 * r1, leaves its verdict in r0 and jumps back. It may use r0-r5 only; the
 * clobber list makes the compiler keep everything it needs in r6-r9 or on the
 * stack. Unpatched, r0 is the marker itself: non-zero, "match".
 */
#define PP_FILTER_RUN(name, mark)                                                      \
	static __always_inline __u64 name(struct pp_filter_scratch *s)                  \
	{                                                                               \
		register __u64 r1 asm("r1") = (__u64)s;                                 \
		register __u64 r0 asm("r0");                                            \
                                                                                        \
		asm volatile("r0 = %[m] ll"                                             \
			     : "=r"(r0)                                                 \
			     : [m] "i"(mark), "r"(r1)                                   \
			     : "r2", "r3", "r4", "r5", "memory");                       \
		return r0;                                                              \
	}

/* One per compilation of the expression: from the MAC header, and raw IP. */
PP_FILTER_RUN(pp_filter_run_l2, PP_FILTER_MARK_L2)
PP_FILTER_RUN(pp_filter_run_l3, PP_FILTER_MARK_L3)

/*
 * Copy the start of the packet into the per-CPU scratch area: from the MAC
 * header when the device is Ethernet-like and the header is set, else from
 * the network header. Only the linear part is reachable; paged data is not.
 * Returns false when nothing could be read.
 */
static __always_inline bool pp_snapshot(const bool btf, struct sk_buff *skb, struct net_device *dev,
					__u32 want, struct pp_snap *snap)
{
	__u32 zero = 0, len, data_len, head_to_data, start, avail, n;
	__u16 mac, net, type;
	unsigned char *head, *data;
	struct pp_filter_scratch *s;

	s = bpf_map_lookup_elem(&pp_scratch, &zero);
	if (!s)
		return false;
	snap->s = s;

	head = RD(btf, skb, head);
	data = RD(btf, skb, data);
	len = RD(btf, skb, len);
	data_len = RD(btf, skb, data_len);
	mac = RD(btf, skb, mac_header);
	net = RD(btf, skb, network_header);
	type = RD(btf, dev, type);

	head_to_data = data - head;
	/* A driver hands the stack a fresh skb whose network header is still
	 * unset (0, until __netif_receive_skb_core sets it): the link-layer
	 * header before data is then all there is, and enough. */
	snap->has_l2 = (type == ARPHRD_ETHER || type == ARPHRD_LOOPBACK) && mac != (__u16)~0U &&
		       (mac < net || (!net && mac <= head_to_data));
	if (snap->has_l2)
		start = mac;
	else if (net && net != (__u16)~0U)
		start = net; /* also once pulled: the bytes stay in the head buffer */
	else
		start = head_to_data; /* no headers set yet: data is all we have */

	/* Linear bytes from `start` to the end of the head buffer's data. */
	avail = head_to_data + (len - data_len);
	avail = avail > start ? avail - start : 0;
	n = avail < want ? avail : want;
	if (n > PP_SNAP_MAX)
		n = PP_SNAP_MAX;
	s->caplen = n;
	s->wirelen = len + head_to_data - start;
	if (n == 0 || bpf_probe_read_kernel(s->pkt, n & (PP_SNAP_MAX * 2 - 1), head + start)) {
		s->caplen = 0;
		pp_count(PP_CNT_SNAP_FAILED);
		return false;
	}
	return true;
}

/* Run the tcpdump expression, if any, on a snapshot. */
static __always_inline bool pp_filter_match(const struct pp_snap *snap)
{
	if (!pp_mf.pkt_filter)
		return true;
	if (snap->has_l2)
		return pp_filter_run_l2(snap->s) != 0;
	if (!pp_mf.pkt_filter_l3) {
		pp_count(PP_CNT_FILTER_NO_L3);
		return false;
	}
	return pp_filter_run_l3(snap->s) != 0;
}

/* ---- flow parser ---------------------------------------------------------- */

/* Bytes the flow parser reads: Ethernet, two VLAN tags, IPv6 or IPv4 with
 * options, and the first four bytes of the transport header. */
#define PP_FLOW_SNAPLEN (14 + 8 + 60 + 4)

static __always_inline __u16 load_be16(const __u8 *p)
{
	return ((__u16)p[0] << 8) | p[1];
}

/*
 * Fill a pp_flow from the snapshot. Offsets are masked so the verifier can
 * see every access stays inside the scratch area.
 */
static __always_inline void pp_flow_parse(const struct pp_snap *snap, struct pp_flow *f)
{
	const struct pp_filter_scratch *s = snap->s;
	const __u8 *pkt = s->pkt;
	__u32 off = 0, caplen = s->caplen, l4;
	__u16 proto;

	__builtin_memset(f, 0, sizeof(*f));
	if (snap->has_l2) {
		if (caplen < 14)
			return;
		proto = load_be16(pkt + 12);
		off = 14;
#pragma unroll
		for (int i = 0; i < 2; i++) {
			if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
				break;
			if (caplen < off + 4)
				return;
			proto = load_be16(pkt + (off & 63) + 2);
			off += 4;
		}
	} else {
		if (caplen < 1)
			return;
		proto = (pkt[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP;
	}
	f->ethertype = proto;

	if (proto == ETH_P_IP) {
		const __u8 *ip = pkt + (off & 31);
		__u32 ihl;

		if (caplen < off + 20)
			return;
		f->family = 4;
		f->proto = ip[9];
		__builtin_memcpy(f->saddr, ip + 12, 4);
		__builtin_memcpy(f->daddr, ip + 16, 4);
		/* A fragment after the first has no transport header. */
		if (load_be16(ip + 6) & 0x1fff)
			return;
		ihl = (ip[0] & 0xf) * 4;
		l4 = off + ihl;
	} else if (proto == ETH_P_IPV6) {
		const __u8 *ip = pkt + (off & 31);

		if (caplen < off + 40)
			return;
		f->family = 6;
		f->proto = ip[6];
		__builtin_memcpy(f->saddr, ip + 8, 16);
		__builtin_memcpy(f->daddr, ip + 24, 16);
		l4 = off + 40;
	} else {
		return;
	}

	if (f->proto != PP_IPPROTO_TCP && f->proto != PP_IPPROTO_UDP)
		return;
	if (caplen < l4 + 4 || l4 > PP_SNAP_MAX - 4)
		return;
	l4 &= PP_SNAP_MAX - 1;
	if (l4 > PP_SNAP_MAX - 4)
		return;
	f->sport = load_be16(pkt + l4);
	f->dport = load_be16(pkt + l4 + 2);
}

/* -w: bytes of each packet the events carry (struct pp_pkt); 0 = none. */
const volatile __u32 targ_pcap_snaplen = 0;

/* Bytes to copy: what the flow parser, the filter and -w need. */
static __always_inline __u32 pp_snaplen(void)
{
	__u32 want = PP_FLOW_SNAPLEN;

	if (pp_mf.pkt_filter && pp_mf.snaplen > want)
		want = pp_mf.snaplen;
	if (targ_pcap_snaplen > want)
		want = targ_pcap_snaplen;
	return want;
}

/*
 * An event's packet bytes for -w, from the snapshot (snap->s NULL: none).
 * The copy is a helper call of the valid length, not a fixed 256-byte
 * one, so a small packet costs little.
 */
static __always_inline void pp_pkt_fill(struct pp_pkt *p, const struct pp_snap *snap, __u8 dir)
{
	__u32 n = snap->s ? snap->s->caplen : 0;

	if (n > targ_pcap_snaplen)
		n = targ_pcap_snaplen;
	p->caplen = 0;
	p->wirelen = snap->s ? snap->s->wirelen : 0;
	p->has_l2 = snap->has_l2;
	p->dir = dir;
	__builtin_memset(p->pad, 0, sizeof(p->pad));
	if (n && n <= PP_SNAP_MAX && !bpf_probe_read_kernel(p->data, n, snap->s->pkt))
		p->caplen = n;
}

/* The size of an event whose last member is a struct pp_pkt: without it
 * unless -w asked for packets. */
#define pp_event_size(type)                                                            \
	(targ_pcap_snaplen ? sizeof(type) : __builtin_offsetof(type, pkt))

/* Two keys made of whole 32-bit words, equal? BPF has no memcmp; inlined
 * with a constant size, the loop unrolls into plain compares. */
static __always_inline bool pp_words_equal(const void *a, const void *b, const unsigned int size)
{
	const __u32 *x = a, *y = b;

#pragma unroll
	for (unsigned int i = 0; i < size / 4; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* ---- ring buffer ------------------------------------------------------------ */

/* Reserve size bytes for an event, counting the loss when the buffer is full. */
#define pp_reserve_size(rb, type, size)                                                \
	({                                                                             \
		type *__e = bpf_ringbuf_reserve(rb, size, 0);                          \
		if (!__e)                                                              \
			pp_count(PP_CNT_EVENTS_LOST);                                  \
		__e;                                                                   \
	})

/* An event without packet bytes. */
#define pp_reserve(rb, type) pp_reserve_size(rb, type, sizeof(type))

/* An event that ends in a struct pp_pkt: with it only for -w. */
#define pp_reserve_pkt(rb, type) pp_reserve_size(rb, type, pp_event_size(type))

#endif /* PP_COMMON_BPF_H */
