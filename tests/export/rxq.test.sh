# SPDX-License-Identifier: GPL-2.0
# pktpath export --modes rxq against the kernel's own counters: RPS sends
# every RX queue of the receiving veth to CPU 1 and the sender is pinned to
# CPU 0, so N datagrams are handed to the stack on CPU 0 and processed on
# CPU 1. The packets counter of (veth-b, rps_cpu 1) grew by exactly N,
# which is the receiver's UdpInDatagrams growth; rps_cpu 0 saw none of
# them; bytes are N IP datagrams; all N count as steered; with --flows the
# four flows' series add up to N. promtool accepts the output.
# asan: yes
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh
. tests/rxq/common.sh

command -v promtool >/dev/null || fail "promtool is not installed (scripts/install-deps.sh)"
need_cpus 2
sandbox_new 2
sandbox_warm
rps_set "$NS_B" "$DEV_B" 2
counts="101 117 123 139" sent=480 payload=64
recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 4 --count $sent
exp_start --modes rxq --flows 8 --dev "$DEV_B" --netns "$NS_B" "$FILTER"
scrape "$T/m0"
in0=$(snmp "$NS_B" Udp InDatagrams)
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport "$SPORT" --dport 9000 --flows 4 --counts "$(echo $counts | tr ' ' ,)" \
	--payload $payload || fail "sender failed"
recv_wait
received=$(($(snmp "$NS_B" Udp InDatagrams) - in0))
scrape "$T/m1"

promtool check metrics <"$T/m1" || fail "promtool rejects the metrics"
assert_eq "$sent" "$received" "UdpInDatagrams growth (the sandbox is not quiet?)"
ours="dev=\"$DEV_B\" netns=\"$NS_B\""
grew() { # NAME [LABEL="VALUE"...]: growth from m0 to m1
	echo $(($(metric "$T/m1" "$@") - $(metric "$T/m0" "$@")))
}
on1=$(grew pktpath_rxq_packets_total $ours 'rps_cpu="1"')
on0=$(grew pktpath_rxq_packets_total $ours 'rps_cpu="0"')
note "rps_cpu 1: +$on1 packets, rps_cpu 0: +$on0; UdpInDatagrams +$received"
assert_eq "$received" "$on1" "packets processed on CPU 1 against UdpInDatagrams"
assert_eq 0 "$on0" "packets processed on CPU 0"
assert_eq $((sent * (20 + 8 + payload))) "$(grew pktpath_rxq_bytes_total $ours)" \
	"bytes (IPv4 + UDP headers and payload)"
assert_eq "$sent" "$(grew pktpath_rxq_steered_packets_total $ours)" "steered packets"
assert_eq "$sent" "$(grew pktpath_rxq_flow_packets_total $ours)" "packets over the flows"
assert_eq 4 "$(grep -c "^pktpath_rxq_flow_packets_total{dev=\"$DEV_B\",netns=\"$NS_B\",flow=\"udp 192.0.2.1:" "$T/m1")" \
	"flow series"
assert_eq 0 "$(metric "$T/m1" pktpath_losses_total 'mode="rxq"')" "losses"
grep -q '^pktpath_losses_total{mode="rxq",counter="rxq_unpaired"} 0$' "$T/m1" ||
	fail "rxq's loss counters are not exported: $(grep '^pktpath_losses_total' "$T/m1")"
pp_stop
