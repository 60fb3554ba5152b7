# SPDX-License-Identifier: GPL-2.0
# drops (with stacks, text and JSON) and otherhost under valgrind's
# memcheck, through live lines, interval reports and the final summary: no
# invalid access, no definite leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm

vg_run() { # name args...
	name=$1
	shift
	PP_WRAP=$MEMCHECK pp_start "$T/$name" "$@" --interval 0.5
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --flows 4 --packets 10 --gap-us 50000 || fail "sender failed"
	"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac 02:00:5e:10:00:01 \
		--src "$ADDR_A" --dst "$ADDR_B" --count 10 --gap-us 50000 || fail "rawsend failed"
	sleep 0.6
	pp_stop
	grep -q "interval" "$T/$name" || fail "$name: no interval report"
}

vg_run drops-text drops --netns "$NS_B" --stack
grep -q "NO_SOCKET at" "$T/drops-text" || fail "no live drop lines"
vg_run drops-json drops --netns "$NS_B" --stack --json
assert_eq 40 "$(jq 'select(.type == "summary") | [.drops[] | select(.reason == "NO_SOCKET") | .count] | add' "$T/drops-json")" \
	"NO_SOCKET drops"
vg_run otherhost otherhost --netns "$NS_B"
grep -q "frame for 02:00:5e:10:00:01" "$T/otherhost" || fail "no live otherhost lines"
vg_run otherhost-json otherhost --netns "$NS_B" --json
assert_eq "10 10" "$(jq -r 'select(.type == "summary") | "\(.received) \(.dropped)"' "$T/otherhost-json")" \
	"otherhost frames"
