# SPDX-License-Identifier: GPL-2.0
# An nftables rule drops one UDP flow: drops counts exactly as many
# NETFILTER_DROP drops as the rule's own counter, and the
# packets to a closed port beside it as NO_SOCKET, as many as UdpNoPorts.
# vm: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm
nft_drop_udp "$NS_B" 7777

pp_start "$T/out" drops --netns "$NS_B" --json --rate 100000
before=$(snmp "$NS_B" Udp NoPorts)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 31000 \
	--dport 7777 --packets 61 || fail "udp sender failed"
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 32000 \
	--dport 9 --packets 17 || fail "udp sender failed"
sleep 0.3
after=$(snmp "$NS_B" Udp NoPorts)
pp_stop

rule=$(nft_counted "$NS_B")
nf=$(summary_count "$T/out" '.reason == "NETFILTER_DROP"')
note "nft counter $rule, NETFILTER_DROP $nf, UdpNoPorts +$((after - before))"
assert_eq 61 "$rule" "the rule's counter"
assert_eq "$rule" "$nf" "NETFILTER_DROP drops"
# Where depends on the kernel (nf_hook_slow on 6.1, nft_do_chain on 6.18).
note "dropped at $(jq -r 'select(.type == "summary") | .drops[] | select(.reason == "NETFILTER_DROP") | .location' "$T/out")"
assert_eq "$rule" "$(events "$T/out" '.type == "drop" and .reason == "NETFILTER_DROP" and .dport == 7777')" \
	"live NETFILTER_DROP lines for port 7777"
assert_eq "$((after - before))" "$(summary_count "$T/out" '.reason == "NO_SOCKET"')" "NO_SOCKET drops"
assert_eq 17 "$((after - before))" "UdpNoPorts growth"
