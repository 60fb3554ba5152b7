// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "stages.h"

static const struct stage_info stages[PP_STAGE_MAX] = {
	[PP_STAGE_IRQ] = { "irq_handler_entry", "the NIC's hard interrupt", AUX_IRQ, true },
	[PP_STAGE_SOFTIRQ_RAISE] = { "softirq_raise", "NET_RX softirq raised", AUX_IRQ, true },
	[PP_STAGE_SOFTIRQ_ENTRY] = { "softirq_entry", "NET_RX softirq starts", AUX_NONE, true },
	[PP_STAGE_NAPI_POLL] = { "napi_poll", "the NAPI poll that carried it starts", AUX_NONE,
				 true },
	[PP_STAGE_GRO_RECEIVE] = { "napi_gro_receive_entry", "driver hands it to GRO",
				   AUX_RX_QUEUE },
	[PP_STAGE_GRO_FRAGS] = { "napi_gro_frags_entry", "driver hands its pages to GRO",
				 AUX_RX_QUEUE },
	[PP_STAGE_RECEIVE_ENTRY] = { "netif_receive_skb_entry", "driver hands it to the stack",
				     AUX_RX_QUEUE },
	[PP_STAGE_RECEIVE_LIST] = { "netif_receive_skb_list_entry",
				    "driver hands a list to the stack", AUX_RX_QUEUE },
	[PP_STAGE_RX_ENTRY] = { "netif_rx_entry", "handed over to be queued to a CPU",
				AUX_RX_QUEUE },
	[PP_STAGE_RX] = { "netif_rx", "queued to a CPU's backlog", AUX_RX_QUEUE },
	[PP_STAGE_RECEIVE] = { "netif_receive_skb", "the stack meets it", AUX_RX_QUEUE },
	[PP_STAGE_TCP_PROBE] = { "tcp_probe", "TCP receives it (established socket)" },
	[PP_STAGE_DATA_READY] = { "sk_data_ready", "its socket is woken up" },
	[PP_STAGE_COPY] = { "skb_copy_datagram_iovec", "copied to the user", AUX_BYTES },
	[PP_STAGE_DEV_QUEUE] = { "net_dev_queue", "queued for transmit", AUX_TX_QUEUE },
	[PP_STAGE_QDISC_ENQUEUE] = { "qdisc_enqueue", "enters the qdisc", AUX_TX_QUEUE },
	[PP_STAGE_QDISC_DEQUEUE] = { "qdisc_dequeue", "leaves the qdisc", AUX_TX_QUEUE },
	[PP_STAGE_START_XMIT] = { "net_dev_start_xmit", "handed to the driver", AUX_TX_QUEUE },
	[PP_STAGE_XMIT] = { "net_dev_xmit", "the driver returned", AUX_RC },
	[PP_STAGE_CONSUME] = { "consume_skb", "freed after use" },
	[PP_STAGE_DROP] = { "kfree_skb", "dropped", AUX_REASON },
};

/* Function stages (--stage), ids PP_STAGE_MAX and up, as fn_stages.c
 * defines them. */
static struct stage_info fn_stages[PP_STAGE_IDS - PP_STAGE_MAX];

void stage_fn_define(unsigned int stage, const char *name, bool ret)
{
	if (stage >= PP_STAGE_MAX && stage < PP_STAGE_IDS)
		fn_stages[stage - PP_STAGE_MAX] = (struct stage_info){
			name, ret ? "the function returned" : "kernel function",
			ret ? AUX_RETVAL : AUX_NONE, false, true
		};
}

const struct stage_info *stage_info(unsigned int stage)
{
	if (stage >= PP_STAGE_MAX && stage < PP_STAGE_IDS)
		return fn_stages[stage - PP_STAGE_MAX].name ? &fn_stages[stage - PP_STAGE_MAX]
							    : NULL;
	return stage > PP_STAGE_NONE && stage < PP_STAGE_MAX ? &stages[stage] : NULL;
}

const char *stage_name(unsigned int stage)
{
	const struct stage_info *s = stage_info(stage);

	return s ? s->name : "?";
}

unsigned int stage_by_name(const char *name)
{
	for (unsigned int i = PP_STAGE_NONE + 1; i < PP_STAGE_MAX; i++)
		if (!strcmp(stages[i].name, name))
			return i;
	for (unsigned int i = 0; i < PP_STAGE_IDS - PP_STAGE_MAX; i++)
		if (fn_stages[i].name && !strcmp(fn_stages[i].name, name))
			return PP_STAGE_MAX + i;
	/* "irq" is what people type for the hard interrupt. */
	if (!strcmp(name, "irq"))
		return PP_STAGE_IRQ;
	return PP_STAGE_NONE;
}

void stage_list(char *buf, unsigned long len)
{
	size_t off = 0;

	buf[0] = 0;
	for (unsigned int i = PP_STAGE_NONE + 1; i < PP_STAGE_MAX && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i > 1 ? ", " : "", stages[i].name);
}
