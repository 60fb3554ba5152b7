# SPDX-License-Identifier: GPL-2.0
# `pktpath demo` end to end, as README's first command runs it (text, no
# options): exit 0, nothing on stderr but notes, and a report whose numbers
# agree with each other and with the traffic the demo sends. Transmit act:
# each queue's packets in txq's table equal the qdisc's own count printed
# below it, the 6 UDP flows have their 500 packets each and the 2 TCP flows
# are there; receive act: 4 UDP flows, each moved once, its packets before
# and after the move adding up to its row, the rows to the RX queue table.
# Last, the sandbox is gone. (receive.test.sh checks the receive act's
# packets and CPUs against the traffic, in JSON.)
. tests/lib.sh

"$PKTPATH" demo >"$T/out" 2>"$T/err" || fail "demo exited $?: $(cat "$T/err")"
bad=$(grep -v '^pktpath: note: ' "$T/err")
[ -z "$bad" ] || fail "demo said on stderr: $bad"
pid=$(sed -n 's/^Sandbox: namespaces pktpath-demo-\([0-9]*\)-a .*/\1/p' "$T/out")
[ -n "$pid" ] || fail "no sandbox line: $(head -n 1 "$T/out")"

# The transmit act: up to the receive act's heading.
awk '/^---- Receive side ----$/ { exit } 1' "$T/out" >"$T/tx"
# txq's per-queue table: "  queue  packets  bytes  share" then one row per queue.
awk '/^  queue +packets +bytes +share$/ { t = 1; next }
	t && $1 ~ /^[0-9]+$/ && NF >= 4 { print $1, $2; next } t { exit }' "$T/tx" >"$T/txq"
sed -n 's/^  queue \([0-9]*\): \([0-9]*\) packets$/\1 \2/p' "$T/tx" >"$T/tc"
assert_eq 4 "$(wc -l <"$T/txq" | tr -d ' ')" "queues in txq's table"
assert_eq "$(cat "$T/tc")" "$(cat "$T/txq")" "txq's packets per queue vs the qdisc's counters"
note "per queue (queue packets): $(tr '\n' ' ' <"$T/txq")"
# Flow rows: a count per queue ("." for none), why, the flow.
flows_tx() { # PROTO: "PACKETS FLOW" per flow of that protocol
	awk -v p="$1" '$0 ~ "  " p " 192\\.0\\.2\\.1:" {
		n = 0; for (i = 1; $i ~ /^([0-9]+|\.)$/; i++) n += $i
		for (j = i; $j != p; j++); print n, $(j + 1) }' "$T/tx"
}
assert_eq 6 "$(flows_tx udp | wc -l | tr -d ' ')" "UDP flows of the transmit act"
assert_eq "" "$(flows_tx udp | awk '$1 != 500')" "UDP flows without their 500 packets"
assert_eq 2 "$(flows_tx tcp | wc -l | tr -d ' ')" "TCP flows of the transmit act"
[ "$(awk '{ n += $2 } END { print n }' "$T/txq")" -ge 3000 ] || fail "fewer packets than the UDP sent"

# The receive act, where there are two CPUs for RPS to move flows between.
if [ "$(nproc)" -lt 2 ]; then
	grep -q "^---- Receive side ----$" "$T/out" && fail "a receive act on one CPU"
else
	awk '/^---- Receive side ----$/ { rx = 1 } rx' "$T/out" >"$T/rx"
	[ -s "$T/rx" ] || fail "no receive act"
	# Flow rows ("PACKETS rxq irq sirq rps app why udp SRC > DST ...") and
	# their moves ("moved: udp SRC > DST: WAY: N, WAY: N"), by flow.
	awk '$0 ~ / udp 192\.0\.2\.1:[0-9]+ > / && $1 ~ /^[0-9]+$/ {
		for (i = 1; $i != "udp"; i++); print $(i + 1), $1 }' "$T/rx" | sort >"$T/rxflows"
	sed -n 's/^  moved: udp \([^ ]*\) > .*: rxq - cpu [0-9]*->[0-9]*: \([0-9]*\), rxq - cpu [0-9]*->[0-9]*: \([0-9]*\)$/\1 \2 \3/p' \
		"$T/rx" | sort >"$T/moves"
	assert_eq 4 "$(wc -l <"$T/rxflows" | tr -d ' ')" "UDP flows of the receive act"
	assert_eq "$(awk '{ print $1 }' "$T/rxflows")" "$(awk '$2 > 0 && $3 > 0 { print $1 }' "$T/moves")" \
		"flows that moved between CPUs"
	assert_eq "$(cat "$T/rxflows")" "$(awk '{ print $1, $2 + $3 }' "$T/moves")" \
		"each flow's packets vs its packets before and after the move"
	table=$(awk '/^    rxq +packets +bytes +share$/ { getline; print $2; exit }' "$T/rx")
	assert_eq "$(awk '{ n += $2 } END { print n }' "$T/rxflows")" "$table" \
		"the flows' packets vs the RX queue table"
	note "receive act: $(tr '\n' ' ' <"$T/rxflows")"
fi

tail -n 1 "$T/out" | grep -qx "Sandbox removed." || fail "last line: $(tail -n 1 "$T/out")"
for ns in "pktpath-demo-$pid-a" "pktpath-demo-$pid-b"; do
	ip netns list | grep -q "^$ns\b" && fail "namespace $ns left behind"
done
exit 0
