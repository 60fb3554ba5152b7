# SPDX-License-Identifier: GPL-2.0
# The fallback attach mechanisms (raw_tp, the classic tracepoint) count the
# same packets as the qdisc, like tp_btf does.
# vm: yes
. tests/lib.sh

sandbox_new 4
sandbox_warm
for mech in raw_tp tracepoint; do
	# Counters are read while tracing, so nothing falls between the two.
	pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json --attach $mech -v
	before=$(tc_queue_packets "$NS_A" "$DEV_A")
	grep -q "hook net_dev_start_xmit: $mech" "$T/out.err" || fail "$mech not used"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --flows 6 --packets 50 || fail "sender failed"
	sleep 0.2
	after=$(tc_queue_packets "$NS_A" "$DEV_A")
	pp_stop
	summary=$(jq -c 'select(.type == "summary")' "$T/out")
	note "$mech:"
	check_queue_totals "$before" "$after" "$summary" "$DEV_A"
	assert_eq 6 "$(echo "$summary" | jq '[.devices[].flows[] | select(.proto == "udp" and .packets == 50)] | length')" \
		"$mech: udp flows with 50 packets"
done
