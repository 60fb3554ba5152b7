# SPDX-License-Identifier: GPL-2.0
# Which packets trace follows: --dev selects packets at the stage where they
# enter that device (a packet from veth-a is followed from veth-b's receive
# hand-off on), --cpu by the CPU there, --irq by the interrupt that brought
# them in (none over veth), --rxq by the recorded RX queue (veth records none).
. tests/lib.sh
. tests/trace/common.sh

sandbox_sink 4
send() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --packets "$1" --payload 64 --gap-us 500 || fail "sender failed"
}

# --dev veth-b: followed from veth-b's hand-off, not from veth-a's transmit.
pp_start "$T/devb" trace --dev "$DEV_B" --netns "$NS_B" --json --linger 0.3
send 10
sleep 0.5
pp_stop
pk=$(packets "$T/devb" '.dport == 9000')
assert_eq 10 "$(echo "$pk" | grep -c .)" "records with --dev $DEV_B"
assert_eq 10 "$(echo "$pk" | jq -c 'select(([.stages[].stage] | index("net_dev_queue")) == null
	and .stages[0].dev == "veth-b")' | grep -c .)" "records starting on $DEV_B"

# --cpu: the sender is pinned by taskset; only its CPU's packets.
cpu=$(($(nproc) - 1))
pp_start "$T/cpu" trace --dev "$DEV_A" --netns "$NS_A" --cpu $cpu --json --linger 0.3
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40000 --dport 9000 --packets 5 --payload 64 || fail "sender failed"
taskset -c $cpu "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40001 --dport 9000 --packets 7 --payload 64 || fail "sender failed"
sleep 0.5
pp_stop
if [ $cpu -gt 0 ]; then
	assert_eq 0 "$(packets "$T/cpu" '.sport == 40000' | grep -c .)" "records from CPU 0 with --cpu $cpu"
fi
assert_eq 7 "$(packets "$T/cpu" '.sport == 40001' | grep -c .)" "records from CPU $cpu"

# --irq: an interrupt of this machine; no packet crosses veth by one.
irq=$(awk -F: '$1 ~ /^ *[0-9]+$/ { gsub(/ /, "", $1); print $1; exit }' /proc/interrupts)
[ -n "$irq" ] || fail "no numbered interrupt in /proc/interrupts"
pp_start "$T/irq" trace --irq "$irq" --dev "$DEV_B" --json --linger 0.3
send 5
sleep 0.5
pp_stop
assert_eq 0 "$(packets "$T/irq" '.dport == 9000' | grep -c .)" "veth records with --irq $irq"

# --rxq 0: veth (6.x) records no RX queue, so nothing matches.
pp_start "$T/rxq" trace --rxq 0 --dev "$DEV_B" --json --linger 0.3
send 5
sleep 0.5
pp_stop
assert_eq 0 "$(packets "$T/rxq" '.dport == 9000' | grep -c .)" "veth records with --rxq 0"
assert_eq 0 "$(packets "$T/devb" 'has("rx_queue") and .rx_queue != null' | grep -c .)" \
	"veth records with an RX queue"
exit 0
