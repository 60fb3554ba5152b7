# SPDX-License-Identifier: GPL-2.0
# trace and latency under valgrind's memcheck, through packets, interval
# reports, the closing of idle records and the final summary: no invalid
# access, no definite leak.
. tests/lib.sh
. tests/trace/common.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_sink 4 --tcp-port 5001

# vg_run OUT ARGS...: pktpath ARGS under valgrind, until traffic has passed.
vg_run() {
	out=$1
	shift
	rm -f "$T/ready"
	valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--suppressions=tests/valgrind.supp \
		"$PKTPATH" "$@" --ready-file "$T/ready" >"$out" 2>"$out.vg" &
	VG_PID=$!
	BG_PIDS="$BG_PIDS $VG_PID"
	i=0
	while [ ! -e "$T/ready" ]; do
		i=$((i + 1))
		[ $i -gt 600 ] && { cat "$out.vg"; fail "not ready under valgrind"; }
		sleep 0.1
	done
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --packets 30 --gap-us 20000 || fail "sender failed"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9999 --packets 3 || fail "sender failed"
	"$HELPERS/trafgen" tcp --ns "$NS_A" --dst "$ADDR_B" --dport 5001 --sport 41000 \
		--bursts 2 --bytes 2000 --idle-ms 20 || fail "tcp sender failed"
	sleep 1
	kill -INT "$VG_PID"
	wait "$VG_PID"
	rc=$?
	grep -v "WARNING: unhandled eBPF command" "$out.vg" >&2
	assert_eq 0 "$rc" "exit status under valgrind ($*)"
}

vg_run "$T/json" trace --dev "$DEV_A" --netns "$NS_A" --json --interval 0.5 --linger 0.3
[ "$(jq -c 'select(.type == "interval")' "$T/json" | grep -c .)" -ge 1 ] || fail "no interval report"
[ "$(jq -c 'select(.type == "packet")' "$T/json" | grep -c .)" -ge 33 ] || fail "too few packets"
vg_run "$T/text" trace --dev "$DEV_A" --netns "$NS_A" --linger 0.3
grep -q "NO_SOCKET at " "$T/text" || fail "no drop line in the text output"
vg_run "$T/lat" latency --dev "$DEV_A" --netns "$NS_A" --interval 0.5 --from net_dev_queue \
	--to netif_receive_skb
grep -q "net_dev_queue -> netif_receive_skb" "$T/lat" || fail "no span in the latency output"
exit 0
