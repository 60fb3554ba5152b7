# SPDX-License-Identifier: GPL-2.0
# otherhost -w and txq -w: a packet per live event, with the bytes that
# were sent (tshark decodes the foreign MAC, the ports), the direction
# (otherhost: inbound; txq: outbound), the event in the comment; `pktpath
# show` prints the live lines again. --snaplen cuts the bytes kept.
# asan: yes
. tests/lib.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm
MAC_X=02:00:5e:10:00:01
n=6

# roundtrip OUT FILE: show prints the live lines of OUT.
roundtrip() {
	live_lines "$1" >"$T/live"
	"$PKTPATH" show "$2" >"$T/shown" || fail "show $2 failed"
	cmp "$T/live" "$T/shown" || { diff "$T/live" "$T/shown" >&2; fail "show $2 differs"; }
}

pp_start "$T/out" otherhost --netns "$NS_B" --rate 100000 -w "$T/o.pcapng" --snaplen 40
"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac "$MAC_X" --src "$ADDR_A" \
	--dst "$ADDR_B" --sport 4001 --dport 5555 --count $n || fail "rawsend failed"
sleep 0.3
pp_stop
events=$(grep -c "frame for $MAC_X" "$T/out")
assert_eq $((2 * n)) "$events" "otherhost events (received and dropped)"
assert_eq "$events" "$(tshark_count "$T/o.pcapng" "eth.dst == $MAC_X && udp.srcport == 4001 &&
	frame.packet_flags_direction == 1")" "inbound frames for $MAC_X"
assert_eq "$n" "$(tshark_count "$T/o.pcapng" 'frame.comment contains "dropped (OTHERHOST)"')" \
	"comments of the drops"
tshark_read "$T/o.pcapng" "$T/lens" -T fields -e frame.cap_len -e frame.len
assert_eq "40 74" "$(sort -u "$T/lens" | tr '\t' ' ')" "captured and original lengths (--snaplen 40)"
roundtrip "$T/out" "$T/o.pcapng"

bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000
sleep 0.2
pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" -w "$T/q.pcapng"
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 31000 \
	--dport 9000 --flows 3 --packets 10 || fail "udp sender failed"
sleep 0.3
pp_stop
events=$(grep -c ": new flow udp" "$T/out")
assert_eq 3 "$events" "txq: new flows"
assert_eq 3 "$(tshark_count "$T/q.pcapng" 'udp.dstport >= 9000 && frame.packet_flags_direction == 2 &&
	frame.comment contains "new flow udp"')" "outbound first packets of the flows"
assert_eq 3 "$(tshark_count "$T/q.pcapng" "frame.interface_name == \"$DEV_A@$NS_A\"")" \
	"packets on $DEV_A@$NS_A"
roundtrip "$T/out" "$T/q.pcapng"
