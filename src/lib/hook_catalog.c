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
/*
 * The TX queue pick. Since Linux 5.2 every packet of __dev_queue_xmit gets
 * its queue from netdev_core_pick_tx(dev, skb, sb_dev), which sets
 * skb->queue_mapping: through the driver's ndo_select_queue if it has one,
 * else through netdev_pick_tx() (the first seed's __netdev_pick_tx: socket
 * cache, XPS, hash; not called for single-queue devices). Both are real
 * functions in 6.1 and 6.18 (BTF and kallsyms).
 */
const struct hook_point hook_netdev_core_pick_tx = {
	"netdev_core_pick_tx", NULL, "TX queue pick, with the socket's cached queue before and after"
};
const struct hook_point hook_netdev_pick_tx = {
	"netdev_pick_tx", NULL, "the kernel's default TX queue pick (socket cache, XPS, hash)"
};

/* ---- receive ---- */
const struct hook_point hook_netif_receive_skb = {
	"netif_receive_skb", "net", "packet met by the stack (pkt_type set: host, otherhost...)"
};

/* NAPI poll of a driver: int poll(struct napi_struct *napi, int budget). One
 * program serves every driver; add a driver's poll function here. */
const struct hook_point hook_virtnet_poll = {
	"virtnet_poll", NULL, "virtio-net NAPI poll of one RX queue"
};
/* ip_rcv(skb, dev, pt, orig_dev) sees packets delivered one by one (the
 * first seed's kprobe); lists from GRO go through ip_list_rcv instead. Both
 * call ip_rcv_core(skb, net), which drops PACKET_OTHERHOST frames. */
const struct hook_point hook_ip_rcv = {
	"ip_rcv", NULL, "IPv4 receive of one packet (pkt_type, e.g. PACKET_OTHERHOST)"
};
const struct hook_point hook_ip_rcv_core = {
	"ip_rcv_core", NULL, "IPv4 header checks of every received packet, lists included"
};

/* ---- drops ---- */
const struct hook_point hook_kfree_skb = {
	"kfree_skb", "skb", "packet dropped: the drop reason and the code that dropped it"
};

const struct hook_point *const hook_catalog[] = {
	&hook_net_dev_queue,
	&hook_net_dev_start_xmit,
	&hook_netdev_core_pick_tx,
	&hook_netdev_pick_tx,
	&hook_virtnet_poll,
	&hook_ip_rcv,
	&hook_ip_rcv_core,
	&hook_netif_receive_skb,
	&hook_kfree_skb,
};

const unsigned int hook_catalog_len = sizeof(hook_catalog) / sizeof(hook_catalog[0]);
