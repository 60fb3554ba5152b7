// SPDX-License-Identifier: GPL-2.0
/*
 * irq_owners.c - IRQ -> device from sysfs, for the per-CPU receive context
 * of trace, latency and rxq (src/modes/trace/ctx.bpf.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "lib/irq_owners.h"
#include "lib/log.h"
#include "lib/names.h"

unsigned int irq_owners_nr_cpus(void)
{
	long max = 8191; /* NR_CPUS at its largest, when sysfs does not say */

	names_read_long("/sys/devices/system/cpu/kernel_max", &max);
	return max + 1;
}

/* One IRQ of a PCI function into the map (a shared one: "-"). */
static void irq_owner_add(int fd, int irq, const char *dev)
{
	struct { char name[16]; } owner = { { 0 } }, had;

	if (irq <= 0 || strlen(dev) >= sizeof(owner.name))
		return;
	memcpy(owner.name, dev, strlen(dev));
	if (!bpf_map_update_elem(fd, &irq, &owner, BPF_NOEXIST))
		return;
	/* Seen before: the same function (msi_irqs and irq agree), or shared. */
	if (!bpf_map_lookup_elem(fd, &irq, &had) && memcmp(had.name, owner.name, sizeof(had.name))) {
		memset(&owner, 0, sizeof(owner));
		owner.name[0] = '-'; /* shared: trace/ctx.bpf.h asks no more */
		bpf_map_update_elem(fd, &irq, &owner, BPF_ANY);
	}
}

/*
 * Which device each IRQ belongs to, for telling a NIC's interrupt from
 * another device's raising the same softirq: /sys/bus/pci/devices/D/msi_irqs/N
 * (MSI, MSI-X) and D/irq (INTx). Without sysfs, IRQs are told apart by
 * learning alone.
 */
void irq_owners_load(int fd)
{
	char path[512];
	struct dirent *d, *m;
	DIR *pci, *msi;
	long irq;

	pci = opendir("/sys/bus/pci/devices");
	if (!pci) {
		pp_info("no /sys/bus/pci/devices (%s): IRQs are told apart by learning alone",
			strerror(errno));
		return;
	}
	while ((d = readdir(pci))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/msi_irqs", d->d_name);
		msi = opendir(path);
		while (msi && (m = readdir(msi)))
			if (m->d_name[0] != '.')
				irq_owner_add(fd, atoi(m->d_name), d->d_name);
		if (msi)
			closedir(msi);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/irq", d->d_name);
		if (!names_read_long(path, &irq) && irq <= INT32_MAX)
			irq_owner_add(fd, irq, d->d_name);
	}
	closedir(pci);
}
