# SPDX-License-Identifier: GPL-2.0
# latency with function stages: UDP to a closed port, N datagrams, with
# --stage ip_rcv_core --stage udp_rcv. Each datagram counts once in the
# pair netif_receive_skb -> ip_rcv_core, once in ip_rcv_core -> udp_rcv and
# once in udp_rcv -> kfree_skb, and once in the span --from ip_rcv_core
# --to kfree_skb (a function stage's name works there too). The ICMP
# errors sent back are left out by the filter expression.
# asan: yes
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

# A kernel that hooks no function (the build machine's): the one-line
# refusal, exit 3.
if no_fn_hooks; then
	expect_error 3 "cannot attach to udp_rcv: $(fn_hooks_why)" latency --stage udp_rcv \
		--from udp_rcv --to kfree_skb
	exit 0
fi

sandbox_new 2
sandbox_warm
n=12
pp_start "$T/out" latency "udp port 9999" --dev "$DEV_A" --netns "$NS_A" --json --interval 0.5 \
	--stage ip_rcv_core --stage udp_rcv --from ip_rcv_core --to kfree_skb
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
sleep 0.5
pp_stop

s=$(summary "$T/out")
[ -n "$s" ] || fail "no summary: $(cat "$T/out.err")"
note_pairs "$s"
assert_eq $n "$(pair_count "$s" netif_receive_skb ip_rcv_core)" "pair netif_receive_skb -> ip_rcv_core"
assert_eq $n "$(pair_count "$s" ip_rcv_core udp_rcv)" "pair ip_rcv_core -> udp_rcv"
assert_eq $n "$(pair_count "$s" udp_rcv kfree_skb)" "pair udp_rcv -> kfree_skb"
assert_eq $n "$(echo "$s" | jq '.span.count')" "span ip_rcv_core -> kfree_skb"
assert_eq "ip_rcv_core kfree_skb" "$(echo "$s" | jq -r '"\(.span.from) \(.span.to)"')" "span's names"
exit 0
