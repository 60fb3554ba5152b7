# SPDX-License-Identifier: GPL-2.0
# pktpath demo's receive act: after the transmit act (its tc check printed),
# rxq sees the 4 UDP flows of 400 packets each, every packet of each, first
# processed on CPU 0 where veth hands them over, then, once the act turns
# RPS on, on CPU 1 next to their reader: one move each, 0 -> 1, why rps.
# Under load the kernel may not run the netif_receive_skb program for a
# packet: then rxq_unseen must account for every packet missing, exactly.
. tests/lib.sh

need_cpus 2
"$PKTPATH" demo --json >"$T/out" 2>"$T/err" || fail "demo failed: $(cat "$T/err")"
grep -q '"type":"tc_check"' "$T/out" || fail "the transmit act's tc check is missing"
awk '/"demo_act"/ { rx = 1 } rx' "$T/out" >"$T/rx"
[ -s "$T/rx" ] || fail "no receive act"
flows=$(jq -c 'select(.type == "summary") | [.devices[].flows[] | select(.proto == "udp")]' "$T/rx")
assert_eq 4 "$(echo "$flows" | jq length)" "flows of the receive act"
sum=$(echo "$flows" | jq '[.[].packets] | add')
unseen=$(jq 'select(.type == "summary") | .losses.rxq_unseen' "$T/rx")
assert_eq 1600 "$((sum + unseen))" "packets counted + rxq_unseen (sent: 4 x 400)"
bad=$(echo "$flows" | jq -c --argjson unseen "$unseen" '[.[] | select(.packets > 400
	or .packets < 400 - $unseen or .softirq_cpu != 0 or .rps_cpu != 1
	or .why != "rps" or .changes != 1
	or ([.paths[] | "\(.softirq_cpu)>\(.rps_cpu)"] | sort) != ["0>0", "0>1"])]')
assert_eq "[]" "$bad" "flows not moved from CPU 0 to CPU 1"
assert_eq 4 "$(jq -c 'select(.type == "flow_change" and .old.rps_cpu == 0 and .rps_cpu == 1)' \
	"$T/rx" | wc -l | tr -d ' ')" "moves to CPU 1"
assert_eq "$unseen" "$(jq 'select(.type == "summary") | [.losses[]] | add' "$T/rx")" \
	"losses other than rxq_unseen"
