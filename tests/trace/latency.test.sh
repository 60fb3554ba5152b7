# SPDX-License-Identifier: GPL-2.0
# pktpath latency: in-kernel histograms of the time between stages. Every
# packet sent counts once in each pair of consecutive stages it went through
# and once in the --from/--to span; the intervals add up to the whole run
# exactly (the programs switch halves of the histogram map between reads);
# percentiles are ordered and within the histogram.
# vm: yes
# asan: yes
. tests/lib.sh
. tests/trace/common.sh

sandbox_new 4
sandbox_warm
n=80
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3
pp_start "$T/out" latency --dev "$DEV_A" --netns "$NS_A" --json --interval 0.2 \
	--from net_dev_queue --to netif_receive_skb
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets $n --payload 64 --gap-us 5000 || fail "sender failed"
sleep 0.3
pp_stop

s=$(jq -c 'select(.type == "summary")' "$T/out")
[ -n "$s" ] || fail "no summary"
intervals=$(jq -c 'select(.type == "interval")' "$T/out" | grep -c .)
[ "$intervals" -ge 2 ] || fail "expected interval reports, got $intervals"
assert_eq $n "$(echo "$s" | jq '.span.count')" "span net_dev_queue -> netif_receive_skb"
assert_eq "$(echo "$s" | jq '.span.count')" \
	"$(jq -s '[.[] | select(.type == "interval") | .span.count] | add' "$T/out")" \
	"span counts of the intervals added up"
assert_eq $n "$(echo "$s" | jq '[.pairs[] | select(.from == "net_dev_queue" and
	.to == "net_dev_start_xmit") | .count] | add')" "pair net_dev_queue -> net_dev_start_xmit"
assert_eq $n "$(echo "$s" | jq '[.pairs[] | select(.to == "netif_receive_skb") | .count] | add')" \
	"pairs ending at netif_receive_skb"
# Every histogram: counts add up, p50 <= p90 <= p99 <= max, max in the last bucket.
bad=$(echo "$s" | jq -c '(.pairs[], .span) | select(
	([.hist[].count] | add) != .count or .p50_ns > .p90_ns or .p90_ns > .p99_ns
	or .p99_ns > .max_ns or .max_ns > .hist[-1].le_ns or .mean_ns > .max_ns)')
[ -z "$bad" ] || fail "inconsistent histogram: $bad"
assert_eq 0 "$(echo "$s" | jq '[.losses[]] | add')" "losses"

# The text report names the pairs and draws the span's histogram.
pp_start "$T/text" latency --dev "$DEV_A" --netns "$NS_A" --from netif_rx --to netif_receive_skb
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets 10 --payload 64 --gap-us 1000 || fail "sender failed"
sleep 0.2
pp_stop
grep -q "^  netif_rx -> netif_receive_skb: 10 packets" "$T/text" ||
	fail "text span line: $(cat "$T/text")"
grep -q "distribution" "$T/text" || fail "no histogram in: $(cat "$T/text")"
exit 0
