#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Filters at a real hook: `pktpath txq EXPRESSION` in the sandbox, where
# net_dev_start_xmit sees TX skbs with their Ethernet header. Eight UDP
# flows (ports 40000+i -> 9000+i, distinct packet counts) leave A; each
# expression must let through exactly the flows it describes, each with
# exactly the packets sent, and nothing else (the per-queue totals are the
# sum of those flows).
# asan: yes
# vm: core
. tests/lib.sh

sandbox_new 4
sandbox_warm
mac_a=$(ip -n "$NS_A" -br link show "$DEV_A" | awk '{ print $3 }')
counts=101,117,123,139,141,157,163,179
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1 --tcp-port 5001
sleep 0.2

# check EXPRESSION SPORTS...: only these UDP flows, with their counts.
check() {
	expr=$1
	shift
	pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json "$expr"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --counts "$counts" --payload 64 || fail "udp sender failed"
	sleep 0.3
	pp_stop
	summary=$(jq -c 'select(.type == "summary")' "$T/out")
	[ -n "$summary" ] || fail "'$expr': no summary"
	want_total=0
	for sport in "$@"; do
		c=$(echo "$counts" | cut -d, -f$((sport - 40000 + 1)))
		got=$(echo "$summary" | jq --argjson p "$sport" \
			'[.devices[].flows[] | select(.proto == "udp" and .sport == $p) | .packets] | add // 0')
		assert_eq "$c" "$got" "'$expr': packets of flow $sport"
		want_total=$((want_total + c))
	done
	assert_eq "$#" "$(echo "$summary" | jq '[.devices[].flows[]] | length')" \
		"'$expr': flows counted"
	assert_eq "$want_total" "$(echo "$summary" | jq '[.devices[].queues[].packets] | add // 0')" \
		"'$expr': packets counted"
	note "'$expr': $# flows, $want_total packets"
}

check 'udp and src port 40003' 40003
check 'udp src portrange 40002-40005 and dst portrange 9001-9004' 40002 40003 40004
check "ether src $mac_a and ip and udp[0:2] & 1 = 1" 40001 40003 40005 40007
check 'ip and (udp[2:2] = 9006 or ip[2:2] > 1000 or (ip6 protochain 17))' 40006
check 'not ip' # ARP is not expected either: neighbours are permanent
