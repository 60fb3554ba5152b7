# SPDX-License-Identifier: GPL-2.0
# Frames sent through an AF_PACKET socket to MAC addresses that are not the
# peer's: otherhost reports each one exactly once where the stack meets it
# and once where IP drops it (reason OTHERHOST), with the MACs, addresses
# and ports that were sent, per (device, destination MAC) in the table, in
# agreement with the device's own rx_otherhost_dropped counter. Frames to
# the device's own MAC are not reported. Promiscuous mode shows. Before
# 5.17 (no drop reasons) the drops have none, and before 6.0 the device has
# no such counter: there the frames sent are the only truth.
# vm: core
# asan: yes
. tests/lib.sh

# otherhost_dropped NS DEV: the device's rx_otherhost_dropped counter
# (iproute2 leaves it out while it is 0).
otherhost_dropped() {
	ip -n "$1" -j -s -s link show "$2" | jq '.[0].stats64.rx.otherhost // 0'
}

if kernel_has drop_reason:OTHERHOST; then
	reason='"OTHERHOST"'
elif ! kernel_has drop_reasons; then
	reason=null
else
	need drop_reason:OTHERHOST # reasons, but which one IP's drop has is not written down
fi
kernel_has btf_member:rx_otherhost_dropped && has_counter=true || has_counter=false

sandbox_new 2
sandbox_ipv6
sandbox_warm
MAC_X=02:00:5e:10:00:01 MAC_Y=02:00:5e:10:00:02 MAC_Z=02:00:5e:10:00:03
N_X=20 N_Y=7 N_Z=5 N_OWN=4
mac_a=$(ip -n "$NS_A" -br link show "$DEV_A" | awk '{ print $3 }')
mac_b=$(ip -n "$NS_B" -br link show "$DEV_B" | awk '{ print $3 }')
send() { # dst-mac src dst sport count
	"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac "$1" --src "$2" --dst "$3" \
		--sport "$4" --dport 5555 --count "$5" || fail "rawsend failed"
}

before=$(otherhost_dropped "$NS_B" "$DEV_B")
pp_start "$T/out" otherhost --netns "$NS_B" --json --rate 100000
send "$MAC_X" "$ADDR_A" "$ADDR_B" 4001 $N_X
send "$MAC_Y" "$ADDR6_A" "$ADDR6_B" 4002 $N_Y
send "$mac_b" "$ADDR_A" "$ADDR_B" 4003 $N_OWN # ours: not for another host
ip -n "$NS_B" link set "$DEV_B" promisc on || fail "cannot set promisc"
send "$MAC_Z" "$ADDR_A" "$ADDR_B" 4004 $N_Z
sleep 0.3
after=$(otherhost_dropped "$NS_B" "$DEV_B")
pp_stop

# Each frame once at reception, with what was sent.
check_frames() { # dst-mac src dst sport count promisc family
	case $7 in IPv6*) len=80 ;; *) len=60 ;; esac # IP header, UDP header, 32 bytes
	got=$(jq -c --arg m "$1" 'select(.type == "otherhost" and .stage == "received" and
		.dst_mac == $m)' "$T/out")
	assert_eq "$5" "$(echo "$got" | grep -c .)" "frames received for $1"
	bad=$(echo "$got" | jq -c --arg s "$2" --arg d "$3" --argjson sp "$4" --arg sm "$mac_a" \
		--arg dm "$mac_b" --argjson p "$6" --arg dev "$DEV_B" --arg ns "$NS_B" \
		--argjson len $len \
		'select(.src != $s or .dst != $d or .sport != $sp or .dport != 5555 or .len != $len or
			.proto != "udp" or .src_mac != $sm or .dev_mac != $dm or .promisc != $p or
			.dev != $dev or .netns != $ns)')
	[ -z "$bad" ] || fail "wrong fields in: $bad"
	drops=$(jq -c --arg m "$1" 'select(.type == "otherhost" and .stage == "dropped" and
		.dst_mac == $m)' "$T/out")
	assert_eq "$5" "$(echo "$drops" | grep -c .)" "frames dropped for $1"
	assert_eq "$5" "$(echo "$drops" | jq -c --arg s "$2" --argjson sp "$4" \
		"select(.reason == $reason and .src == \$s and .sport == \$sp)" | grep -c .)" \
		"drops of $1 with reason OTHERHOST and the sent flow"
	row=$(jq -c --arg m "$1" 'select(.type == "summary") | .otherhost[] | select(.dst_mac == $m)' \
		"$T/out")
	assert_eq "$5 $5 $6 $mac_a $mac_b" \
		"$(echo "$row" | jq -r '"\(.received) \(.dropped) \(.promisc) \(.src_mac) \(.dev_mac)"')" \
		"table row for $1"
	note "$1: $5 received, $5 dropped ($7)"
}
check_frames "$MAC_X" "$ADDR_A" "$ADDR_B" 4001 $N_X false IPv4
check_frames "$MAC_Y" "$ADDR6_A" "$ADDR6_B" 4002 $N_Y false IPv6
check_frames "$MAC_Z" "$ADDR_A" "$ADDR_B" 4004 $N_Z true "IPv4, promiscuous"

total=$((N_X + N_Y + N_Z))
assert_eq 0 "$(events "$T/out" '.sport == 4003')" "reports of frames to the device's own MAC"
assert_eq "$total" "$(events "$T/out" '.type == "otherhost" and .stage == "received"')" \
	"received reports in all"
assert_eq "$total $total" "$(jq -r 'select(.type == "summary") | "\(.received) \(.dropped)"' "$T/out")" \
	"summary totals"
note "rx_otherhost_dropped: $before -> $after"
[ $has_counter = false ] ||
	assert_eq "$total" "$((after - before))" "the device's rx_otherhost_dropped growth"
assert_eq 0 "$(jq 'select(.type == "summary") | [.losses[]] | add' "$T/out")" "losses"

# Text: the same frames, readable on an 80-column terminal.
pp_start "$T/text" otherhost --netns "$NS_B"
send "$MAC_X" "$ADDR_A" "$ADDR_B" 4001 3
sleep 0.3
pp_stop
wide=$(awk 'length($0) > 80' "$T/text")
[ -z "$wide" ] || fail "lines wider than 80 columns: $wide"
grep -q "frame for $MAC_X, not us ($mac_b)" "$T/text" || fail "no live line: $(cat "$T/text")"
grep -q "^    $DEV_B  $mac_b  $MAC_X         3         3  yes" "$T/text" ||
	fail "no table row: $(cat "$T/text")"
