# SPDX-License-Identifier: GPL-2.0
# RPS to CPU 1 on every RX queue of the receiving veth, the sender pinned to
# CPU 0 and the reader to CPU 1: every flow is handed over on CPU 0,
# processed on CPU 1 and read on CPU 1 by the reader, with exactly the
# datagrams sent and read; why "rps", flagged "steered". Interval reports
# add up to the summary, flow by flow. (6.1 has neither sk_data_ready nor
# sock_recv_length: no reader there.)
# asan: yes
# vm: yes
. tests/lib.sh
. tests/rxq/common.sh

sandbox_rps_to_cpu1
counts="101 117 123 139"
recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 4 --count 480 --cpu 1

if has_reader_hooks; then
	app="1,$RECV_PID,\"udprecv\"" readers=4
else
	app="null,null,null" readers=0
fi
pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --json --interval 0.1
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40000 --dport 9000 --flows 4 --counts "$(echo $counts | tr ' ' ,)" --payload 64 ||
	fail "sender failed"
recv_wait
sleep 0.3 # an idle interval: every packet is in one
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
[ -n "$summary" ] || fail "no summary"
assert_eq '["1"]' "$(echo "$summary" | jq -c '[.devices[].rps_cpus[]] | unique')" "rps_cpus read back"
i=0
for c in $counts; do
	port=$((9000 + i))
	read_n=$(awk -v p=$port '$1 == p { print $2 }' "$T/recv")
	assert_eq "$c" "$read_n" "datagrams the reader got on $port"
	flow=$(flow_of "$summary" $((40000 + i)))
	[ -n "$flow" ] || fail "flow $((40000 + i)) missing"
	# ksoftirqd may or may not take CPU 1's softirq: not part of the test.
	got=$(echo "$flow" | jq -c '[.packets, .softirq_cpu, .rps_cpu, .app_cpu, .app_pid, .app_comm, .why, .flags - ["ksoftirqd"]]')
	assert_eq "[$c,0,1,$app,\"rps\",[\"steered\"]]" "$got" "flow $((40000 + i))"
	assert_eq 1 "$(echo "$flow" | jq '.paths | length')" "ways in of flow $((40000 + i))"
	i=$((i + 1))
done
assert_eq 0 "$(echo "$summary" | jq '[.losses[]] | add // 0')" "losses"
assert_eq 4 "$(jq -c 'select(.type == "new_flow")' "$T/out" | wc -l | tr -d ' ')" "new_flow events"
assert_eq $readers "$(jq -c 'select(.type == "app_change" and .app_cpu == 1)' "$T/out" | wc -l | tr -d ' ')" \
	"first-reader events"
note "4 flows: softirq cpu 0 -> rps cpu 1 -> reader cpu 1, $(echo $counts) packets"
flow_key='"\(.sport)"'
sum_f=$(jq -s -c "[.[] | select(.type == \"interval\") | .devices[].flows[]] |
	group_by($flow_key) | map(\"\\(.[0] | $flow_key)=\\(map(.packets) | add)\") | sort" "$T/out")
want_f=$(echo "$summary" | jq -c "[.devices[].flows[] | \"\\($flow_key)=\\(.packets)\"] | sort")
assert_eq "$want_f" "$sum_f" "intervals per flow"
