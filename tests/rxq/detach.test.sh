# SPDX-License-Identifier: GPL-2.0
# However rxq ends (Ctrl-C, SIGTERM, --duration, --count), it exits cleanly
# and leaves no BPF program behind.
# vm: yes
. tests/lib.sh

sandbox_new 2

for sig in INT TERM; do
	pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" -v
	ids=$(pp_prog_ids "$T/out.err")
	[ -n "$ids" ] || fail "no rxq program reported while running: $(cat "$T/out.err")"
	for id in $ids; do
		bpftool prog show id "$id" >/dev/null 2>&1 || fail "program $id is not loaded"
	done
	kill -$sig "$PP_PID"
	wait "$PP_PID"
	assert_eq 0 $? "exit status after SIG$sig"
	grep -q "summary" "$T/out" || fail "no final summary after SIG$sig"
	progs_gone "$ids" "SIG$sig"
	note "SIG$sig: detached $(echo $ids)"
done

# --duration ends by itself. Every device: the IRQ and softirq programs
# load too (a --dev naming a veth leaves them out).
"$PKTPATH" rxq --duration 0.5 -v >"$T/out" 2>"$T/err" ||
	fail "--duration run failed: $(cat "$T/err")"
grep -q "attached tr_softirq_entry" "$T/err" || fail "no IRQ programs without --dev"
grep -q "attached tr_softirq_entry" "$T/out.err" && fail "IRQ programs on a veth"
ids=$(pp_prog_ids "$T/err")
[ -n "$ids" ] || fail "--duration: no program reported"
progs_gone "$ids" "--duration"

# --count 1 ends at the first event (a new flow).
pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --count 1 --json -v
ids=$(pp_prog_ids "$T/out.err")
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 1000 \
	--dport 9 --flows 3 --packets 5
wait "$PP_PID"
assert_eq 0 $? "--count exit status"
assert_eq 1 "$(jq -c 'select(.type == "new_flow" or .type == "flow_change")' "$T/out" | wc -l | tr -d ' ')" \
	"events printed with --count 1"
progs_gone "$ids" "--count"
