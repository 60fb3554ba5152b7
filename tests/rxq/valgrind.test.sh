# SPDX-License-Identifier: GPL-2.0
# rxq under valgrind's memcheck, through events, interval reports and the
# final summary: no invalid access, no definite leak.
. tests/lib.sh
. tests/rxq/common.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm
recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 10 --count 300 --timeout 120
PP_WRAP=$MEMCHECK pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --interval 0.5 --json
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9000 --flows 10 --packets 30 --gap-us 20000 || fail "sender failed"
recv_wait
sleep 0.6 # one more interval report, however slow valgrind made the start
pp_stop
[ "$(jq -c 'select(.type == "interval")' "$T/out" | wc -l)" -ge 1 ] || fail "no interval report: $(cat "$T/out.err")"
assert_eq 10 "$(jq -c 'select(.type == "new_flow")' "$T/out" | wc -l | tr -d ' ')" "new flows"
