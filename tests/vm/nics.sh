# SPDX-License-Identifier: GPL-2.0
# nics.sh - what the tests in the guest share, on top of tests/lib.sh: the
# guest's two virtio-net NICs (joined to each other on a qemu hub) moved into
# two namespaces, and interrupt counts. Source after tests/lib.sh:
#   . tests/lib.sh; . tests/vm/nics.sh

# virtio_nics: the names of the virtio-net interfaces in this namespace.
virtio_nics() {
	for d in /sys/class/net/*; do
		[ -e "$d/device/driver" ] || continue
		[ "$(basename "$(readlink "$d/device/driver")")" = virtio_net ] &&
			basename "$d"
	done
}

# vm_nics_new: namespaces $NS_A and $NS_B (removed at exit, which hands the
# NICs back), NIC $NIC_A (192.0.2.1) in $NS_A and $NIC_B (192.0.2.2) in
# $NS_B, up, with permanent neighbour entries both ways and no IPv6, so
# nothing but the test's own packets crosses them. $VIRTIO_A and $VIRTIO_B
# are their virtio devices: the interrupts are "$VIRTIO_B-input.0" and so on.
vm_nics_new() {
	# A previous test's namespaces may still be on their way out.
	i=0
	while [ "$(virtio_nics | wc -l)" -lt 2 ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "the two virtio-net NICs are not here: $(ls /sys/class/net)"
		sleep 0.1
	done
	# shellcheck disable=SC2046 # interface names have no blanks
	set -- $(virtio_nics)
	NIC_A=$1 NIC_B=$2
	VIRTIO_A=$(basename "$(readlink "/sys/class/net/$NIC_A/device")")
	VIRTIO_B=$(basename "$(readlink "/sys/class/net/$NIC_B/device")")
	NS_A=ppv-$$-a NS_B=ppv-$$-b
	ADDR_A=192.0.2.1 ADDR_B=192.0.2.2
	# shellcheck disable=SC2034 # tests/lib.sh's helpers use DEV_A and DEV_B
	DEV_A=$NIC_A DEV_B=$NIC_B
	mac_a=$(cat "/sys/class/net/$NIC_A/address")
	mac_b=$(cat "/sys/class/net/$NIC_B/address")
	ip netns add "$NS_A" && ip netns add "$NS_B" &&
	ip link set "$NIC_A" netns "$NS_A" && ip link set "$NIC_B" netns "$NS_B" &&
	ip -n "$NS_A" link set "$NIC_A" addrgenmode none &&
	ip -n "$NS_B" link set "$NIC_B" addrgenmode none &&
	ip -n "$NS_A" addr add "$ADDR_A/24" dev "$NIC_A" &&
	ip -n "$NS_B" addr add "$ADDR_B/24" dev "$NIC_B" &&
	ip -n "$NS_A" link set lo up && ip -n "$NS_B" link set lo up &&
	ip -n "$NS_A" link set "$NIC_A" up && ip -n "$NS_B" link set "$NIC_B" up &&
	ip -n "$NS_A" neigh replace "$ADDR_B" lladdr "$mac_b" dev "$NIC_A" nud permanent &&
	ip -n "$NS_B" neigh replace "$ADDR_A" lladdr "$mac_a" dev "$NIC_B" nud permanent ||
		fail "cannot move the virtio-net NICs into namespaces"
	note "$NIC_A ($VIRTIO_A) in $NS_A, $NIC_B ($VIRTIO_B) in $NS_B"
}

# irq_count NAME: the interrupts of NAME (the last column of
# /proc/interrupts), summed over the CPUs; nothing when there is no such IRQ.
irq_count() {
	awk -v n="$1" 'NR == 1 { cpus = NF; next }
		$NF == n { s = 0; for (i = 2; i <= cpus + 1; i++) s += $i; print s; exit }' \
		/proc/interrupts
}

# irq_number NAME: the IRQ number of NAME.
irq_number() {
	awk -v n="$1" '$NF == n { sub(":", "", $1); print $1; exit }' /proc/interrupts
}

# netstat_field NS PROTO FIELD: a counter of /proc/net/snmp in namespace NS,
# e.g. netstat_field "$NS_B" Udp InDatagrams.
netstat_field() {
	ip netns exec "$1" cat /proc/net/snmp | awk -v p="$2:" -v f="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == p && h { print $c[f]; exit }'
}

# dev_stat NS DEV COUNTER: /sys/class/net/DEV/statistics/COUNTER in NS.
dev_stat() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# rx_queues NS DEV: the number of RX queues of DEV.
rx_queues() {
	ip netns exec "$1" ls "/sys/class/net/$2/queues" | grep -c '^rx-'
}

# queue_rx_packets NS DEV Q: packets received on RX queue Q (ethtool -S).
queue_rx_packets() {
	ip netns exec "$1" ethtool -S "$2" | awk -v k="rx_queue_$3_packets:" '$1 == k { print $2 }'
}

# vm_rx_queues: nq, the RX queues of NIC_B; fails unless each has its own
# interrupt, virtioN-input.Q in /proc/interrupts.
vm_rx_queues() {
	nq=$(rx_queues "$NS_B" "$NIC_B")
	for q in $(seq 0 $((nq - 1))); do
		[ -n "$(irq_number "$VIRTIO_B-input.$q")" ] ||
			fail "no interrupt named $VIRTIO_B-input.$q: $(grep virtio /proc/interrupts)"
	done
}

# rx_snapshot: "QUEUE IRQS PACKETS" per RX queue of NIC_B (after vm_rx_queues).
rx_snapshot() {
	for q in $(seq 0 $((nq - 1))); do
		echo "$q $(irq_count "$VIRTIO_B-input.$q") $(queue_rx_packets "$NS_B" "$NIC_B" $q)"
	done
}
