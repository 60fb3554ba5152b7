# SPDX-License-Identifier: GPL-2.0
# pktpath trace on real NIC interrupts: the guest's two virtio-net NICs
# (tests/vm/nics.sh) carry UDP from one namespace to the other. Every packet
# is followed from the receiving NIC's driver hand-off; the hard IRQ that
# brought it in is the MSI-X vector /proc/interrupts names for its RX queue
# (virtioN-input.Q), and its earliest arrival is that interrupt; the IRQ
# stage comes before the softirq, the NAPI poll and the hand-off; the
# interrupts pktpath counted lie between the /proc/interrupts deltas taken
# inside and outside the traced span; --irq and --rxq select by them.
# Runs only in the guest (tests/vm/run-vm).
. tests/lib.sh
. tests/vm/nics.sh
. tests/trace/common.sh

vm_nics_new
vm_rx_queues
flows=8 per_flow=25
n=$((flows * per_flow))
# irq_total: the interrupts of NIC_B's RX queues, summed.
irq_total() {
	t=0
	for q in $(seq 0 $((nq - 1))); do
		t=$((t + $(irq_count "$VIRTIO_B-input.$q")))
	done
	echo $t
}
send() { # FIRST-SPORT
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport "$1" \
		--dport 9000 --flows $flows --packets $per_flow --payload 64 --gap-us 200 ||
		fail "udp sender failed"
}

bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n $flows
sleep 0.3

# 1. Everything NIC_B receives, with the interrupt counts around it.
out0=$(irq_total)
pp_start "$T/out" trace --dev "$NIC_B" --netns "$NS_B" --json --rate 0 --linger 2
in0=$(irq_total)
send 40000
sleep 1
in1=$(irq_total)
pp_stop
out1=$(irq_total)

pk=$(packets "$T/out" '.proto == "udp" and .dport >= 9000 and .dport < 9008')
assert_eq $n "$(echo "$pk" | grep -c .)" "records of the UDP packets"
# Each record starts at the driver's hand-off on NIC_B, with its RX queue.
assert_eq $n "$(echo "$pk" | jq -c --arg d "$NIC_B" 'select(.rx_queue != null and
	([.stages[] | select(.stage == "napi_gro_receive_entry" and .dev == $d)] | length) == 1)' |
	grep -c .)" "records handed over by $NIC_B's driver, with an RX queue"
# The interrupt each names is its RX queue's vector.
wrong=$(echo "$pk" | jq -c --arg v "$VIRTIO_B-input." 'select(.irq != null and .irq.number != null
	and .irq.name != ($v + (.rx_queue | tostring)))' | head -n 1)
[ -z "$wrong" ] || fail "a packet names another interrupt than its queue's: $wrong"
named=$(echo "$pk" | jq -c 'select(.irq.number != null)' | grep -c .)
ambiguous=$(echo "$pk" | jq -c 'select(.irq.source == "ambiguous")' | grep -c .)
fresh=$(echo "$pk" | jq -c 'select(.irq.source == "raised" and .earliest.source == "irq")' | grep -c .)
note "$n packets: $named name their IRQ ($fresh with its time), $ambiguous ambiguous"
# Several IRQs may raise one softirq (NIC_A's TX completions too) before the
# pairing of RX queue and IRQ is learned: allow a few to stay unnamed.
[ $((named * 10)) -ge $((n * 9)) ] || fail "only $named of $n packets name their interrupt"
[ "$fresh" -gt 0 ] || fail "no packet has its interrupt's time as its earliest arrival"
# Fresh interrupts come first: IRQ, raise, softirq, poll, hand-off, stack.
want=$(present "$T/out" irq_handler_entry softirq_raise softirq_entry napi_poll \
	napi_gro_receive_entry netif_receive_skb)
# shellcheck disable=SC2086
check_order "$(echo "$pk" | jq -c 'select(.irq.source == "raised" and .earliest.source == "irq")')" $want
# The NAPI poll that carried them: NIC_B's, within its budget.
bad=$(echo "$pk" | jq -c --arg d "$NIC_B" 'select(.napi.dev != null and (.napi.dev != $d
	or .napi.work < 1 or .napi.work > .napi.budget))' | head -n 1)
[ -z "$bad" ] || fail "a packet's NAPI poll is not NIC_B's: $bad"

# Per IRQ: what pktpath counted lies between the deltas inside and outside
# the traced span; NAPI takes one or more packets per interrupt.
s=$(summary "$T/out")
counted=0 attributed=0
for q in $(seq 0 $((nq - 1))); do
	num=$(irq_number "$VIRTIO_B-input.$q")
	c=$(echo "$s" | jq --argjson i "$num" '[.irqs[] | select(.irq == $i) | .interrupts] | add // 0')
	p=$(echo "$s" | jq --argjson i "$num" '[.irqs[] | select(.irq == $i) | .packets] | add // 0')
	r=$(echo "$pk" | jq -c --argjson i "$num" 'select(.irq.number == $i)' | grep -c .)
	note "$VIRTIO_B-input.$q (IRQ $num): $c interrupts counted, $p packets attributed, $r records"
	assert_eq "$p" "$r" "packets attributed to IRQ $num (summary vs records)"
	counted=$((counted + c))
	attributed=$((attributed + p))
done
note "/proc/interrupts: $((in1 - in0)) inside, $((out1 - out0)) around the traced span"
[ $counted -ge $((in1 - in0)) ] && [ $counted -le $((out1 - out0)) ] ||
	fail "pktpath counted $counted interrupts; /proc/interrupts grew $((in1 - in0)) to $((out1 - out0))"
[ $counted -ge 1 ] && [ $counted -le $n ] || fail "$counted interrupts for $n packets"
assert_eq 0 "$(echo "$s" | jq '[.losses[]] | add')" "losses"

# 2. --irq by name: only packets of that vector; another vector: none.
pp_start "$T/irq" trace --irq "$VIRTIO_B-input.0" --json --rate 0 --linger 2
send 41000
sleep 1
pp_stop
got=$(packets "$T/irq" '.proto == "udp" and .dport >= 9000 and .dport < 9008')
[ "$(echo "$got" | grep -c .)" -ge 1 ] || fail "--irq $VIRTIO_B-input.0 selected nothing"
assert_eq 0 "$(echo "$got" | jq -c 'select(.irq.name != "'"$VIRTIO_B-input.0"'")' | grep -c .)" \
	"records of other vectors with --irq"
pp_start "$T/irqa" trace --irq "$VIRTIO_A-input.0" --json --rate 0 --linger 2
send 42000
sleep 1
pp_stop
assert_eq 0 "$(packets "$T/irqa" '.proto == "udp" and .dport >= 9000 and .dport < 9008' |
	grep -c .)" "records with --irq $VIRTIO_A-input.0 (the sender's NIC)"

# 3. --rxq: queue 0 has packets (hub: all of them); a queue past the last none.
pp_start "$T/rxq" trace --dev "$NIC_B" --rxq 0 --json --rate 0 --linger 2
send 43000
sleep 1
pp_stop
q0=$(packets "$T/rxq" '.proto == "udp" and .dport >= 9000 and .dport < 9008')
[ "$(echo "$q0" | grep -c .)" -ge 1 ] || fail "--rxq 0 selected nothing"
assert_eq 0 "$(echo "$q0" | jq -c 'select(.rx_queue != 0)' | grep -c .)" "records of other queues"
[ "$nq" -gt 1 ] || assert_eq $n "$(echo "$q0" | grep -c .)" "records with --rxq 0 on one queue"
exit 0
