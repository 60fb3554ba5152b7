# SPDX-License-Identifier: GPL-2.0
# pktpath export against the kernel's own counters: after N datagrams to
# closed ports, the NO_SOCKET drop counter grew by exactly N, which is the
# UdpNoPorts growth in the receiving namespace; the per-queue packet
# counters grew as the mq qdisc's children counted (tc -s qdisc); a latency
# histogram counted every packet once. promtool accepts the output, and a
# scrape changes nothing: scrapes after the traffic, one after another or
# two at once, show the same values.
# asan: yes
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

command -v promtool >/dev/null || fail "promtool is not installed (scripts/install-deps.sh)"
sandbox_new 4
sandbox_warm
exp_start "$FILTER"
scrape "$T/m0"
noports=$(snmp "$NS_B" Udp NoPorts)
tc0=$(tc_queue_packets "$NS_A" "$DEV_A")
flows=6 per_flow=37 sent=$((6 * 37))
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport "$SPORT" \
	--dport 9 --flows $flows --packets $per_flow || fail "udp sender failed"
sleep 0.6 # latency shows what is at most 0.3 s old
noports=$(($(snmp "$NS_B" Udp NoPorts) - noports))
tc1=$(tc_queue_packets "$NS_A" "$DEV_A")
scrape "$T/m1"

promtool check metrics <"$T/m1" || fail "promtool rejects the metrics"
assert_eq "$sent" "$noports" "UdpNoPorts growth (the sandbox is not quiet?)"
drops() {
	metric "$1" pktpath_drops_total 'reason="NO_SOCKET"' "dev=\"$DEV_B\"" "netns=\"$NS_B\""
}
grew=$(($(drops "$T/m1") - $(drops "$T/m0")))
note "NO_SOCKET drops grew by $grew, UdpNoPorts by $noports"
assert_eq "$noports" "$grew" "NO_SOCKET drops against UdpNoPorts"
grep -q "^pktpath_drops_total{reason=\"NO_SOCKET\",function=\"__udp4_lib_rcv\",dev=\"$DEV_B\",netns=\"$NS_B\"} $sent\$" "$T/m1" ||
	fail "no NO_SOCKET series at __udp4_lib_rcv: $(grep NO_SOCKET "$T/m1")"

total=0
for q in $(echo "$tc1" | awk '{ print $1 }'); do
	want=$(($(echo "$tc1" | awk -v q="$q" '$1 == q { print $2 }') -
		$(echo "$tc0" | awk -v q="$q" '$1 == q { print $2 }')))
	queue() {
		metric "$1" pktpath_txq_packets_total "dev=\"$DEV_A\"" "netns=\"$NS_A\"" "queue=\"$q\""
	}
	got=$(($(queue "$T/m1") - $(queue "$T/m0")))
	note "queue $q: tc $want, export $got"
	assert_eq "$want" "$got" "queue $q packets"
	total=$((total + got))
done
assert_eq "$sent" "$total" "packets over all queues"

pair='from="net_dev_queue",to="net_dev_start_xmit"'
count=$(($(metric "$T/m1" pktpath_latency_seconds_count "$pair") -
	$(metric "$T/m0" pktpath_latency_seconds_count "$pair")))
inf=$(metric "$T/m1" pktpath_latency_seconds_bucket "$pair" 'le="+Inf"')
note "latency net_dev_queue -> net_dev_start_xmit: _count $count, +Inf bucket $inf"
assert_eq "$sent" "$count" "latency histogram _count"
assert_eq "$(metric "$T/m1" pktpath_latency_seconds_count "$pair")" "$inf" "+Inf bucket"
assert_eq 0 "$(metric "$T/m1" pktpath_losses_total)" "losses"

# Nothing moves without traffic: a scrape resets nothing, and two scrapers
# at once see what one sees.
ours() { grep -e "$NS_A" -e "$NS_B" -e "$pair" "$1" | grep -v '^#'; }
scrape "$T/m2"
curl -s -o "$T/m3" "http://127.0.0.1:$PORT/metrics" &
c1=$!
curl -s -o "$T/m4" "http://127.0.0.1:$PORT/metrics" || fail "second scraper"
wait $c1 || fail "first scraper"
[ -n "$(ours "$T/m1")" ] || fail "no series of the sandbox"
for m in m2 m3 m4; do
	[ "$(ours "$T/m1")" = "$(ours "$T/$m")" ] || fail "$m differs from m1: $(ours "$T/$m" | diff - "$T/m1" | head)"
done
note "4 scrapes after the traffic, 2 of them at once: the same $(ours "$T/m1" | wc -l) series values"
pp_stop
