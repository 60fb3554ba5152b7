# SPDX-License-Identifier: GPL-2.0
# Forcing a function mechanism with --attach: where the kernel lacks it, one
# line says why and the exit status is 3; where it has it, the hook is
# attached that way. Without --attach, a missing optional function hook
# costs one note and the mode runs on.
# vm: yes
# asan: yes
. tests/lib.sh

sandbox_new 2

# expect_env MECH PATTERN: txq --attach MECH fails with exit 3 and one line.
expect_env() {
	"$PKTPATH" txq --dev "$DEV_A" --netns "$NS_A" --attach "$1" --duration 1 >"$T/o" 2>"$T/e"
	rc=$?
	assert_eq 3 "$rc" "txq --attach $1: exit status ($(cat "$T/e"))"
	[ ! -s "$T/o" ] || fail "txq --attach $1 wrote to stdout: $(cat "$T/o")"
	assert_eq 1 "$(wc -l <"$T/e" | tr -d ' ')" "txq --attach $1: lines on stderr ($(cat "$T/e"))"
	grep -q "$2" "$T/e" || fail "txq --attach $1: '$(cat "$T/e")' does not say '$2'"
	note "--attach $1 -> $(cat "$T/e")"
}

# expect_pick MECH LABEL: txq --attach MECH runs with the pick hook as LABEL.
expect_pick() {
	pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --attach "$1" -v --json
	pp_stop
	grep -q "hook netdev_core_pick_tx: $2\$" "$T/out.err" ||
		fail "--attach $1: $(cat "$T/out.err")"
	grep -q "hook net_dev_start_xmit: tp_btf" "$T/out.err" ||
		fail "--attach $1 must leave the tracepoint on tp_btf: $(cat "$T/out.err")"
	assert_eq "$2" "$(jq -r 'select(.type == "summary") | .pick.mechanism' "$T/out")" \
		"--attach $1: pick mechanism in the summary"
	note "--attach $1 -> $2"
}

refused=$(fentry_why) nokprobes=$(kprobes_why)
if kernel_has fentry; then
	expect_pick fentry fentry+fexit
	expect_pick fexit fentry+fexit
else
	expect_env fentry "^pktpath: error: cannot attach with fentry: ${refused:-.*}\$"
	expect_env fexit "^pktpath: error: cannot attach with fexit: ${refused:-.*}\$"
fi
if kernel_has kprobes; then
	expect_pick kprobe kprobe+kretprobe
	expect_pick kretprobe kprobe+kretprobe
else
	expect_env kprobe "^pktpath: error: cannot attach with kprobe: ${nokprobes:-.*}\$"
	expect_env kretprobe "^pktpath: error: cannot attach with kretprobe: ${nokprobes:-.*}\$"
fi
pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json
pp_stop
if no_fn_hooks; then
	# Without --attach: one note naming the hook, what is lost and why.
	assert_eq 1 "$(wc -l <"$T/out.err" | tr -d ' ')" "lines on stderr ($(cat "$T/out.err"))"
	grep -q "^pktpath: note: without netdev_core_pick_tx: .* ($(fn_hooks_why))\$" \
		"$T/out.err" || fail "note: $(cat "$T/out.err")"
	assert_eq null "$(jq -c 'select(.type == "summary") | .pick' "$T/out")" "summary pick"
else
	# Nothing to say when the hook is there by one mechanism or the other.
	[ ! -s "$T/out.err" ] || fail "stderr: $(cat "$T/out.err")"
fi

# A tracepoint mechanism never constrains the function hooks, and the other
# way round: --attach raw_tp keeps the pick hook at its best.
pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --attach raw_tp -v
pp_stop
grep -q "hook net_dev_start_xmit: raw_tp" "$T/out.err" || fail "raw_tp: $(cat "$T/out.err")"
