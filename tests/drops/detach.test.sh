# SPDX-License-Identifier: GPL-2.0
# However drops and otherhost end (Ctrl-C, SIGTERM, --duration, --count),
# they exit 0 with a final summary and leave no BPF program behind, with
# each attach mechanism.
# vm: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm

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

# Our own programs: those loaded since BEFORE was taken (others may run
# tests at the same time; bpftool here cannot tell programs' owners).
new_progs() { # prefix
	for id in $(bpf_prog_ids "$1"); do
		case " $BEFORE " in *" $id "*) ;; *) echo "$id" ;; esac
	done
}

for cmd in drops otherhost; do
	prefix=$cmd
	for sig in INT TERM; do
		BEFORE=$(bpf_prog_ids "$prefix")
		pp_start "$T/out" $cmd --netns "$NS_B"
		ids=$(new_progs "$prefix")
		[ -n "$ids" ] || fail "$cmd: no program loaded while running"
		kill -$sig "$PP_PID"
		wait "$PP_PID"
		assert_eq 0 $? "$cmd: exit status after SIG$sig"
		grep -q "summary: whole run" "$T/out" || fail "$cmd: no final summary after SIG$sig"
		check_gone "$ids" "$cmd SIG$sig"
		note "$cmd SIG$sig: detached $(echo $ids)"
	done
done

BEFORE="$(bpf_prog_ids drops_) $(bpf_prog_ids otherhost_)"
for mech in tp_btf raw_tp tracepoint; do
	"$PKTPATH" drops --netns "$NS_B" --duration 0.5 --attach $mech -v >"$T/out" 2>"$T/err" ||
		fail "drops --attach $mech --duration: $(cat "$T/err")"
	grep -q "hook kfree_skb: $mech" "$T/err" || fail "$mech not used: $(cat "$T/err")"
	"$PKTPATH" otherhost --netns "$NS_B" --duration 0.5 --attach $mech -v >"$T/out" 2>"$T/err" ||
		fail "otherhost --attach $mech --duration: $(cat "$T/err")"
	grep -q "hook netif_receive_skb: $mech" "$T/err" || fail "$mech not used: $(cat "$T/err")"
	note "$mech: both ran 0.5 s and exited"
done
i=0
while [ -n "$(new_progs drops_)$(new_progs otherhost_)" ]; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "--duration: programs left: $(new_progs drops_) $(new_progs otherhost_)"
	sleep 0.1
done

# --count 2 ends at the second live line; `drops --otherhost` is otherhost.
BEFORE=$(bpf_prog_ids otherhost)
pp_start "$T/out" drops --otherhost --netns "$NS_B" --count 2 --json
ids=$(new_progs otherhost)
[ -n "$ids" ] || fail "drops --otherhost loaded no otherhost program"
"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac 02:00:5e:10:00:09 --src "$ADDR_A" \
	--dst "$ADDR_B" --count 5 || fail "rawsend failed"
wait "$PP_PID"
assert_eq 0 $? "--count exit status"
assert_eq 2 "$(events "$T/out" '.type == "otherhost"')" "lines printed with --count 2"
check_gone "$ids" "--count"
