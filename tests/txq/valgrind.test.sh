# SPDX-License-Identifier: GPL-2.0
# txq under valgrind's memcheck, through events, interval reports and the
# final summary: no invalid access, no definite leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 4
sandbox_warm
rm -f "$T/ready"
valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--suppressions=tests/valgrind.supp \
	"$PKTPATH" txq --dev "$DEV_A" --netns "$NS_A" --interval 0.5 --json \
	--ready-file "$T/ready" >"$T/out" 2>"$T/vg" &
PP_PID=$!
BG_PIDS="$BG_PIDS $PP_PID"
i=0
while [ ! -e "$T/ready" ]; do
	i=$((i + 1))
	[ $i -gt 600 ] && { cat "$T/vg"; fail "not ready under valgrind"; }
	sleep 0.1
done
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9 --flows 20 --packets 30 --gap-us 20000 || fail "sender failed"
kill -INT "$PP_PID"
wait "$PP_PID"
rc=$?
cat "$T/vg" >&2
assert_eq 0 "$rc" "exit status under valgrind"
[ "$(jq -c 'select(.type == "interval")' "$T/out" | wc -l)" -ge 1 ] || fail "no interval report"
assert_eq 20 "$(jq -c 'select(.type == "new_flow")' "$T/out" | wc -l | tr -d ' ')" "new flows"
