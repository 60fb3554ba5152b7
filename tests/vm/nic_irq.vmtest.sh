# SPDX-License-Identifier: GPL-2.0
# The guest's two virtio-net NICs carry UDP from one namespace to the other:
# every packet sent arrives (the receiver's rx_packets and UDP InDatagrams
# grow by exactly the count), and the receiving queue's MSI-X interrupt,
# virtioN-input.0 in /proc/interrupts, fires. The ground truth that the
# interrupt tests of pktpath trace compare with.
. tests/lib.sh
. tests/vm/nics.sh

vm_nics_new
irq=$VIRTIO_B-input.0
[ -n "$(irq_number "$irq")" ] || fail "no interrupt named $irq: $(grep virtio /proc/interrupts)"
n=500

bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3
irq0=$(irq_count "$irq")
rx0=$(dev_stat "$NS_B" "$NIC_B" rx_packets)
udp0=$(netstat_field "$NS_B" Udp InDatagrams)
# A small gap: the emulated NICs are slow, and fq_codel would drop a flood.
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets $n --payload 64 --gap-us 200 || fail "udp sender failed"
sleep 0.5
irq1=$(irq_count "$irq")
rx1=$(dev_stat "$NS_B" "$NIC_B" rx_packets)
udp1=$(netstat_field "$NS_B" Udp InDatagrams)

note "$irq: $irq0 -> $irq1; rx_packets $rx0 -> $rx1; InDatagrams $udp0 -> $udp1"
assert_eq $n $((rx1 - rx0)) "$NIC_B rx_packets growth"
assert_eq $n $((udp1 - udp0)) "UDP InDatagrams growth in $NS_B"
[ $((irq1 - irq0)) -gt 0 ] || fail "$irq did not fire ($irq0 -> $irq1)"
# NAPI takes several packets per interrupt, never more interrupts than packets.
[ $((irq1 - irq0)) -le $n ] || fail "$irq fired $((irq1 - irq0)) times for $n packets"
exit 0
