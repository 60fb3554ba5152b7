# SPDX-License-Identifier: GPL-2.0
# --stage's command line, checked against the kernel's BTF before anything
# is loaded: an unknown function, one without an skb argument (its
# prototype quoted), a glob over 64 functions (the count stated), bad
# syntax: one line each, exit 2. Where functions cannot be hooked (this
# host: fentry refused, no kprobes), --stage is one line and exit 3.
. tests/lib.sh

for cmd in trace latency; do
	expect_error 2 "no such function" $cmd --stage no_such_function_ppt
	expect_error 2 "no struct sk_buff \* argument: void netif_carrier_on(struct net_device \*)" \
		$cmd --stage netif_carrier_on
	expect_error 2 "functions with an skb argument match, more than the 64" $cmd --stage 'ip_*'
	expect_error 2 "expected FUNC, FUNC:N or FUNC%return" $cmd --stage 'ip_rcv%ret'
	expect_error 2 "argument N is 0 to 4" $cmd --stage 'ip_rcv:5'
	expect_error 2 "netif_carrier_on(struct net_device \*) has 1 arguments" \
		$cmd --stage 'netif_carrier_on:2'
	expect_error 2 "argument 1 of void \* skb_put(struct sk_buff \*, unsigned int) is not a pointer" \
		$cmd --stage 'skb_put:1'
done
# The count a glob states is the number `features --functions` lists.
n=$("$PKTPATH" features --functions 'ip_*' --json | jq .count)
expect_error 2 "'ip_\*': $n functions" trace --stage 'ip_*'
[ "$n" -gt 64 ] || fail "ip_* matches $n functions here, expected more than 64"
"$PKTPATH" features --functions 'ip_rcv*' --json |
	jq -e '.functions[] | select(.name == "ip_rcv" and .skb_arg == 0 and .module == "vmlinux")' \
		>/dev/null || fail "features --functions does not list ip_rcv with its skb at 0"
if no_fn_hooks; then
	expect_error 3 "cannot attach to ip_rcv: $(fn_hooks_why)" \
		trace --stage ip_rcv
	expect_error 3 "cannot attach to ip_rcv" latency --stage ip_rcv
fi
exit 0
