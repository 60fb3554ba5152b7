# SPDX-License-Identifier: GPL-2.0
# UDP to a port nobody listens on: each packet's record ends at kfree_skb
# with the drop reason's name from the kernel's BTF (SKB_DROP_REASON_NO_SOCKET),
# and as many packets end so as the receiving namespace's UdpNoPorts counter
# grew (read in that namespace). The ICMP port-unreachable replies are
# packets of their own.
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

# The name pktpath prints is the BTF enumerator's without its prefix, as
# `pktpath drops` prints it.
reason=NO_SOCKET
bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | grep -qw "SKB_DROP_REASON_$reason" ||
	fail "this kernel's BTF has no SKB_DROP_REASON_$reason"
sandbox_new 4
sandbox_warm
n=7
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --json --linger 0.3
np0=$(snmp_field "$NS_B" Udp NoPorts)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
sleep 0.5
np1=$(snmp_field "$NS_B" Udp NoPorts)
pp_stop

note "UdpNoPorts in $NS_B: $np0 -> $np1"
pk=$(packets "$T/out" '.proto == "udp" and .dport == 9999')
assert_eq $n "$(echo "$pk" | grep -c .)" "records of the UDP packets"
assert_eq $((np1 - np0)) "$(echo "$pk" | jq -c "select(.end == \"dropped\" and
	.drop_reason == \"$reason\" and .stages[-1].stage == \"kfree_skb\"
	and .stages[-1].drop_reason == \"$reason\")" | grep -c .)" \
	"records ending in $reason (UdpNoPorts growth)"
# The summary counts them by reason too.
assert_eq $((np1 - np0)) "$(summary "$T/out" | jq ".drop_reasons.$reason")" "summary's $reason"
# Where: the UDP receive path, by name.
echo "$pk" | jq -r '.drop_location' | grep -q 'udp' ||
	fail "drop location is not in UDP: $(echo "$pk" | jq -r '.drop_location' | head -n 1)"
want=$(present "$T/out" net_dev_queue net_dev_start_xmit netif_rx netif_receive_skb kfree_skb)
# shellcheck disable=SC2086
check_order "$pk" $want
exit 0
