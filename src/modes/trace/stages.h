/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stages.h - the stages of a packet's path as people name them (the
 * tracepoints' names), and what the number each stage carries means.
 */
#ifndef PP_CMD_STAGES_H
#define PP_CMD_STAGES_H

#include <stdbool.h>

#include "pktpath.h"
#include "modes/trace/trace.h"

/* What trace_stage.aux holds at a stage. */
enum stage_aux {
	AUX_NONE,
	AUX_IRQ,      /* an IRQ number (-1: none) */
	AUX_RX_QUEUE, /* skb->queue_mapping on receive: RX queue + 1, 0 unset */
	AUX_TX_QUEUE, /* skb->queue_mapping on transmit: the TX queue */
	AUX_RC,       /* the driver's return code */
	AUX_BYTES,    /* bytes copied */
	AUX_REASON,   /* enum skb_drop_reason */
	AUX_RETVAL,   /* a function stage's return value (FUNC%return) */
};

struct stage_info {
	const char *name;  /* the tracepoint's name: "netif_receive_skb" */
	const char *what;  /* a few words for --help and `features` */
	enum stage_aux aux;
	bool context;      /* a per-CPU event carried onto the packet */
	bool function;     /* a function stage (--stage FUNC) */
};

/* NULL for PP_STAGE_NONE or out of range. */
const struct stage_info *stage_info(unsigned int stage);
const char *stage_name(unsigned int stage);

/* A stage by name; PP_STAGE_NONE when unknown. */
unsigned int stage_by_name(const char *name);

/* Name a function stage id (fn_stages.c); name must outlive its use. */
void stage_fn_define(unsigned int stage, const char *name, bool ret);

/* "irq_handler_entry, softirq_raise, ..." into buf, for error messages. */
void stage_list(char *buf, unsigned long len);

#endif
