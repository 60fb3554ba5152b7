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

const struct hook_point *const hook_catalog[] = {
	&hook_net_dev_queue,
	&hook_net_dev_start_xmit,
};

const unsigned int hook_catalog_len = sizeof(hook_catalog) / sizeof(hook_catalog[0]);
