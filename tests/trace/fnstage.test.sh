# SPDX-License-Identifier: GPL-2.0
# Function stages (--stage): UDP to a closed port, by fentry and again by
# kprobe. Every record has netif_receive_skb < ip_rcv_core < udp_rcv <
# kfree_skb (NO_SOCKET), one record per datagram sent; and the number of
# udp_rcv stages agrees with the kernel's own function tracer, filtered to
# udp_rcv (tracefs set_ftrace_filter; Debian builds no function profiler),
# which logs every call of udp_rcv meanwhile.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

# A kernel that hooks no function (the build machine's): the one-line
# refusal, exit 3, by either mechanism.
if no_fn_hooks; then
	expect_error 3 "cannot attach to ip_rcv_core: $(fn_hooks_why)" trace --stage ip_rcv_core
	kw=$(kprobes_why)
	expect_error 3 "cannot attach with kprobe: ${kw:-.*}" \
		trace --stage ip_rcv_core --attach kprobe
	exit 0
fi
need fentry kprobes

tracefs=/sys/kernel/tracing
[ -e $tracefs/set_ftrace_filter ] || fail "no function tracer in $tracefs"

# ftrace_calls FUNC: the calls of FUNC in the function tracer's buffer.
ftrace_calls() {
	grep -c " $1 <-" $tracefs/trace
}

sandbox_new 2
sandbox_warm
n=9
for mech in fentry kprobe; do
	echo udp_rcv >$tracefs/set_ftrace_filter || fail "set_ftrace_filter udp_rcv"
	echo function >$tracefs/current_tracer || fail "no function tracer"
	echo 0 >$tracefs/tracing_on
	pp_start "$T/$mech" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 \
		--stage ip_rcv_core --stage udp_rcv --attach $mech -v
	grep -q "hook udp_rcv: $mech" "$T/$mech.err" || fail "$mech not used: $(cat "$T/$mech.err")"
	echo >$tracefs/trace
	echo 1 >$tracefs/tracing_on
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
	sleep 0.5
	echo 0 >$tracefs/tracing_on
	hits=$(ftrace_calls udp_rcv)
	pp_stop
	echo nop >$tracefs/current_tracer
	echo >$tracefs/set_ftrace_filter

	pk=$(packets "$T/$mech" '.proto == "udp" and .dport == 9999')
	assert_eq $n "$(echo "$pk" | grep -c .)" "$mech: records"
	check_order "$pk" netif_receive_skb ip_rcv_core udp_rcv kfree_skb
	assert_eq $n "$(echo "$pk" | jq -c 'select(.end == "dropped" and
		.stages[-1].drop_reason == "NO_SOCKET")' | grep -c .)" "$mech: NO_SOCKET ends"
	stages=$(echo "$pk" | jq '[.stages[] | select(.stage == "udp_rcv")] | length' |
		awk '{ n += $1 } END { print n + 0 }')
	note "$mech: udp_rcv stages $stages, function tracer's udp_rcv calls $hits"
	assert_eq "$hits" "$stages" "$mech: udp_rcv stages (the function tracer's count)"
	assert_eq $n "$stages" "$mech: udp_rcv stages (datagrams sent)"
done
exit 0
