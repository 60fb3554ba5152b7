# SPDX-License-Identifier: GPL-2.0
# Function stages by default. Without --stage, where functions can be
# hooked, trace follows UDP to a closed port from the sender's IP output to
# the drop: every record has ip_finish_output2 < __dev_queue_xmit <
# net_dev_queue (transmit functions start a record) and netif_receive_skb <
# ip_rcv_core < ip_local_deliver < udp_rcv < kfree_skb, one record per
# datagram. latency counts each datagram once in the pairs between them.
# --stage none is the tracepoints alone: no function stage, records start
# at net_dev_queue. Where no function can be hooked (the build machine's
# kernel), trace runs on its tracepoints without a word (-v says why), and
# an explicit --stage default is left out with one note.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

if no_fn_hooks; then
	"$PKTPATH" trace --stage default --duration 0.3 >"$T/o" 2>"$T/e" ||
		fail "trace --stage default exited $?: $(cat "$T/e")"
	assert_eq 1 "$(wc -l <"$T/e")" "lines on stderr ($(cat "$T/e"))"
	grep -q "note: function stages left out: $(fn_hooks_why)" "$T/e" ||
		fail "no note: $(cat "$T/e")"
	grep -q "^Tracing packets at [0-9]* tracepoints (tp_btf)\.$" "$T/o" ||
		fail "banner: $(head -n 1 "$T/o")"
	for cmd in trace latency; do
		"$PKTPATH" $cmd --duration 0.3 >"$T/o" 2>"$T/e" || fail "$cmd exited $?: $(cat "$T/e")"
		[ ! -s "$T/e" ] || fail "$cmd without --stage wrote to stderr: $(cat "$T/e")"
		grep -q "tracepoints (tp_btf)[.]*$" "$T/o" || fail "$cmd banner: $(head -n 1 "$T/o")"
		"$PKTPATH" $cmd -v --duration 0.3 >"$T/o" 2>"$T/e" || fail "$cmd -v exited $?"
		grep -q "no default function stages: fentry refused.*CONFIG_KPROBES" "$T/e" ||
			fail "$cmd -v does not say why: $(cat "$T/e")"
	done
	exit 0
fi

sandbox_new 2
sandbox_warm
n=5
send() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
	sleep 0.5
}

pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 "udp port 9999"
send
pp_stop
pk=$(packets "$T/out" '.dport == 9999')
assert_eq $n "$(echo "$pk" | grep -c .)" "records"
check_order "$pk" ip_finish_output2 __dev_queue_xmit net_dev_queue netif_receive_skb \
	ip_rcv_core ip_local_deliver udp_rcv kfree_skb
assert_eq $n "$(echo "$pk" | jq -c 'select(.stages[0].stage == "ip_finish_output2"
	and .stages[0].dev == "'"$DEV_A"'" and .tx_queue != null
	and .drop_reason == "NO_SOCKET" and .len == 74 and .stages[0].len == 60)' |
	grep -c .)" "records from ip_finish_output2 on $DEV_A (60 bytes of IP; 74 at \
net_dev_queue), with a TX queue, dropped NO_SOCKET"

pp_start "$T/none" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 --stage none \
	"udp port 9999"
send
pp_stop
pk=$(packets "$T/none" '.dport == 9999')
assert_eq $n "$(echo "$pk" | grep -c .)" "--stage none: records"
assert_eq $n "$(echo "$pk" | jq -c 'select(.stages[0].stage == "net_dev_queue"
	and ([.stages[].stage] | index("ip_rcv_core") == null))' | grep -c .)" \
	"--stage none: records from net_dev_queue, without function stages"

pp_start "$T/lat" latency --dev "$DEV_A" --netns "$NS_A" --json --interval 0.5 "udp port 9999" \
	--from ip_finish_output2 --to udp_rcv
send
pp_stop
s=$(summary "$T/lat")
[ -n "$s" ] || fail "no latency summary: $(cat "$T/lat.err")"
note_pairs "$s"
assert_eq $n "$(pair_count "$s" ip_finish_output2 __dev_queue_xmit)" "pair ip_finish_output2 -> __dev_queue_xmit"
assert_eq $n "$(pair_count "$s" __dev_queue_xmit net_dev_queue)" "pair __dev_queue_xmit -> net_dev_queue"
assert_eq $n "$(pair_count "$s" ip_local_deliver udp_rcv)" "pair ip_local_deliver -> udp_rcv"
assert_eq $n "$(echo "$s" | jq '.span.count')" "span ip_finish_output2 -> udp_rcv"
exit 0
