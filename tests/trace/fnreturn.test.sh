# SPDX-License-Identifier: GPL-2.0
# --stage nf_hook_slow%return: an nftables rule drops one UDP flow. Each of
# its packets' records has nf_hook_slow, then kfree_skb (NETFILTER_DROP),
# then nf_hook_slow's return with -EPERM (-1), its last stage: the record
# stays open until the verdict returns. The packets of another flow, which
# the rule accepts, see nf_hook_slow return 1 and go on to udp_rcv. As many
# records of dropped packets as the rule's own counter.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

# A kernel that hooks no function (the build machine's): the one-line
# refusal, exit 3.
if no_fn_hooks; then
	expect_error 3 "cannot attach to nf_hook_slow: $(fn_hooks_why)" \
		trace --stage 'nf_hook_slow%return'
	exit 0
fi

sandbox_new 2
sandbox_warm
nft_drop_udp "$NS_B" 7777
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 \
	--stage 'nf_hook_slow%return' --stage udp_rcv
verdict_flows 6 4
sleep 0.5
pp_stop

rule=$(nft_counted "$NS_B")
assert_eq 6 "$rule" "the rule's counter"
dropped=$(packets "$T/out" '.dport == 7777')
assert_eq "$rule" "$(echo "$dropped" | grep -c .)" "records of the dropped flow"
check_order "$dropped" netif_receive_skb nf_hook_slow kfree_skb 'nf_hook_slow%return'
assert_eq "$rule" "$(echo "$dropped" | jq -c 'select(.end == "dropped"
	and .drop_reason == "NETFILTER_DROP"
	and (.stages[] | select(.stage == "kfree_skb") | .drop_reason) == "NETFILTER_DROP"
	and .stages[-1].stage == "nf_hook_slow%return" and .stages[-1].return == -1)' |
	grep -c .)" "dropped records ending in nf_hook_slow's return -1 (-EPERM)"
note "dropped: $(echo "$dropped" | head -n 1 | jq -c '[.stages[] | .stage + "/" + (.return // "" | tostring)]')"
# The record's and the summary's reason are kfree_skb's, not the return's.
assert_eq "$rule" "$(summary "$T/out" | jq '.drop_reasons.NETFILTER_DROP')" \
	"summary's NETFILTER_DROP"
accepted=$(packets "$T/out" '.dport == 9')
assert_eq 4 "$(echo "$accepted" | grep -c .)" "records of the accepted flow"
check_order "$accepted" netif_receive_skb nf_hook_slow 'nf_hook_slow%return' udp_rcv kfree_skb
assert_eq 4 "$(echo "$accepted" | jq -c 'select(.stages[] | select(.stage == "nf_hook_slow%return") |
	.return == 1)' | grep -c .)" "accepted records with nf_hook_slow's return 1"
exit 0
