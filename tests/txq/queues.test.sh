# SPDX-License-Identifier: GPL-2.0
# txq counts every packet on the queue the stack chose: per-queue totals equal
# the mq qdisc's own per-queue counters, each UDP flow's count equals what was
# sent, and each UDP flow stays on one queue. Interval reports add up to the
# summary, per queue and per flow.
# vm: core
# asan: yes
. tests/lib.sh

sandbox_new 4
sandbox_warm
counts=101,117,123,139,141,157,163,179 # distinct, so a swap of flows shows
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 8 --tcp-port 5001
sleep 0.2

pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json --interval 0.1
# Counters are read while tracing, so nothing falls between the two.
before=$(tc_queue_packets "$NS_A" "$DEV_A")
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --counts "$counts" --payload 64 || fail "udp sender failed"
# Flows that share one unconnected socket: the socket alone is not the flow.
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40100 \
	--dport 9000 --counts "$counts" --payload 64 --one-socket || fail "udp sender failed"
"$HELPERS/trafgen" tcp --ns "$NS_A" --dst "$ADDR_B" --dport 5001 --sport 41000 \
	--connections 2 --bursts 4 --bytes 65536 --idle-ms 20 || fail "tcp sender failed"
sleep 0.3
after=$(tc_queue_packets "$NS_A" "$DEV_A")
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
[ -n "$summary" ] || fail "no summary object in the JSON output"

# 1. Per-queue totals equal the qdisc's deltas over the same run. Anything
# the device sent during the run counts on both sides (ARP too).
check_queue_totals "$before" "$after" "$summary" "$DEV_A"

# 2. Each UDP flow: exactly the packets sent, on exactly one queue; for the
# flows of the shared socket too (sport 40100, dport 9000 + i).
i=0
for c in $(echo "$counts" | tr , ' '); do
	sport=$((40000 + i))
	flow=$(echo "$summary" | jq -c --argjson p $sport \
		'.devices[].flows[] | select(.proto == "udp" and .sport == $p)')
	assert_eq "$c" "$(echo "$flow" | jq .packets)" "udp flow $sport packets"
	assert_eq 1 "$(echo "$flow" | jq '.queues | length')" "udp flow $sport queues used"
	flow=$(echo "$summary" | jq -c --argjson p $((9000 + i)) \
		'.devices[].flows[] | select(.proto == "udp" and .sport == 40100 and .dport == $p)')
	assert_eq "$c" "$(echo "$flow" | jq .packets)" "shared-socket flow to port $((9000 + i))"
	i=$((i + 1))
done

# 3. Both TCP flows were seen, and the sum over flows equals the queue
# totals (nothing evicted, nothing lost).
tcp=$(echo "$summary" | jq '[.devices[].flows[] | select(.proto == "tcp")] | length')
[ "$tcp" -ge 2 ] || fail "expected 2 TCP flows, saw $tcp"
assert_eq "$(echo "$summary" | jq '[.devices[].queues[].packets] | add')" \
	"$(echo "$summary" | jq '[.devices[].flows[].packets] | add')" "flows sum vs queue totals"
assert_eq 0 "$(echo "$summary" | jq '.flows_evicted')" "flows evicted"
assert_eq 0 "$(echo "$summary" | jq '[.losses[]] | add')" "losses"
# One new_flow event per flow in the table.
assert_eq "$(echo "$summary" | jq '[.devices[].flows[]] | length')" \
	"$(jq -c 'select(.type == "new_flow")' "$T/out" | wc -l | tr -d ' ')" "new_flow events"

# 4. The intervals (0.1 s; the last 0.3 s of the run are idle, so every
# packet is in one) add up to the summary, queue by queue and flow by flow.
per_queue='[.devices[].queues[] | select(.packets > 0) | "\(.queue)=\(.packets)"]'
sum_q=$(jq -s -c '[.[] | select(.type == "interval") | .devices[].queues[]] |
	group_by(.queue) | map(select((map(.packets) | add) > 0) |
	"\(.[0].queue)=\(map(.packets) | add)")' "$T/out")
assert_eq "$(echo "$summary" | jq -c "$per_queue")" "$sum_q" "intervals per queue"
flow_key='"\(.proto) \(.src):\(.sport)>\(.dst):\(.dport)"'
sum_f=$(jq -s -c "[.[] | select(.type == \"interval\") | .devices[].flows[]] |
	group_by($flow_key) | map(\"\\(.[0] | $flow_key)=\\(map(.packets) | add)\") | sort" "$T/out")
want_f=$(echo "$summary" | jq -c "[.devices[].flows[] | \"\\($flow_key)=\\(.packets)\"] | sort")
assert_eq "$want_f" "$sum_f" "intervals per flow"
n=$(jq -c 'select(.type == "interval")' "$T/out" | wc -l)
[ "$n" -ge 3 ] || fail "only $n interval reports"
note "$n interval reports add up to the summary"
