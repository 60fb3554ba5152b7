# SPDX-License-Identifier: GPL-2.0
# trace -w: one packet per record, whose comment tells the record's stages
# in order with their drop reason; the packets are the ones sent (tshark
# decodes their ports), outbound where the trace met them first (on
# transmit), stamped with their earliest stage to the nanosecond; and
# `pktpath show` prints the records exactly as the live run did.
# asan: yes
. tests/lib.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm
n=9
pp_start "$T/out" trace --dev "$DEV_A" --netns "$NS_A" --linger 0.3 -w "$T/t.pcapng" 'udp'
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9999 --packets $n --payload 32 --gap-us 2000 || fail "sender failed"
sleep 0.5
pp_stop

records=$(grep -c '^#' "$T/out")
assert_eq "$n" "$records" "records printed"
tshark_read "$T/t.pcapng" "$T/fields" -T fields -e udp.dstport -e frame.comment
assert_eq "$records" "$(wc -l <"$T/fields" | tr -d ' ')" "packets in the file (one per record)"
assert_eq "$n" "$(tshark_count "$T/t.pcapng" 'udp.srcport == 40000 && udp.dstport == 9999')" \
	"packets with the ports sent"
assert_eq "$n" "$(tshark_count "$T/t.pcapng" 'frame.packet_flags_direction == 2')" \
	"outbound packets (epb_flags)"
# The stages, in the order the live record lists them.
i=0
while IFS='	' read -r port comment; do
	i=$((i + 1))
	want=$(awk -v k="$i" '/^#/ { r++ } r == k && /^  [0-9][0-9]:/ { print $7 }' "$T/out" | tr '\n' ' ')
	got=$(echo "$comment" | sed 's/^[^|]*| //; s/ -> /\n/g' | awk '{ print $1 }' | tr '\n' ' ')
	assert_eq "$want" "$got" "stages in the comment of packet $i"
	case $comment in
	"trace: #"*"udp $ADDR_A:40000 > $ADDR_B:9999"*"kfree_skb +"*"NO_SOCKET at "*) ;;
	*) fail "packet $i: comment without its flow or drop: $comment" ;;
	esac
done <"$T/fields"
assert_eq "$n" "$i" "comments read"

# The packet's time is its earliest stage's, as the record prints it.
first=$(awk '/^#/ { r++ } r == 1 && /^  / { print $1; exit }' "$T/out")
epoch=$(tshark -r "$T/t.pcapng" -c 1 -T fields -e frame.time_epoch 2>/dev/null)
assert_eq "$first" "$(date -d "@${epoch%.*}" +%H:%M:%S).${epoch#*.}" "first packet's timestamp"
capinfos "$T/t.pcapng" >"$T/capinfos" 2>&1 || fail "capinfos failed"
grep -q "Name = $DEV_A@$NS_A" "$T/capinfos" || { cat "$T/capinfos" >&2; fail "no $DEV_A@$NS_A"; }
grep -q "Encapsulation = Ethernet" "$T/capinfos" ||
	{ cat "$T/capinfos" >&2; fail "not Ethernet: the snapshot starts at the MAC header"; }

# Round trip: the records without the header lines and the summary.
"$PKTPATH" show "$T/t.pcapng" >"$T/shown" || fail "show failed"
awk '/^#/ { live = 1 } /^$/ { live = 0 } live' "$T/out" >"$T/live"
cmp "$T/live" "$T/shown" || { diff "$T/live" "$T/shown" >&2; fail "show differs from the live output"; }
"$PKTPATH" show --json "$T/t.pcapng" >"$T/json" || fail "show --json failed"
assert_eq "$n" "$(jq -c 'select(.type == "packet" and .end == "dropped" and
	.drop_reason == "NO_SOCKET")' "$T/json" | wc -l | tr -d ' ')" "JSON records"
