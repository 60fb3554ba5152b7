# SPDX-License-Identifier: GPL-2.0
# pktpath rxq on real NIC interrupts: the guest's two virtio-net NICs
# (tests/vm/nics.sh) carry 16 UDP flows from one namespace to the other.
# What rxq counts per RX queue equals the growth of the NIC's own per-queue
# counters (ethtool -S rx_queue_N_packets); each flow names the RX queue
# the driver recorded and the interrupt of that queue, virtioN-input.Q in
# /proc/interrupts, whose count grew; no RPS: processed where handed over.
# With multi-queue NICs (PKTPATH_VM_NET=tap) the flows use several queues.
# Runs only in the guest (tests/vm/run-vm).
. tests/lib.sh
. tests/vm/nics.sh

vm_nics_new
vm_rx_queues
flows=16 per_flow=30
n=$((flows * per_flow))

bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n $flows
sleep 0.3
pp_start "$T/out" rxq --dev "$NIC_B" --netns "$NS_B" --json
s0=$(rx_snapshot)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --flows $flows --packets $per_flow --payload 64 --gap-us 200 ||
	fail "udp sender failed"
sleep 1
s1=$(rx_snapshot)
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
[ -n "$summary" ] || fail "no summary"
assert_eq true "$(echo "$summary" | jq .irqs_traced)" "IRQ programs attached"
dev=$(echo "$summary" | jq -c --arg d "$NIC_B" '.devices[] | select(.dev == $d)')
[ -n "$dev" ] || fail "no $NIC_B in the summary"

# 1. Per RX queue: rxq's count equals the NIC's own counter's growth.
used=0
for q in $(seq 0 $((nq - 1))); do
	set -- $(echo "$s0" | awk -v q=$q '$1 == q') $(echo "$s1" | awk -v q=$q '$1 == q')
	irqs=$(($5 - $2)) want=$(($6 - $3))
	got=$(echo "$dev" | jq --argjson q $q '[.queues[] | select(.rx_queue == $q) | .packets] | add // 0')
	note "queue $q: ethtool $want, rxq $got; $irqs interrupts of $VIRTIO_B-input.$q"
	assert_eq "$want" "$got" "queue $q packets"
	[ "$want" -gt 0 ] && used=$((used + 1))
done
assert_eq 0 "$(echo "$dev" | jq '[.queues[] | select(.rx_queue == null) | .packets] | add // 0')" \
	"packets without a recorded RX queue"

# 2. Each UDP flow: every packet, one queue, that queue's interrupt.
udp=$(echo "$dev" | jq -c '[.flows[] | select(.proto == "udp" and .sport >= 40000 and .sport < 40016)]')
assert_eq $flows "$(echo "$udp" | jq length)" "UDP flows"
assert_eq $n "$(echo "$udp" | jq '[.[].packets] | add')" "UDP packets"
bad=$(echo "$udp" | jq -c '[.[] | select(.rx_queue == null or ([.paths[].rx_queue] | unique | length) != 1
	or .softirq_cpu != .rps_cpu or .why != "none")]')
assert_eq "[]" "$bad" "flows with other than one queue, or steered"
wrong=$(echo "$udp" | jq -c --arg v "$VIRTIO_B-input." '[.[] | select(.irq != null and
	.irq_name != ($v + (.rx_queue | tostring)))]')
assert_eq "[]" "$wrong" "flows naming another interrupt than their queue's"
named=$(echo "$udp" | jq '[.[] | select(.irq != null)] | length')
note "$flows flows on $used of $nq queues; $named name their queue's interrupt"
# Before the pairing of queue and interrupt is learned, a softirq raised by
# several IRQs leaves a flow's first packets unnamed; the last ones are not.
[ "$named" -eq $flows ] || fail "only $named of $flows flows name their interrupt"
for irq in $(echo "$udp" | jq -r '[.[].irq_name] | unique | .[]'); do
	q=${irq##*.}
	set -- $(echo "$s0" | awk -v q=$q '$1 == q') $(echo "$s1" | awk -v q=$q '$1 == q')
	[ $(($5 - $2)) -gt 0 ] || fail "$irq did not fire, yet flows name it"
done
if [ "$nq" -gt 1 ]; then
	[ $used -gt 1 ] || fail "$flows flows all arrived on one of $nq RX queues"
fi
exit 0
