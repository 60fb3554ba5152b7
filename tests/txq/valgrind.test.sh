# SPDX-License-Identifier: GPL-2.0
# txq under valgrind's memcheck, through events, interval reports and the
# final summary: no invalid access, no definite leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 4
sandbox_warm
PP_WRAP=$MEMCHECK pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --interval 0.5 --json
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9 --flows 20 --packets 30 --gap-us 20000 || fail "sender failed"
pp_stop
[ "$(jq -c 'select(.type == "interval")' "$T/out" | wc -l)" -ge 1 ] || fail "no interval report"
assert_eq 20 "$(jq -c 'select(.type == "new_flow")' "$T/out" | wc -l | tr -d ' ')" "new flows"
