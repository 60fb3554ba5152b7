# SPDX-License-Identifier: GPL-2.0
# pktpath trace follows UDP across a veth pair between two namespaces: one
# record per packet sent (as many as the receiver's UDP InDatagrams grew),
# each with the transmit and receive stages this kernel has, in their causal
# order and with times that never go backwards; no hard IRQ on veth, so the
# earliest arrival is "software"; the TX queue of each record agrees with
# the mq qdisc's own per-queue counters; nothing lost.
# vm: core
# asan: yes
. tests/lib.sh
. tests/trace/common.sh

sandbox_new 4
sandbox_warm
n=60
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 4
sleep 0.3
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3
q0=$(tc_queue_packets "$NS_A" "$DEV_A")
in0=$(snmp_field "$NS_B" Udp InDatagrams)
# Four flows (ports 9000-9003), 15 packets each.
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --flows 4 --packets $((n / 4)) --payload 64 --gap-us 500 ||
	fail "sender failed"
sleep 0.6
in1=$(snmp_field "$NS_B" Udp InDatagrams)
q1=$(tc_queue_packets "$NS_A" "$DEV_A")
pp_stop

pk=$(packets "$T/out" '.proto == "udp" and .dport >= 9000 and .dport <= 9003')
assert_eq $n "$(echo "$pk" | grep -c .)" "UDP records"
assert_eq $((in1 - in0)) $n "InDatagrams growth in $NS_B"
for f in 0 1 2 3; do
	assert_eq $((n / 4)) "$(echo "$pk" | jq -c "select(.sport == $((40000 + f)))" | grep -c .)" \
		"records of flow $f"
done

# The stages every packet must show, of those this kernel has.
want=$(present "$T/out" net_dev_queue net_dev_start_xmit netif_rx softirq_entry napi_poll \
	netif_receive_skb sk_data_ready)
note "stages required in order: $want"
# shellcheck disable=SC2086
check_order "$pk" $want
# No interrupt brings a packet over veth: the earliest arrival is a stage.
assert_eq "$n" "$(echo "$pk" | jq -c 'select(.earliest.source == "software" and .irq == null
	and .earliest.stage == .stages[0].stage)' | grep -c .)" "records with a software arrival"
# Each ends at the socket (6.1: consume_skb after the read; 6.6 and later
# free it without a tracepoint, so the record says "delivered").
assert_eq "$n" "$(echo "$pk" | jq -c 'select(.end == "consumed" or .end == "delivered")' |
	grep -c .)" "records that reached the socket"
# Lengths: 64 bytes of payload + UDP, IP, Ethernet headers at net_dev_queue.
assert_eq "$n" "$(echo "$pk" | jq -c 'select(.len == 106)' | grep -c .)" "records of 106 bytes"

# TX queues: per queue, as many records as the qdisc sent.
for q in 0 1 2 3; do
	b=$(echo "$q0" | awk -v q=$q '$1 == q { print $2 }')
	a=$(echo "$q1" | awk -v q=$q '$1 == q { print $2 }')
	got=$(packets "$T/out" ".tx_queue == $q and (.stages[0].dev == \"$DEV_A\")" | grep -c .)
	note "queue $q: tc $((a - b)), records $got"
	assert_eq $((a - b)) "$got" "records on TX queue $q"
done
s=$(summary "$T/out")
assert_eq 0 "$(echo "$s" | jq '[.losses[]] | add')" "losses"
exit 0
