# SPDX-License-Identifier: GPL-2.0
# However txq ends (Ctrl-C, SIGTERM, --duration, --count), it exits cleanly
# and leaves no BPF program behind.
# vm: yes
. tests/lib.sh

sandbox_new 2

detach_on_signals txq --dev "$DEV_A" --netns "$NS_A"

# --duration ends by itself.
"$PKTPATH" txq --dev "$DEV_A" --netns "$NS_A" --duration 0.5 -v >"$T/out" 2>"$T/err" ||
	fail "--duration run failed: $(cat "$T/err")"
ids=$(pp_prog_ids "$T/err")
[ -n "$ids" ] || fail "--duration: no program reported"
progs_gone "$ids" "--duration"

# --count 1 ends at the first event (a new flow).
detach_after_first '.type == "new_flow" or .type == "queue_change"' txq --dev "$DEV_A" --netns "$NS_A"
