/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices.bpf.h - the pp_devices table: what each device looked like when a
 * program first met it (name, queues, flags, type, address), so user space
 * can name devices by (namespace, ifindex), also after they are gone.
 */
#ifndef PP_DEVICES_BPF_H
#define PP_DEVICES_BPF_H

#include "common.bpf.h"

PP_MAP(pp_devices, BPF_MAP_TYPE_HASH, 1024, struct pp_dev_id, struct pp_dev_info);

/* Who holds each numbered slot (see pp_slot_claim). */
PP_MAP(pp_dev_slots, BPF_MAP_TYPE_HASH, PP_DEV_SLOTS, __u32, struct pp_dev_id);

#define PP_SLOT_NONE 0xffffffffU
#define PP_SLOT_TRIES 4

/*
 * A slot number of the device's own, for the caller's per-device arrays.
 * An atomic fetch-and-add would hand one out in a step, but that
 * instruction came with 5.12, and a 5.10 verifier refuses any program that
 * merely contains it. A hash map insert is atomic on every kernel: of two
 * CPUs that try the same number, one fails and tries the next. *next_slot
 * is only the hint where to start. PP_SLOT_NONE when all are taken.
 */
static __always_inline __u32 pp_slot_claim(__u32 *next_slot, const struct pp_dev_id *id)
{
	__u32 slot = *(volatile __u32 *)next_slot;

	for (int i = 0; i < PP_SLOT_TRIES && slot < PP_DEV_SLOTS; i++, slot++) {
		if (!bpf_map_update_elem(&pp_dev_slots, &slot, id, BPF_NOEXIST)) {
			*(volatile __u32 *)next_slot = slot + 1;
			return slot;
		}
	}
	return PP_SLOT_NONE;
}

/*
 * The device's entry, written on first sight. next_slot, when not NULL,
 * numbers new devices for the caller's per-device arrays. NULL when the
 * table is full (counted).
 */
static __always_inline struct pp_dev_info *pp_device_remember(const bool btf,
							      struct net_device *dev,
							      const struct pp_dev_id *id,
							      __u32 *next_slot)
{
	struct pp_dev_info *known = bpf_map_lookup_elem(&pp_devices, id);
	struct pp_dev_info info = {};

	if (known)
		return known;
	bpf_probe_read_kernel_str(info.name, sizeof(info.name), &dev->name);
	info.real_num_tx_queues = RD(btf, dev, real_num_tx_queues);
	info.real_num_rx_queues = RD(btf, dev, real_num_rx_queues);
	info.flags = RD(btf, dev, flags);
	info.type = RD(btf, dev, type);
	bpf_probe_read_kernel(info.addr, sizeof(info.addr), RD(btf, dev, dev_addr));
	/* Two CPUs may race here: the loser's slot number is simply unused. */
	if (next_slot)
		info.slot = pp_slot_claim(next_slot, id);
	if (bpf_map_update_elem(&pp_devices, id, &info, BPF_NOEXIST) == -PP_E2BIG)
		pp_count(PP_CNT_DEV_UPDATE_FAILED);
	return bpf_map_lookup_elem(&pp_devices, id);
}

#endif
