# SPDX-License-Identifier: GPL-2.0
# pktpath trace follows TCP across a veth pair: one record per segment each
# side sent (as many as that namespace's Tcp OutSegs grew), each data
# segment with the stages of its way to the reader (tcp_probe, the copy to
# the user with its byte count) in order, and its bytes all copied.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

sandbox_new 4
sandbox_warm
bursts=5 bytes=300
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1 --tcp-port 5001
sleep 0.3
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3
a0=$(snmp_field "$NS_A" Tcp OutSegs)
b0=$(snmp_field "$NS_B" Tcp OutSegs)
# One write per burst, every byte acked before the next: one segment each.
"$HELPERS/trafgen" tcp --ns "$NS_A" --dst "$ADDR_B" --dport 5001 --sport 41000 \
	--connections 1 --bursts $bursts --bytes $bytes --idle-ms 20 || fail "sender failed"
sleep 0.6
a1=$(snmp_field "$NS_A" Tcp OutSegs)
b1=$(snmp_field "$NS_B" Tcp OutSegs)
pp_stop

a2b=$(packets "$T/out" '.proto == "tcp" and .sport == 41000 and .dport == 5001')
b2a=$(packets "$T/out" '.proto == "tcp" and .sport == 5001 and .dport == 41000')
note "segments: $NS_A sent $((a1 - a0)), $NS_B sent $((b1 - b0))"
assert_eq $((a1 - a0)) "$(echo "$a2b" | grep -c .)" "records of A's segments (OutSegs)"
assert_eq $((b1 - b0)) "$(echo "$b2a" | grep -c .)" "records of B's segments (OutSegs)"

# Data segments: Ethernet + IP + TCP with timestamps (14 + 20 + 32) + bytes.
data=$(echo "$a2b" | jq -c "select(.len == $((66 + bytes)))")
assert_eq $bursts "$(echo "$data" | grep -c .)" "data segments"
want=$(present "$T/out" net_dev_queue net_dev_start_xmit netif_rx netif_receive_skb tcp_probe \
	skb_copy_datagram_iovec)
# shellcheck disable=SC2086
check_order "$data" $want
case " $want " in *" skb_copy_datagram_iovec "*)
	assert_eq $((bursts * bytes)) "$(echo "$data" | jq '[.stages[] |
		select(.stage == "skb_copy_datagram_iovec") | .bytes] | add' | awk '{ s += $1 } END { print s }')" \
		"bytes copied to the reader" ;;
esac
# The socket-side stages carry no device; the others name veth-a or veth-b.
assert_eq 0 "$(echo "$data" | jq -c '.stages[] | select(.dev != null and .dev != "veth-a"
	and .dev != "veth-b")' | grep -c .)" "stages on other devices"
assert_eq 0 "$(summary "$T/out" | jq '[.losses[]] | add')" "losses"
exit 0
