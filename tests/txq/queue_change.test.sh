# SPDX-License-Identifier: GPL-2.0
# A TCP flow that idles between bursts (so every byte is acked and TCP sets
# ooo_okay) while its sender moves from CPU 0 to CPU 1, with XPS mapping
# CPU 0 to queue 0 and CPU 1 to queue 1: txq must report the move 0 -> 1 with
# ooo_okay set, explained by XPS, and count the flow on both queues.
# vm: yes
. tests/lib.sh

need_cpus 2
sandbox_new 4
xps_cpu0_cpu1
sandbox_warm
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --tcp-port 5001
sleep 0.2

pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json
"$HELPERS/trafgen" tcp --ns "$NS_A" --dst "$ADDR_B" --dport 5001 --sport 42000 \
	--bursts 6 --bytes 20000 --idle-ms 150 --cpu 0 --switch-after 3 --switch-to 1 ||
	fail "tcp sender failed"
sleep 0.2
pp_stop

ev=$(jq -c 'select(.type == "queue_change" and .sport == 42000)' "$T/out")
note "events: $(jq -c 'select(.type != "summary")' "$T/out" | grep -c .)"
[ -n "$ev" ] || { cat "$T/out"; fail "no queue_change event for the flow"; }
first=$(echo "$ev" | head -n 1)
note "change: $first"
assert_eq 0 "$(echo "$first" | jq .old_queue)" "old queue"
assert_eq 1 "$(echo "$first" | jq .queue)" "new queue"
assert_eq true "$(echo "$first" | jq .ooo_okay)" "ooo_okay on the move"
assert_eq xps "$(echo "$first" | jq -r .why)" "reason"
assert_eq 1 "$(echo "$first" | jq .cpu)" "sending CPU after the move"

newflow=$(jq -c 'select(.type == "new_flow" and .sport == 42000)' "$T/out")
assert_eq 0 "$(echo "$newflow" | jq .queue)" "first queue"
flow=$(jq -c 'select(.type == "summary") | .devices[].flows[] | select(.sport == 42000)' "$T/out")
assert_eq 2 "$(echo "$flow" | jq '.queues | length')" "queues used by the flow"
[ "$(echo "$flow" | jq .changes)" -ge 1 ] || fail "summary does not count the change"
