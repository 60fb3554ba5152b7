# SPDX-License-Identifier: GPL-2.0
# The fallback attach mechanisms (raw_tp, the classic tracepoint) see what
# tp_btf sees: the same flows, packets, CPUs and reader; and all of rxq's
# programs load under each, the IRQ ones too (no --dev).
# vm: yes
. tests/lib.sh
. tests/rxq/common.sh

sandbox_rps_to_cpu1
for mech in tp_btf raw_tp tracepoint; do
	recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 2 --count 60 --cpu 1
	pp_start "$T/$mech" rxq --dev "$DEV_B" --netns "$NS_B" --json --attach $mech -v
	grep -q "hook netif_receive_skb: $mech" "$T/$mech.err" || fail "$mech not used"
	taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
		--sport 40000 --dport 9000 --flows 2 --packets 30 --payload 64 || fail "sender failed"
	recv_wait
	pp_stop
	jq -c 'select(.type == "summary") | [.devices[].flows[] | select(.proto == "udp") |
		[.sport, .packets, .softirq_cpu, .rps_cpu, .why]] | sort' "$T/$mech" >"$T/$mech.flows"
	note "$mech: $(cat "$T/$mech.flows")"
done
assert_eq '[[40000,30,0,1,"rps"],[40001,30,0,1,"rps"]]' "$(cat "$T/tp_btf.flows")" "tp_btf's flows"
assert_eq "$(cat "$T/tp_btf.flows")" "$(cat "$T/raw_tp.flows")" "raw_tp's flows"
assert_eq "$(cat "$T/tp_btf.flows")" "$(cat "$T/tracepoint.flows")" "tracepoint's flows"
for mech in raw_tp:raw tracepoint:tp; do
	"$PKTPATH" rxq --attach ${mech%:*} --duration 0.3 -v >/dev/null 2>"$T/all.err" ||
		fail "rxq --attach ${mech%:*} on every device: $(cat "$T/all.err")"
	grep -q "attached tr_napi_poll_${mech#*:} " "$T/all.err" ||
		fail "${mech%:*}: no IRQ programs"
done
