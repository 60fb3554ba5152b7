# SPDX-License-Identifier: GPL-2.0
# UDP to ports nothing listens on: drops counts exactly as many NO_SOCKET
# drops at the receiver as its own UdpNoPorts counter grew, shows each one
# live with its flow, and the table agrees with the live lines. Datagrams
# that a socket received (consumed, not dropped) are not counted. On a
# kernel without drop reasons (5.10) the same drops are those without a
# reason at UDP's receive function.
# vm: core
# asan: yes
. tests/lib.sh
. tests/drops/common.sh

if ! kernel_has drop_reasons; then
	is_noport='.reason == null and .function == "__udp4_lib_rcv"'
else
	is_noport='.reason == "NO_SOCKET"'
fi

sandbox_new 2
sandbox_warm
counts=37,23,11 # per destination port 9, 10, 11: distinct, so a swap shows
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000
sleep 0.2

pp_start "$T/out" drops --netns "$NS_B" --json --rate 100000
before=$(snmp "$NS_B" Udp NoPorts)
received=$(snmp "$NS_B" Udp InDatagrams)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9 --counts "$counts" --one-socket || fail "udp sender failed"
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 31000 \
	--dport 9000 --packets 40 || fail "udp sender failed"
sleep 0.3
after=$(snmp "$NS_B" Udp NoPorts)
received=$(($(snmp "$NS_B" Udp InDatagrams) - received))
pp_stop

noports=$((after - before))
total=0
for c in $(echo "$counts" | tr , ' '); do total=$((total + c)); done
note "UdpNoPorts grew by $noports, sent $total; InDatagrams grew by $received"
assert_eq "$total" "$noports" "UdpNoPorts growth (the sandbox is not quiet?)"
assert_eq 40 "$received" "datagrams delivered to the sink"
assert_eq "$noports" "$(summary_count "$T/out" "$is_noport")" "NO_SOCKET drops in the table"
assert_eq "$noports" "$(summary_count "$T/out" '.dev == "veth-b"')" "drops on veth-b"
assert_eq "$noports" "$(jq 'select(.type == "summary") | .total' "$T/out")" "the summary's total"
# Live lines: one per drop, with the flow that was sent.
i=0
for c in $(echo "$counts" | tr , ' '); do
	port=$((9 + i))
	assert_eq "$c" "$(events "$T/out" ".type == \"drop\" and $is_noport and
		.proto == \"udp\" and .src == \"$ADDR_A\" and .dst == \"$ADDR_B\" and
		.sport == 30000 and .dport == $port and .dev == \"$DEV_B\" and
		.netns == \"$NS_B\" and .pkt_type == \"host\" and .len == 92")" \
		"live drops to port $port"
	i=$((i + 1))
done
assert_eq 0 "$(jq 'select(.type == "summary") | [.losses[]] | add' "$T/out")" "losses"
