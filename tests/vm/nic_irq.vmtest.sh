# SPDX-License-Identifier: GPL-2.0
# The guest's two virtio-net NICs carry UDP from one namespace to the other:
# every packet sent arrives (the receiver's rx_packets, the sum of its
# per-queue counts and UDP InDatagrams all grow by exactly the count), and
# each RX queue that received packets had its own MSI-X interrupt,
# virtioN-input.Q in /proc/interrupts, fire. With multi-queue NICs
# (PKTPATH_VM_NET=tap) the 16 flows spread over more than one RX queue. The
# ground truth that pktpath trace's interrupt tests compare with.
. tests/lib.sh
. tests/vm/nics.sh

vm_nics_new
vm_rx_queues
flows=16 per_flow=40
n=$((flows * per_flow))

bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n $flows
sleep 0.3
s0=$(rx_snapshot)
rx0=$(dev_stat "$NS_B" "$NIC_B" rx_packets)
udp0=$(netstat_field "$NS_B" Udp InDatagrams)
# A small gap: the emulated NICs are slow, and fq_codel would drop a flood.
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --flows $flows --packets $per_flow --payload 64 --gap-us 100 ||
	fail "udp sender failed"
sleep 0.5
s1=$(rx_snapshot)
rx1=$(dev_stat "$NS_B" "$NIC_B" rx_packets)
udp1=$(netstat_field "$NS_B" Udp InDatagrams)

note "$NIC_B: $nq RX queues; rx_packets $rx0 -> $rx1; InDatagrams $udp0 -> $udp1"
assert_eq $n $((rx1 - rx0)) "$NIC_B rx_packets growth"
assert_eq $n $((udp1 - udp0)) "UDP InDatagrams growth in $NS_B"
sum=0 used=0
for q in $(seq 0 $((nq - 1))); do
	set -- $(echo "$s0" | awk -v q=$q '$1 == q') $(echo "$s1" | awk -v q=$q '$1 == q')
	irqs=$(($5 - $2)) pkts=$(($6 - $3))
	note "queue $q: $pkts packets, $irqs interrupts of $VIRTIO_B-input.$q (IRQ $(irq_number "$VIRTIO_B-input.$q"))"
	sum=$((sum + pkts))
	if [ $pkts -gt 0 ]; then
		used=$((used + 1))
		[ $irqs -gt 0 ] || fail "queue $q received $pkts packets without an interrupt"
		# NAPI takes several packets per interrupt, never fewer than one.
		[ $irqs -le $pkts ] || fail "queue $q: $irqs interrupts for $pkts packets"
	fi
done
assert_eq $n $sum "sum of the per-queue RX counts"
if [ "$nq" -gt 1 ]; then
	[ $used -gt 1 ] || fail "$flows flows all arrived on one of $nq RX queues"
fi
exit 0
