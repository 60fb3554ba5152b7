// SPDX-License-Identifier: GPL-2.0
/*
 * hook_catalog.c - every place in the kernel pktpath attaches to. A mode
 * names the entries it uses in its struct hook_progs table; `pktpath
 * features` walks this list. Add new hook points here, grouped by path.
 */
#include "hooks.h"

/* ---- transmit ---- */
const struct hook_point hook_net_dev_queue = {
	"net_dev_queue", "net", "packet queued for transmit (qdisc enqueue)"
};
const struct hook_point hook_net_dev_start_xmit = {
	"net_dev_start_xmit", "net", "TX queue chosen, packet handed to the driver"
};

/* ---- receive ---- */
const struct hook_point hook_netif_receive_skb = {
	"netif_receive_skb", "net", "packet met by the stack (pkt_type set: host, otherhost...)"
};

/* ---- drops ---- */
const struct hook_point hook_kfree_skb = {
	"kfree_skb", "skb", "packet dropped: the drop reason and the code that dropped it"
};

const struct hook_point *const hook_catalog[] = {
	&hook_net_dev_queue,
	&hook_net_dev_start_xmit,
	&hook_netif_receive_skb,
	&hook_kfree_skb,
};

const unsigned int hook_catalog_len = sizeof(hook_catalog) / sizeof(hook_catalog[0]);
