# SPDX-License-Identifier: GPL-2.0
# However txq ends (Ctrl-C, SIGTERM, --duration, --count), it exits cleanly
# and leaves no BPF program behind.
# vm: yes
. tests/lib.sh

sandbox_new 2
prog=txq_start_xmi # bpftool shows the first 15 characters

# The kernel frees a program after an RCU grace period: allow 3 s.
check_gone() { # ids what
	for id in $1; do
		i=0
		while bpftool prog show id "$id" >/dev/null 2>&1; do
			i=$((i + 1))
			[ $i -le 30 ] || fail "$2: program $id still loaded"
			sleep 0.1
		done
	done
	return 0
}

for sig in INT TERM; do
	pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A"
	ids=$(bpf_prog_ids $prog)
	[ -n "$ids" ] || fail "no txq program loaded while running"
	kill -$sig "$PP_PID"
	wait "$PP_PID"
	assert_eq 0 $? "exit status after SIG$sig"
	grep -q "summary" "$T/out" || fail "no final summary after SIG$sig"
	check_gone "$ids" "SIG$sig"
	note "SIG$sig: detached $(echo $ids)"
done

# --duration ends by itself.
"$PKTPATH" txq --dev "$DEV_A" --netns "$NS_A" --duration 0.5 >"$T/out" 2>&1 ||
	fail "--duration run failed: $(cat "$T/out")"
check_gone "$(bpf_prog_ids $prog)" "--duration"

# --count 1 ends at the first event (a new flow).
pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --count 1 --json
ids=$(bpf_prog_ids $prog)
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 1000 \
	--dport 9 --flows 3 --packets 5
wait "$PP_PID"
assert_eq 0 $? "--count exit status"
assert_eq 1 "$(jq -c 'select(.type == "new_flow" or .type == "queue_change")' "$T/out" | wc -l | tr -d ' ')" \
	"events printed with --count 1"
check_gone "$ids" "--count"
