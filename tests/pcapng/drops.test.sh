# SPDX-License-Identifier: GPL-2.0
# drops -w: N datagrams to a closed port become N packets in a pcapng that
# tshark reads, each with its UDP destination port and a comment naming
# NO_SOCKET; capinfos sees the interface as DEV@NETNS at nanosecond
# resolution; the packets are inbound (epb_flags); and `pktpath show`
# prints the file exactly as the live run printed its drops.
# asan: yes
. tests/lib.sh
. tests/drops/common.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm
n=23
pp_start "$T/out" drops --netns "$NS_B" --rate 100000 -w "$T/d.pcapng" 'udp'
before=$(snmp "$NS_B" Udp NoPorts)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9 --packets "$n" || fail "udp sender failed"
sleep 0.3
noports=$(($(snmp "$NS_B" Udp NoPorts) - before))
pp_stop
assert_eq "$n" "$noports" "UdpNoPorts growth (the sandbox is not quiet?)"

tshark_read "$T/d.pcapng" "$T/fields" -T fields -e udp.dstport
assert_eq "$n" "$(wc -l <"$T/fields" | tr -d ' ')" "packets in the file"
assert_eq "$n" "$(tshark_count "$T/d.pcapng" 'udp.dstport == 9 && frame.comment contains "NO_SOCKET"')" \
	"packets to port 9 whose comment says NO_SOCKET"
assert_eq "$n" "$(tshark_count "$T/d.pcapng" 'frame.comment contains "veth-b"')" \
	"comments naming the device"
assert_eq "$n" "$(tshark_count "$T/d.pcapng" 'frame.packet_flags_direction == 1')" \
	"inbound packets (epb_flags)"
assert_eq "$n" "$(tshark_count "$T/d.pcapng" "ip.src == $ADDR_A && ip.dst == $ADDR_B")" \
	"packets with the sender's addresses"

capinfos "$T/d.pcapng" >"$T/capinfos" 2>&1 || fail "capinfos failed"
grep -q "Name = $DEV_B@$NS_B" "$T/capinfos" || { cat "$T/capinfos" >&2; fail "no interface $DEV_B@$NS_B"; }
grep -q "Time precision = nanoseconds" "$T/capinfos" ||
	{ cat "$T/capinfos" >&2; fail "not nanosecond resolution"; }

# Round trip: the live lines, without the banner and the final table.
"$PKTPATH" show "$T/d.pcapng" >"$T/shown" || fail "show failed"
live_lines "$T/out" >"$T/live"
assert_eq "$((2 * n))" "$(wc -l <"$T/live" | tr -d ' ')" "live lines"
cmp "$T/live" "$T/shown" || { diff "$T/live" "$T/shown" >&2; fail "show differs from the live output"; }
"$PKTPATH" show --json "$T/d.pcapng" >"$T/json" || fail "show --json failed"
assert_eq "$n" "$(jq -c 'select(.type == "drop" and .reason == "NO_SOCKET" and .dport == 9)' \
	"$T/json" | wc -l | tr -d ' ')" "JSON records"
