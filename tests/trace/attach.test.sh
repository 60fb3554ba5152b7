# SPDX-License-Identifier: GPL-2.0
# The fallback attach mechanisms (raw_tp, the classic tracepoint) see the
# same stages of the same packets as tp_btf does.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

sandbox_sink 4
for mech in tp_btf raw_tp tracepoint; do
	pp_start "$T/$mech" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 \
		--attach $mech -v
	grep -q "hook netif_receive_skb: $mech" "$T/$mech.err" || fail "$mech not used"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --packets 10 --payload 64 --gap-us 1000 || fail "sender failed"
	sleep 0.5
	pp_stop
	pk=$(packets "$T/$mech" '.dport == 9000')
	assert_eq 10 "$(echo "$pk" | grep -c .)" "$mech: records"
	want=$(present "$T/$mech" net_dev_queue net_dev_start_xmit netif_rx softirq_entry \
		napi_poll netif_receive_skb sk_data_ready)
	note "$mech: $want"
	# shellcheck disable=SC2086
	check_order "$pk" $want
	# The end is consume_skb, or none when the socket frees the skb without
	# a tracepoint ("delivered"): which one varies from packet to packet.
	echo "$pk" | jq -c '[.stages[].stage | select(. != "consume_skb")]' | sort | uniq -c |
		sort -rn | head -n 1 |
		sed 's/^ */  /' >"$T/$mech.stages"
done
# The same stages, whatever the mechanism (tcp_probe has no classic form).
assert_eq "$(sed 's/^ *[0-9]* //' "$T/tp_btf.stages")" \
	"$(sed 's/^ *[0-9]* //' "$T/raw_tp.stages")" "raw_tp's stages"
assert_eq "$(sed 's/^ *[0-9]* //' "$T/tp_btf.stages")" \
	"$(sed 's/^ *[0-9]* //' "$T/tracepoint.stages")" "tracepoint's stages"
exit 0
