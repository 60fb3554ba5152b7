/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drop_reasons.h - names of the kernel's drop reasons. kfree_skb reports a
 * number from `enum skb_drop_reason`; the numbers change from one kernel to
 * the next, so the names come from the running kernel's BTF.
 */
#ifndef PP_DROP_REASONS_H
#define PP_DROP_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct drop_reasons;

/* Read the names from /sys/kernel/btf/vmlinux. NULL (errno set) when the
 * BTF is unreadable; a kernel without drop reasons gives an empty table. */
struct drop_reasons *drop_reasons__load(void);
void drop_reasons__free(struct drop_reasons *dr);

/* Does the kernel name its drop reasons at all? */
bool drop_reasons__any(const struct drop_reasons *dr);

/*
 * The name without its SKB_DROP_REASON_ prefix ("NO_SOCKET"); a subsystem's
 * reason as "SUBSYSTEM/N" (mac80211, openvswitch keep theirs in modules);
 * "reason N" for a number this kernel does not name. NULL for
 * PP_DROP_NO_REASON (a kernel whose tracepoint has none).
 */
const char *drop_reasons__name(const struct drop_reasons *dr, uint32_t code, char *buf,
			       size_t len);

/* The same for text: "drop" for PP_DROP_NO_REASON (kernels before 5.17,
 * whose tracepoint gives no reason). Never NULL. */
const char *drop_reasons__text(const struct drop_reasons *dr, uint32_t code, char *buf,
			       size_t len);

/* The number of a name, with or without the prefix, any case; -1 if none. */
int64_t drop_reasons__value(const struct drop_reasons *dr, const char *name);

#endif
