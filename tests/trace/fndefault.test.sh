# SPDX-License-Identifier: GPL-2.0
# --stage default: the receive path's short list. UDP to a closed port:
# every record has netif_receive_skb < ip_rcv_core < ip_local_deliver <
# udp_rcv < kfree_skb, one per datagram. Where no function can be hooked
# (the build machine's kernel), the list is left out with one note and
# trace runs on its tracepoints.
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
	exit 0
fi
sandbox_new 2
sandbox_warm
n=5
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 --stage default
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
sleep 0.5
pp_stop
pk=$(packets "$T/out" '.proto == "udp" and .dport == 9999')
assert_eq $n "$(echo "$pk" | grep -c .)" "records"
check_order "$pk" netif_receive_skb ip_rcv_core ip_local_deliver udp_rcv kfree_skb
exit 0
