# SPDX-License-Identifier: GPL-2.0
# No RPS, sender and reader on CPU 0: every flow is handed over, processed
# and read on CPU 0; why "none", no flag. (No reader on 6.1: see rps.)
# vm: yes
. tests/lib.sh
. tests/rxq/common.sh

sandbox_new 2
sandbox_warm
rps_set "$NS_B" "$DEV_B" 0
recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 3 --count 150 --cpu 0

if has_reader_hooks; then
	app="0,$RECV_PID"
else
	app="null,null"
fi
pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --json
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40000 --dport 9000 --flows 3 --packets 50 --payload 100 || fail "sender failed"
recv_wait
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
for i in 0 1 2; do
	flow=$(flow_of "$summary" $((40000 + i)))
	got=$(echo "$flow" | jq -c '[.packets, .bytes, .softirq_cpu, .rps_cpu, .app_cpu, .app_pid, .why, .flags]')
	# bytes: skb->len at the stack, the IP packet (20 + 8 + 100).
	assert_eq "[50,6400,0,0,$app,\"none\",[]]" "$got" "flow $((40000 + i))"
done
assert_eq '["-"]' "$(echo "$summary" | jq -c '[.devices[].rps_cpus[]] | unique')" "rps_cpus"
