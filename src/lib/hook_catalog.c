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

/* ---- trace and latency: every stage of a packet's path ---- */
/* The receive context, per CPU: which IRQ and softirq brought packets in. */
const struct hook_point hook_irq_handler_entry = {
	"irq_handler_entry", "irq", "hard IRQ handler starts: IRQ number and action name"
};
const struct hook_point hook_irq_handler_exit = {
	"irq_handler_exit", "irq", "hard IRQ handler returns"
};
const struct hook_point hook_softirq_raise = {
	"softirq_raise", "irq", "softirq raised (NET_RX: by a NIC's IRQ handler, or netif_rx)"
};
const struct hook_point hook_softirq_entry = {
	"softirq_entry", "irq", "softirq starts (NET_RX: the NAPI polls follow)"
};
const struct hook_point hook_softirq_exit = {
	"softirq_exit", "irq", "softirq ends"
};
const struct hook_point hook_napi_poll = {
	"napi_poll", "napi", "a NAPI poll ends: NAPI id, device, work done of its budget"
};
/* Driver hand-off: RX queue (skb->queue_mapping, recorded as queue + 1), NAPI id. */
const struct hook_point hook_napi_gro_receive_entry = {
	"napi_gro_receive_entry", "net", "driver hands a received packet to GRO"
};
const struct hook_point hook_napi_gro_frags_entry = {
	"napi_gro_frags_entry", "net", "driver hands received pages to GRO"
};
const struct hook_point hook_netif_receive_skb_entry = {
	"netif_receive_skb_entry", "net", "driver hands a received packet to the stack"
};
const struct hook_point hook_netif_receive_skb_list_entry = {
	"netif_receive_skb_list_entry", "net", "driver hands a list of packets to the stack"
};
const struct hook_point hook_netif_rx_entry = {
	"netif_rx_entry", "net", "packet handed over to be queued to a CPU's backlog"
};
const struct hook_point hook_netif_rx = {
	"netif_rx", "net", "packet queued to a CPU's backlog (veth, loopback, tunnels)"
};
/* Transport and socket. */
const struct hook_point hook_tcp_probe = {
	"tcp_probe", "tcp", "TCP receives a segment on an established socket"
};
const struct hook_point hook_sk_data_ready = {
	"sk_data_ready", "sock", "a socket is told data is ready (6.6 and later)"
};
const struct hook_point hook_skb_copy_datagram_iovec = {
	"skb_copy_datagram_iovec", "skb", "packet data copied to the user"
};
/* Transmit. */
const struct hook_point hook_qdisc_enqueue = {
	"qdisc_enqueue", "qdisc", "packet enters a qdisc"
};
const struct hook_point hook_qdisc_dequeue = {
	"qdisc_dequeue", "qdisc", "packets leave a qdisc"
};
const struct hook_point hook_net_dev_xmit = {
	"net_dev_xmit", "net", "the driver returned from transmitting a packet (return code)"
};
/* The end of an skb that was not dropped. */
const struct hook_point hook_consume_skb = {
	"consume_skb", "skb", "packet freed after use"
};

/* rxq: the task that receives from a socket. */
const struct hook_point hook_sock_recv_length = {
	"sock_recv_length", "sock", "a task received from a socket: its CPU and pid (6.4 and later)"
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
	&hook_irq_handler_entry,
	&hook_irq_handler_exit,
	&hook_softirq_raise,
	&hook_softirq_entry,
	&hook_softirq_exit,
	&hook_napi_poll,
	&hook_napi_gro_receive_entry,
	&hook_napi_gro_frags_entry,
	&hook_netif_receive_skb_entry,
	&hook_netif_receive_skb_list_entry,
	&hook_netif_rx_entry,
	&hook_netif_rx,
	&hook_tcp_probe,
	&hook_sk_data_ready,
	&hook_skb_copy_datagram_iovec,
	&hook_qdisc_enqueue,
	&hook_qdisc_dequeue,
	&hook_net_dev_xmit,
	&hook_consume_skb,
	&hook_sock_recv_length,
};

const unsigned int hook_catalog_len = sizeof(hook_catalog) / sizeof(hook_catalog[0]);
