# SPDX-License-Identifier: GPL-2.0
# Function stages by kprobe.multi (--attach kprobe.multi): one program
# attached to every function stage by one link. Where the kernel has it:
# UDP to a closed port, N datagrams, stages ip_rcv_core, udp_rcv and the
# glob 'ip_local_deliver*'; every record has netif_receive_skb <
# ip_rcv_core < ip_local_deliver < udp_rcv < kfree_skb (NO_SOCKET), one
# record per datagram; bpftool sees exactly one kprobe_multi link while it
# runs, whose program is the one the probe cost names with every function
# stage. The returns by kretprobe.multi: nf_hook_slow%return is -1
# (-EPERM) for the datagrams an nftables rule drops (its counter the
# truth), 1 for the others, with two links (entries, returns). Where the
# kernel lacks it (no fprobe, or before 5.18): the one-line refusal,
# exit 3, whose reason the kernel's BTF and configuration give; and on a
# kernel that hooks no function at all, --stage's refusal as before.
# vm: core
# asan: yes
. tests/lib.sh
. tests/trace/common.sh

if ! kernel_has kprobe_multi; then
	kmw=$(kmulti_why)
	note "no kprobe.multi: $(kernel_why kprobe_multi); expected: ${kmw:-?}"
	# On the suite's kernels the reason is known: a pattern of ".*" there
	# would check nothing.
	[ -n "$kmw" ] || ! suite_kernel >/dev/null ||
		fail "no independent reason for the missing kprobe.multi: $(kernel_why kprobe_multi)"
	expect_error 3 "^pktpath: error: cannot attach with kprobe.multi: ${kmw:-.*}\$" \
		trace --stage ip_rcv_core --attach kprobe.multi
	expect_error 3 "cannot attach with kprobe.multi: ${kmw:-.*}" latency --attach kprobe.multi
	assert_eq false "$("$PKTPATH" features --json | jq .features.kprobe_multi.available)" \
		"features: kprobe_multi"
	if no_fn_hooks; then
		expect_error 3 "cannot attach to ip_rcv_core: $(fn_hooks_why)" trace --stage ip_rcv_core
	fi
	exit 0
fi
assert_eq true "$("$PKTPATH" features --json | jq .features.kprobe_multi.available)" \
	"features: kprobe_multi"
# Only function stages attach by it.
expect_error 2 "only function stages" txq --attach kprobe.multi

# kprobe_multi links (bpftool -j names the type, or its number, 8).
multi_links() {
	bpftool -j link show | jq -c '.[] | select(.type == "kprobe_multi" or .type == 8)'
}

sandbox_new 2
sandbox_warm
n=9
[ -z "$(multi_links)" ] || fail "kprobe_multi links before the run: $(multi_links)"
pp_start "$T/km" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 -v \
	--stage ip_rcv_core --stage udp_rcv --stage 'ip_local_deliver*' --attach kprobe.multi
links=$(multi_links)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
sleep 0.5
pp_stop
note "links: $links"
assert_eq 1 "$(echo "$links" | grep -c .)" "kprobe_multi links during the run"
grep -q "kprobe.multi: one link for [0-9]* functions" "$T/km.err" ||
	fail "no kprobe.multi line: $(cat "$T/km.err")"

pk=$(packets "$T/km" '.proto == "udp" and .dport == 9999')
assert_eq $n "$(echo "$pk" | grep -c .)" "records"
check_order "$pk" netif_receive_skb ip_rcv_core ip_local_deliver udp_rcv kfree_skb
assert_eq $n "$(echo "$pk" | jq -c 'select(.end == "dropped" and
	.stages[-1].drop_reason == "NO_SOCKET")' | grep -c .)" "NO_SOCKET ends"

# The probe cost: one line for the kprobe.multi program, the one bpftool
# saw linked, naming every function stage it serves.
s=$(summary "$T/km")
cost=$(echo "$s" | jq -c '[.probe_cost[] | select(.mechanism == "kprobe.multi")]')
note "probe cost: $cost"
assert_eq 1 "$(echo "$cost" | jq length)" "kprobe.multi lines in probe_cost"
assert_eq "$(echo "$links" | jq .prog_id)" "$(echo "$cost" | jq '.[0].prog_id')" \
	"the linked program is the one costed"
for st in ip_rcv_core udp_rcv ip_local_deliver; do
	echo "$cost" | jq -e --arg st "$st" '.[0].stage | split("+") | index($st)' >/dev/null ||
		fail "probe cost does not name $st: $cost"
done

# The returns: the slot from the cookie finds the call's skb and value.
nft_drop_udp "$NS_B" 7777
pp_start "$T/ret" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 \
	--stage 'nf_hook_slow%return' --stage udp_rcv --attach kprobe.multi
links=$(multi_links)
verdict_flows 4 3
sleep 0.5
pp_stop
assert_eq 2 "$(echo "$links" | grep -c .)" "kprobe_multi links (entries, returns)"
rule=$(nft_counted "$NS_B")
assert_eq 4 "$rule" "the rule's counter"
dropped=$(packets "$T/ret" '.dport == 7777')
check_order "$dropped" netif_receive_skb nf_hook_slow kfree_skb 'nf_hook_slow%return'
assert_eq "$rule" "$(echo "$dropped" | jq -c 'select(.stages[-1].stage == "nf_hook_slow%return"
	and .stages[-1].return == -1)' | grep -c .)" "dropped records ending in return -1"
accepted=$(packets "$T/ret" '.dport == 9')
check_order "$accepted" netif_receive_skb nf_hook_slow 'nf_hook_slow%return' udp_rcv kfree_skb
assert_eq 3 "$(echo "$accepted" | jq -c 'select(.stages[] |
	select(.stage == "nf_hook_slow%return") | .return == 1)' | grep -c .)" \
	"accepted records with return 1"
exit 0
