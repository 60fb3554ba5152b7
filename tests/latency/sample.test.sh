# SPDX-License-Identifier: GPL-2.0
# --sample N: trace and latency follow 1 packet in N of those the filters
# select, decided once per packet (per CPU: 1 in N of each CPU's packets),
# and count the others. Against the packets sent: followed + sampled_out is
# every packet, exactly; followed is N-th of them, less at most one per CPU
# (each CPU's count that is not a multiple of N).
# asan: yes
# vm: yes
. tests/lib.sh
. tests/trace/common.sh # packets: to read trace's records

sandbox_new 2
sandbox_warm
n=200
ncpus=$(nproc)
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3

send() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --packets $n --payload 64 --gap-us 500 || fail "sender failed"
	sleep 0.5
}

# followed sampled_out WHAT: the two figures against n and n/4.
check() {
	assert_eq $n $(($1 + $2)) "$3: followed ($1) + sampled_out ($2)"
	[ "$1" -le $((n / 4)) ] && [ "$1" -ge $((n / 4 - ncpus)) ] ||
		fail "$3: followed $1 packets of $n, expected $((n / 4)) less at most $ncpus"
}

pp_start "$T/lat" latency --dev "$DEV_A" --netns "$NS_A" --json --sample 4 \
	--from net_dev_queue --to netif_receive_skb 'udp port 9000'
send
pp_stop
s=$(jq -c 'select(.type == "summary")' "$T/lat")
[ -n "$s" ] || fail "no latency summary"
check "$(echo "$s" | jq '.span.count')" "$(echo "$s" | jq '.losses.sampled_out // 0')" latency
# The pair of stages every followed packet has counts the same packets.
assert_eq "$(echo "$s" | jq '.span.count')" "$(echo "$s" | jq '[.pairs[] |
	select(.from == "net_dev_queue" and .to == "net_dev_start_xmit") | .count] | add')" \
	"latency: pair net_dev_queue -> net_dev_start_xmit"

pp_start "$T/tr" trace --dev "$DEV_A" --netns "$NS_A" --json --rate 0 --linger 0.3 \
	--sample 4 'udp port 9000'
send
pp_stop
recs=$(packets "$T/tr" 'true' | grep -c .)
check "$recs" "$(summary "$T/tr" | jq '.losses.sampled_out // 0')" trace
# Each followed packet is followed whole: sent and received.
assert_eq "$recs" "$(packets "$T/tr" '[.stages[].stage] | index("netif_receive_skb") != null' |
	grep -c .)" "trace: records that reach netif_receive_skb"

# Text: the summary says what was left out, in words (on stderr, with the
# other counts of packets not shown).
pp_start "$T/text" latency --dev "$DEV_A" --netns "$NS_A" --sample 4 'udp port 9000'
send
pp_stop
grep -q "^pktpath: warning: [0-9]* packets were not followed: --sample follows 1 in N" "$T/text.err" ||
	fail "the text summary does not say what --sample left out: $(cat "$T/text.err")"
exit 0
