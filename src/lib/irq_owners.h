/* SPDX-License-Identifier: GPL-2.0 */
/*
 * irq_owners.h - what src/modes/trace/ctx.bpf.h needs from user space to tell
 * which IRQ brought a packet in: the device each IRQ belongs to (sysfs), and
 * the kernel's CPU count (NAPI ids start above it).
 */
#ifndef PP_IRQ_OWNERS_H
#define PP_IRQ_OWNERS_H

/* Fill a trace_irq_owners map (IRQ -> owning device's name) from sysfs. */
void irq_owners_load(int map_fd);

/* CONFIG_NR_CPUS: the kernel's highest possible CPU number, plus one. */
unsigned int irq_owners_nr_cpus(void);

#endif
