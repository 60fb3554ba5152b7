# SPDX-License-Identifier: GPL-2.0
# The tcpdump expression of trace and latency runs in the kernel, once per
# packet, where the packet starts its path: trace writes records of exactly
# the packets it describes (four flows sent, one asked for), latency counts
# exactly those in its histograms (no event per packet: only the kernel can
# have filtered). On veth the expression runs from the Ethernet header, on
# transmit (net_dev_queue) and on receive (netif_rx_entry); on a device with
# no link layer (tun) from the IP header, where a link-layer expression
# cannot match and the packets are counted as filter_no_l3.
. tests/lib.sh
. tests/trace/common.sh

sandbox_new 4
sandbox_warm
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 4
sleep 0.3
n=10
send() { # four flows, ports 9000-9003, n packets each
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --flows 4 --packets $n --payload 64 --gap-us 300 || fail "sender failed"
}

# Transmit side: the expression meets the packets at net_dev_queue on veth-a.
pp_start "$T/tx" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3 \
	'udp and dst port 9001'
send
sleep 0.5
pp_stop
assert_eq $n "$(packets "$T/tx" 'true' | grep -c .)" "records for 'udp and dst port 9001'"
assert_eq $n "$(packets "$T/tx" '.dport == 9001 and .stages[0].stage == "net_dev_queue"' |
	grep -c .)" "records of port 9001 starting at net_dev_queue"

# Receive side only: met first at veth-b's netif_rx_entry (or netif_rx).
pp_start "$T/rx" trace --dev "$DEV_B" --netns "$NS_B" --json --linger 0.3 \
	'src host 192.0.2.1 and udp[2:2] = 9002'
send
sleep 0.5
pp_stop
assert_eq $n "$(packets "$T/rx" 'true' | grep -c .)" "records for udp[2:2] = 9002 on $DEV_B"
assert_eq $n "$(packets "$T/rx" '.dport == 9002 and .stages[0].dev == "veth-b"' | grep -c .)" \
	"records of port 9002 starting on $DEV_B"

# latency: only the matching packets enter the histograms.
pp_start "$T/lat" latency --dev "$DEV_A" --netns "$NS_A" --json \
	--from net_dev_queue --to netif_receive_skb 'udp dst port 9003 or udp dst port 9000'
send
sleep 0.3
pp_stop
assert_eq $((2 * n)) "$(summary "$T/lat" | jq '.span.count')" "latency span count, two flows"

# No link layer: a tun device in $NS_A (nothing reads it: the qdisc drops).
ip -n "$NS_A" tuntap add tun0 mode tun && ip -n "$NS_A" addr add 198.51.100.1/24 dev tun0 &&
	ip -n "$NS_A" link set tun0 up || fail "cannot make a tun device"
tun_send() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src 198.51.100.1 --dst 198.51.100.2 \
		--sport 40000 --dport 7 --flows 2 --packets 3 --payload 32 --gap-us 300 ||
		fail "sender failed"
}
pp_start "$T/l3" trace --dev tun0 --netns "$NS_A" --json --linger 0.3 'udp dst port 8'
tun_send
sleep 0.3
pp_stop
assert_eq 3 "$(packets "$T/l3" '.dport == 8 and .stages[0].stage == "net_dev_queue"
	and .stages[0].dev == "tun0"' | grep -c .)" "records on tun0 for 'udp dst port 8'"
assert_eq 3 "$(packets "$T/l3" 'true' | grep -c .)" "records on tun0"
# A link-layer expression: never a match without one, and counted.
pp_start "$T/l2only" trace --dev tun0 --netns "$NS_A" --json --linger 0.3 \
	'ether src 02:00:00:00:00:01'
grep -q "link-layer header" "$T/l2only.err" || fail "no note about the link layer: $(cat "$T/l2only.err")"
tun_send
sleep 0.3
pp_stop
assert_eq 0 "$(packets "$T/l2only" 'true' | grep -c .)" "records for an ether expression on tun0"
[ "$(summary "$T/l2only" | jq '.losses.filter_no_l3')" -ge 6 ] ||
	fail "filter_no_l3 below the 6 packets sent: $(summary "$T/l2only" | jq -c .losses)"
exit 0
