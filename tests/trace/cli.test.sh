# SPDX-License-Identifier: GPL-2.0
# trace and latency: bad input gets one line on stderr, nothing on stdout,
# and the documented exit status (2: the command line, 3: the system).
# asan: yes
. tests/lib.sh

expect_error 2 "no such stage" latency --from nosuch --to netif_rx
expect_error 2 "go together" latency --from netif_rx
expect_error 2 "the same stage" latency --from netif_rx --to netif_rx
expect_error 2 "not a whole number" trace --rxq x
expect_error 2 "power of two" trace --ring-size 3
expect_error 2 "not a whole number" trace --max-packets 1
expect_error 2 "not a positive number of seconds" trace --linger 0
expect_error 2 "no such interrupt" trace --irq no-such-irq-name
expect_error 2 "unknown option" latency --count 3
expect_error 2 "unknown option" trace --queue 1
expect_error 2 "unknown mechanism" trace --attach bogus
expect_error 2 "no kernel function hook" trace --attach kprobe --duration 1

"$PKTPATH" trace --help | grep -q "^Usage: pktpath trace" || fail "trace --help"
"$PKTPATH" latency --help | grep -q "^Usage: pktpath latency" || fail "latency --help"
"$PKTPATH" --help | grep -q "^  trace " || fail "trace in the command list"
# A stage by its name, including "irq" for the hard interrupt.
"$PKTPATH" latency --from irq --to netif_receive_skb --duration 0.2 >"$T/o" 2>"$T/e" ||
	fail "latency --from irq: $(cat "$T/e")"
exit 0
