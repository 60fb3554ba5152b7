# SPDX-License-Identifier: GPL-2.0
# otherhost -w and txq -w: a packet per live event, with the bytes that
# were sent (tshark decodes the foreign MAC, the ports), the direction
# (otherhost: inbound; txq: outbound), the event in the comment; `pktpath
# show` prints the live lines again. --snaplen cuts the bytes kept. A
# drop before the packet had a MAC header is raw IP (LINKTYPE_RAW).
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

# A packet of this host dropped before it had a MAC header (an nftables
# rule at the output hook, before any device): raw IP, outbound, on an
# interface named for its namespace only.
command -v nft >/dev/null || fail "nft is not installed"
ip netns exec "$NS_A" nft -f - <<NFT || fail "cannot load the nftables rules"
table inet ppt_pcapng {
	chain output {
		type filter hook output priority 0; policy accept;
		udp dport 7777 counter drop
	}
}
NFT
pp_start "$T/out" drops --netns "$NS_A" -w "$T/r.pcapng" 'udp port 7777'
# Each send fails (EPERM): one datagram per run of the sender.
for i in 1 2 3 4; do
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 32000 \
		--dport 7777 --packets 1 2>/dev/null && fail "the output rule did not drop"
done
sleep 0.3
pp_stop
assert_eq 4 "$(grep -c "NETFILTER_DROP at" "$T/out")" "drops at the output hook"
assert_eq 4 "$(tshark_count "$T/r.pcapng" "udp.dstport == 7777 && ip.src == $ADDR_A &&
	frame.packet_flags_direction == 2 && frame.interface_name == \"nodev@$NS_A\"")" \
	"outbound raw IP packets on nodev@$NS_A"
capinfos "$T/r.pcapng" >"$T/capinfos" 2>&1 || fail "capinfos failed"
grep -q "Encapsulation = Raw IP" "$T/capinfos" || { cat "$T/capinfos" >&2; fail "not raw IP"; }
roundtrip "$T/out" "$T/r.pcapng"
