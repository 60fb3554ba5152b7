# SPDX-License-Identifier: GPL-2.0
# Where drops happened, checked against /proc/kallsyms: every location is a
# kernel function, its offset lies inside it, and function + offset is the
# address the kernel reported. With --stack every frame of every stack is a
# symbolized kernel function, the stack passes through the location, and
# the table keeps the stacks too. In text mode, lines fit 80 columns.
# vm: yes
# asan: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm
traffic() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --flows 2 --packets 5 || fail "udp sender failed"
	"$HELPERS/sockdrop" refused --ns "$NS_A" --dst "$ADDR_B" --port 7 --count 3 ||
		fail "connect not refused"
	sleep 0.3
}

# Every attach mechanism starts its stacks in other tracing code.
for mech in tp_btf raw_tp tracepoint; do
	pp_start "$T/out" drops --netns "$NS_B" --json --stack --rate 100000 --attach $mech
	traffic
	pp_stop

	n=$(events "$T/out" '.type == "drop"')
	assert_eq 13 "$n" "$mech: drops seen (10 UDP, 3 TCP SYNs)"
	jq -r 'select(.type == "drop") | "\(.location) \(.address)"' "$T/out" | sort -u >"$T/locs"
	while read -r loc addr; do
		check_location "$loc" "$addr"
		note "$mech: location $loc = $addr"
	done <"$T/locs"

	# Stacks: all frames symbolized, real functions, through the location.
	jq -r 'select(.type == "drop") | .stack[]' "$T/out" | sort -u >"$T/frames"
	[ -s "$T/frames" ] || fail "$mech: no stack frames"
	while read -r frame; do
		case $frame in 0x*) fail "$mech: unsymbolized frame $frame" ;; esac
		check_location "$frame"
	done <"$T/frames"
	note "$mech: $(wc -l <"$T/frames" | tr -d ' ') distinct frames, all in /proc/kallsyms"
	assert_eq 0 "$(events "$T/out" '.type == "drop" and
		(.location as $l | .stack | index([$l]) == null)')" \
		"$mech: drops whose stack does not pass through their location"
	assert_eq 0 "$(jq -s '[.[] | select(.type == "summary") | .drops[] | select(.stack == null or
		(.stack | length) < 3)] | length' "$T/out")" "$mech: table rows without a stack"
	assert_eq 13 "$(summary_count "$T/out" 'true')" "$mech: drops in the table"
	assert_eq 0 "$(jq 'select(.type == "summary") | [.losses[]] | add' "$T/out")" "$mech: losses"
done

# Text: the same drops, readable on an 80-column terminal.
pp_start "$T/text" drops --netns "$NS_B"
traffic
pp_stop
wide=$(awk 'length($0) > 80' "$T/text")
[ -z "$wide" ] || fail "lines wider than 80 columns: $wide"
grep -q "NO_SOCKET at __udp4_lib_rcv+0x" "$T/text" || fail "no live NO_SOCKET line: $(cat "$T/text")"
grep -q "^  netns $NS_B: 13 drops" "$T/text" || fail "no table for $NS_B: $(cat "$T/text")"
