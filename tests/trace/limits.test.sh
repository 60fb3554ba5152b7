# SPDX-License-Identifier: GPL-2.0
# Nothing is lost quietly: packets held back by --rate, and packets the table
# (--max-packets) had no room for, are counted and reported; --count stops
# after that many packets.
. tests/lib.sh
. tests/trace/common.sh

sandbox_new 4
sandbox_warm
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3

# --rate 10: one new packet per 100 ms window; a burst of 50 sees one or two.
pp_start "$T/rate" trace --dev "$DEV_A" --netns "$NS_A" --json --rate 10 --linger 0.3
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets 50 --payload 64 || fail "sender failed"
sleep 0.5
pp_stop
traced=$(packets "$T/rate" '.dport == 9000' | grep -c .)
limited=$(summary "$T/rate" | jq '.losses.rate_limited')
note "--rate 10: $traced traced, $limited held back"
[ "$traced" -ge 1 ] && [ "$traced" -le 5 ] || fail "--rate 10 traced $traced of a burst of 50"
assert_eq 50 $((traced + limited)) "traced + rate limited"

# --max-packets 64 while 200 packets wait, unread, in the receiver's queue.
bg "$HELPERS/tsrecv" --ns "$NS_B" --addr "$ADDR_B" --port 9100 --count 200 --delay 2 \
	--timeout 10 >"$T/ts"
wait_line "$T/ts" ready
pp_start "$T/full" trace --dev "$DEV_A" --netns "$NS_A" --json --max-packets 64 --rate 0 \
	--linger 5
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9100 --packets 200 --payload 64 || fail "sender failed"
sleep 0.3
pp_stop
full=$(summary "$T/full" | jq '.losses.skb_table_full')
traced=$(packets "$T/full" '.dport == 9100' | grep -c .)
note "--max-packets 64: $traced traced, table full $full times"
[ "$full" -gt 0 ] || fail "no table-full count with 200 packets in flight and room for 64"
[ "$traced" -le 64 ] || fail "$traced records with a table of 64"

# --count 5: five records, then a clean exit.
pp_start "$T/count" trace --dev "$DEV_A" --netns "$NS_A" --json --count 5 --linger 0.2
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets 20 --payload 64 --gap-us 1000 || fail "sender failed"
i=0
while kill -0 "$PP_PID" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 50 ] && fail "--count 5 did not stop pktpath"
	sleep 0.1
done
wait "$PP_PID"
assert_eq 0 $? "exit status after --count"
assert_eq 5 "$(jq -c 'select(.type == "packet")' "$T/count" | grep -c .)" "records with --count 5"
exit 0
