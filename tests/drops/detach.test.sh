# SPDX-License-Identifier: GPL-2.0
# However drops and otherhost end (Ctrl-C, SIGTERM, --duration, --count),
# they exit 0 with a final summary and leave no BPF program behind, with
# each attach mechanism.
# vm: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm

for cmd in drops otherhost; do
	detach_on_signals $cmd --netns "$NS_B"
done

ids=
for mech in tp_btf raw_tp tracepoint; do
	"$PKTPATH" drops --netns "$NS_B" --duration 0.5 --attach $mech -v >"$T/out" 2>"$T/err" ||
		fail "drops --attach $mech --duration: $(cat "$T/err")"
	grep -q "hook kfree_skb: $mech" "$T/err" || fail "$mech not used: $(cat "$T/err")"
	ids="$ids $(pp_prog_ids "$T/err")"
	"$PKTPATH" otherhost --netns "$NS_B" --duration 0.5 --attach $mech -v >"$T/out" 2>"$T/err" ||
		fail "otherhost --attach $mech --duration: $(cat "$T/err")"
	grep -q "hook netif_receive_skb: $mech" "$T/err" || fail "$mech not used: $(cat "$T/err")"
	ids="$ids $(pp_prog_ids "$T/err")"
	note "$mech: both ran 0.5 s and exited"
done
[ "$(echo $ids | wc -w)" -eq 9 ] || fail "--duration: expected 9 programs reported, got: $ids"
progs_gone "$ids" "--duration"

# --count 2 ends at the second live line; `drops --otherhost` is otherhost.
pp_start "$T/out" drops --otherhost --netns "$NS_B" --count 2 --json -v
ids=$(pp_prog_ids "$T/out.err")
[ -n "$ids" ] || fail "drops --otherhost loaded no otherhost program"
"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac 02:00:5e:10:00:09 --src "$ADDR_A" \
	--dst "$ADDR_B" --count 5 || fail "rawsend failed"
wait "$PP_PID"
assert_eq 0 $? "--count exit status"
assert_eq 2 "$(events "$T/out" '.type == "otherhost"')" "lines printed with --count 2"
progs_gone "$ids" "--count"
