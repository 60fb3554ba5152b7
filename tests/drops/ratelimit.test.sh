# SPDX-License-Identifier: GPL-2.0
# A burst of drops faster than --rate: the live lines stop at the limit,
# what was held back is counted, and lines + held back = the table's count
# = UdpNoPorts. --rate 0 prints only the table. Interval reports cover
# every drop once.
# vm: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm
burst() { # packets
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --packets "$1" || fail "udp sender failed"
}

pp_start "$T/out" drops --netns "$NS_B" --json --rate 20
before=$(snmp "$NS_B" Udp NoPorts)
t0=$(date +%s)
burst 300
t1=$(date +%s)
sleep 0.3
noports=$(($(snmp "$NS_B" Udp NoPorts) - before))
pp_stop
lines=$(events "$T/out" '.type == "drop"')
held=$(jq 'select(.type == "summary") | .losses.rate_limited' "$T/out")
total=$(jq 'select(.type == "summary") | .total' "$T/out")
# Each second that the burst touched may print up to 20 lines.
max=$((20 * (t1 - t0 + 2)))
note "300 drops: $lines lines (at most $max), $held held back, table $total, UdpNoPorts +$noports"
assert_eq 300 "$noports" "UdpNoPorts growth"
assert_eq "$noports" "$total" "drops in the table"
assert_eq "$total" "$((lines + held))" "lines + held back"
[ "$lines" -ge 20 ] && [ "$lines" -le "$max" ] || fail "$lines lines for --rate 20"
assert_eq 0 "$(jq 'select(.type == "summary") | .losses.events_lost' "$T/out")" "events lost"

# --rate 0: the table only, and nothing reported as held back.
pp_start "$T/text" drops --netns "$NS_B" --rate 0
burst 50
sleep 0.3
pp_stop
grep -q "NO_SOCKET at " "$T/text" && fail "live lines with --rate 0: $(cat "$T/text")"
grep -q "^ *50  NO_SOCKET  veth-b  __udp4_lib_rcv+0x" "$T/text" || fail "table: $(cat "$T/text")"
[ ! -s "$T/text.err" ] || fail "stderr with --rate 0: $(cat "$T/text.err")"

# Intervals: once every drop is older than the last interval report, the
# intervals add up to the run.
pp_start "$T/iv" drops --netns "$NS_B" --json --rate 0 --interval 0.3
burst 100
sleep 0.5
burst 50
sleep 1
pp_stop
sum=$(jq -s '[.[] | select(.type == "interval") | .total] | add' "$T/iv")
note "intervals: $(jq -c 'select(.type == "interval") | .total' "$T/iv" | tr '\n' ' ')"
assert_eq 150 "$sum" "drops over the intervals"
assert_eq 150 "$(jq 'select(.type == "summary") | .total' "$T/iv")" "drops in the summary"
