# SPDX-License-Identifier: GPL-2.0
# Nothing is lost quietly: packets held back by --rate, packets the table
# (--max-packets) had no room for, and records the ring buffer had no room
# for are counted and reported (JSON `losses`, and a warning in text mode);
# --count stops after that many packets.
. tests/lib.sh
. tests/trace/common.sh

sandbox_sink 4

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
# Each packet refused once, however many of its stages tried again.
assert_eq 200 $((traced + full)) "records + packets the full table refused"

# The ring buffer: pktpath stopped (SIGSTOP) while 4000 datagrams to a closed
# port each end at kfree_skb; 1 MiB holds about 2,000 records (some 470 bytes
# each). Every packet is either printed or counted as lost, exactly.
n=4000
pp_start "$T/ring" trace --dev "$DEV_A" --netns "$NS_A" --ring-size 1 --rate 0 --linger 5 'udp'
np0=$(snmp_field "$NS_B" Udp NoPorts)
kill -STOP "$PP_PID"
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 16 || fail "sender failed"
np1=$(snmp_field "$NS_B" Udp NoPorts)
kill -CONT "$PP_PID"
sleep 0.5
pp_stop
assert_eq $n $((np1 - np0)) "UdpNoPorts growth"
printed=$(grep -c ':9999 len .*: dropped' "$T/ring")
lost=$(sed -n 's/.*warning: \([0-9]*\) events were dropped because the ring buffer was full.*/\1/p' \
	"$T/ring.err")
note "ring buffer of 1 MiB, reader stopped: $printed printed, ${lost:-0} lost"
[ -n "$lost" ] && [ "$lost" -gt 0 ] || fail "no ring-buffer loss reported: $(cat "$T/ring.err")"
assert_eq $n $((printed + lost)) "records printed + lost"
grep -q "^Summary after .*: $printed packets traced" "$T/ring" ||
	fail "summary line: $(grep Summary "$T/ring")"

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
