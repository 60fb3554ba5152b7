# SPDX-License-Identifier: GPL-2.0
# A netfilter drop on the second kernel: an nftables rule in the receiving
# namespace drops UDP to one port; kfree_skb reports exactly that many drops
# with the reason whose BTF name is SKB_DROP_REASON_NETFILTER_DROP (its value
# read from this kernel's BTF), and the rule's own counter agrees.
. tests/lib.sh
. tests/vm/nics.sh

vm_nics_new
n=50
nft_drop_udp "$NS_B" 9000
"$HELPERS/hookcheck" "$BUILD/tests/bpf/hooks.bpf.o" tp_btf_kfree_skb_netfilter \
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets $n --gap-us 500 >"$T/out" || fail "hookcheck: $(cat "$T/out")"
note "$(cat "$T/out")"
drops=$(awk '{ print $(NF - 1) }' "$T/out")
counted=$(nft_counted "$NS_B")
assert_eq $n "$counted" "nftables rule counter"
assert_eq $n "$drops" "kfree_skb drops with reason NETFILTER_DROP"
exit 0
