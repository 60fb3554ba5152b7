# SPDX-License-Identifier: GPL-2.0
# Bounded cardinality: no per-flow series without --flows; with --flows 2,
# two flows get series and the other four are counted as flow="other";
# with --max-series 2, a device's four TX queues make two series and an
# "other" one. Folded rows are counted, and no packet goes missing: the
# series still add up to what the qdisc sent.
# asan: yes
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

sandbox_new 4
sandbox_warm

run() { # expected-flow-series args...
	exp_start "$FILTER" --modes txq "$@"
	tc0=$(tc_queue_packets "$NS_A" "$DEV_A" | awk '{ s += $2 } END { print s }')
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport "$SPORT" \
		--dport 9 --flows 6 --counts 60,50,40,30,20,10 || fail "udp sender failed"
	sleep 0.3
	sent=$(($(tc_queue_packets "$NS_A" "$DEV_A" | awk '{ s += $2 } END { print s }') - tc0))
	scrape "$T/m"
	pp_stop
	promtool check metrics <"$T/m" || fail "promtool rejects the metrics ($*)"
	assert_eq 210 "$sent" "packets the qdisc sent"
}

run
grep -q '^pktpath_txq_flow_packets_total' "$T/m" && fail "per-flow series without --flows"
assert_eq 210 "$(metric "$T/m" pktpath_txq_packets_total "netns=\"$NS_A\"")" "queue series"

run --flows 2
flows=$(grep -c "^pktpath_txq_flow_packets_total{dev=\"$DEV_A\"" "$T/m")
other=$(metric "$T/m" pktpath_txq_flow_packets_total 'flow="other"')
note "--flows 2: $flows flow series, flow=\"other\" has $other packets"
assert_eq 2 "$flows" "flow series of $DEV_A"
grep -q "flow=\"udp $ADDR_A:$SPORT > $ADDR_B:9\"} 60" "$T/m" || fail "the busiest flow has no series"
grep -q "flow=\"udp $ADDR_A:$((SPORT + 1)) > $ADDR_B:10\"} 50" "$T/m" || fail "the second flow has no series"
assert_eq 100 "$other" "packets of the other flows"
assert_eq 4 "$(metric "$T/m" pktpath_export_folded_rows 'metric="pktpath_txq_flow_packets_total"')" "folded flows"

run --max-series 2
series=$(grep -c "^pktpath_txq_packets_total{" "$T/m")
note "--max-series 2: $series series: $(grep '^pktpath_txq_packets_total{' "$T/m" | tr '\n' ' ')"
assert_eq 3 "$series" "queue series (two and other)"
assert_eq 210 "$(metric "$T/m" pktpath_txq_packets_total)" "packets over the series"
[ "$(metric "$T/m" pktpath_export_folded_rows 'metric="pktpath_txq_packets_total"')" -ge 2 ] ||
	fail "folded queue rows not counted"
