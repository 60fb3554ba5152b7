# SPDX-License-Identifier: GPL-2.0
# However rxq ends (Ctrl-C, SIGTERM, --duration, --count), it exits cleanly
# and leaves no BPF program behind.
# vm: yes
. tests/lib.sh

sandbox_new 2

detach_on_signals rxq --dev "$DEV_B" --netns "$NS_B"

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
detach_after_first '.type == "new_flow" or .type == "flow_change"' rxq --dev "$DEV_B" --netns "$NS_B"
