/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devices.bpf.h - the pp_devices table: what each device looked like when a
 * program first met it (name, queues, flags, type, address), so user space
 * can name devices by (namespace, ifindex), also after they are gone.
 */
#ifndef PP_DEVICES_BPF_H
#define PP_DEVICES_BPF_H

#include "common.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct pp_dev_id);
	__type(value, struct pp_dev_info);
} pp_devices SEC(".maps");

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
		info.slot = __sync_fetch_and_add(next_slot, 1);
	if (bpf_map_update_elem(&pp_devices, id, &info, BPF_NOEXIST) == -PP_E2BIG)
		pp_count(PP_CNT_DEV_UPDATE_FAILED);
	return bpf_map_lookup_elem(&pp_devices, id);
}

#endif
