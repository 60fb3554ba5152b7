# SPDX-License-Identifier: GPL-2.0
# Probe cost: latency and trace report what their own BPF programs cost, per
# stage, from the kernel's BPF statistics. Checked against bpftool's
# run_cnt and run_time_ns of the same programs (by id, from -v), read while
# pktpath is still attached once the traffic stopped: within 20% (pktpath
# reads at detach, a moment later, and other traffic of the machine runs
# the same programs); every attached program is listed, once; the stages
# that see each packet once ran at least once per packet sent; the
# intervals' figures add up. Without the privilege to turn statistics on
# (no CAP_SYS_ADMIN): one note, no figures, exit 0.
# asan: yes
# vm: yes
. tests/lib.sh
. tests/trace/common.sh

command -v setpriv >/dev/null || fail "setpriv is not installed (util-linux)"
sandbox_new 4
sandbox_warm
n=4000
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3
pp_start "$T/lat" latency --dev "$DEV_A" --netns "$NS_A" --json -v --interval 0.4
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets $n --payload 64 || fail "sender failed"
sleep 0.5 # an interval report after the last packet
ids=$(pp_prog_ids "$T/lat.err")
[ -n "$ids" ] || fail "no program ids in the -v log"
bt=$(for id in $ids; do bpftool -j prog show id "$id"; done |
	jq -s -c '[.[] | {id, name, runs: (.run_cnt // 0), ns: (.run_time_ns // 0)}]')
pp_stop

s=$(summary "$T/lat")
[ -n "$s" ] || fail "no summary"
assert_eq '"BPF_ENABLE_STATS"' "$(echo "$s" | jq -c .probe_cost_source)" "probe_cost_source"
# Every program pktpath attached is in probe_cost once, and nothing else.
assert_eq "$(echo "$bt" | jq -c '[.[].id] | sort')" \
	"$(echo "$s" | jq -c '[.probe_cost[].prog_id] | sort')" "programs in probe_cost"

# Against bpftool, program by program, those that ran for the traffic.
cmp=$(echo "$s" | jq -c --argjson bt "$bt" --argjson n $n '.probe_cost[] | . as $p
	| ($bt[] | select(.id == $p.prog_id)) as $b | select($b.runs >= $n / 2)
	| {stage: ($p.stage // $p.hook), runs: $p.runs, bt_runs: $b.runs,
	   ns_per_run: $p.ns_per_run, bt_ns_per_run: ($b.ns / $b.runs)}')
[ "$(echo "$cmp" | grep -c .)" -ge 4 ] || fail "too few programs ran: $cmp"
echo "$cmp" | while read -r c; do note "$c"; done
bad=$(echo "$cmp" | jq -c 'select(.runs < .bt_runs or .runs > .bt_runs * 1.2
	or .ns_per_run < .bt_ns_per_run * 0.8 or .ns_per_run > .bt_ns_per_run * 1.2)')
[ -z "$bad" ] || fail "probe cost differs from bpftool's by more than 20%: $bad"

# Stages of latency's default set every packet sent meets exactly once: at least n runs. At most n
# plus a quarter: the programs run for all traffic of the machine (their
# filters are inside them), and other tests may send some meanwhile.
for st in $(present "$T/lat" net_dev_queue net_dev_start_xmit netif_receive_skb); do
	runs=$(echo "$s" | jq --arg st "$st" '.probe_cost[] | select(.stage == $st) | .runs')
	note "$st: $runs runs for $n packets"
	[ -n "$runs" ] && [ "$runs" -ge $n ] && [ "$runs" -le $((n + n / 4)) ] ||
		fail "$st ran ${runs:-no} times for $n packets"
done
# The intervals report what ran in each: together, all the packets.
sum=$(jq -s '[.[] | select(.type == "interval") | .probe_cost[]
	| select(.stage == "net_dev_start_xmit") | .runs] | add' "$T/lat")
whole=$(echo "$s" | jq '.probe_cost[] | select(.stage == "net_dev_start_xmit") | .runs')
note "net_dev_start_xmit: intervals $sum, whole run $whole"
[ "$sum" -ge $n ] && [ "$sum" -le "$whole" ] || fail "intervals' runs $sum (whole run $whole)"

# trace's text summary: a line per stage that ran (at least once per packet:
# how many more is the JSON check's business above), and the total.
pp_start "$T/tr" trace --dev "$DEV_A" --netns "$NS_A" --quiet
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets 200 --payload 64 || fail "sender failed"
sleep 0.2
pp_stop
grep -q "^  probe cost per program run" "$T/tr" || fail "no probe cost in: $(cat "$T/tr")"
line=$(grep "^    net_dev_start_xmit " "$T/tr")
note "$line"
runs=$(echo "$line" | awk '{ print $3 }') per=$(echo "$line" | awk '{ print $4 }')
[ "$runs" -ge 200 ] && [ "$per" -gt 0 ] || fail "net_dev_start_xmit runs: $line"
grep -q "^    all .* of one CPU$" "$T/tr" || fail "no total line in: $(cat "$T/tr")"

# --no-probe-cost: statistics left alone, no figures.
"$PKTPATH" latency --duration 0.2 --json --no-probe-cost >"$T/off" 2>"$T/off.err" ||
	fail "latency --no-probe-cost: $(cat "$T/off.err")"
assert_eq 'null []' "$(summary "$T/off" | jq -r -c '"\(.probe_cost_source) \(.probe_cost)"')" \
	"probe cost with --no-probe-cost"

# Without CAP_SYS_ADMIN the kernel refuses BPF_ENABLE_STATS: one note, no
# figures, exit 0 (unless the sysctl already counts for everyone).
# The guests' initramfs has busybox's setpriv, which cannot drop from the
# bounding set: there the build machine's run of this test is the check.
if setpriv --help 2>&1 | grep -q -- --bounding-set; then
	setpriv --bounding-set -all,+bpf,+perfmon,+syslog,+dac_override,+sys_resource --inh-caps -all \
		-- "$PKTPATH" latency --duration 0.2 --json >"$T/np" 2>"$T/np.err" ||
		fail "latency without CAP_SYS_ADMIN: $(cat "$T/np.err")"
	src=$(summary "$T/np" | jq -r .probe_cost_source)
	if [ "$(cat /proc/sys/kernel/bpf_stats_enabled)" = 1 ]; then
		assert_eq kernel.bpf_stats_enabled "$src" "probe_cost_source with the sysctl on"
	else
		assert_eq null "$src" "probe_cost_source without the privilege"
		assert_eq "[]" "$(summary "$T/np" | jq -c .probe_cost)" "probe_cost without the privilege"
		grep -q "probe cost not measured" "$T/np.err" || fail "no note: $(cat "$T/np.err")"
		note "$(cat "$T/np.err")"
	fi
else
	note "setpriv cannot drop capabilities here (busybox): the unprivileged run is checked on the build machine"
fi
exit 0
