# SPDX-License-Identifier: GPL-2.0
# RPS over CPUs 0 and 1: each flow is processed on the CPU the kernel's
# formula gives for its skb->hash, cpus[reciprocal_scale(hash, 2)] =
# cpus[(hash * 2) >> 32], computed here independently of pktpath; and both
# CPUs are used.
# vm: yes
. tests/lib.sh
. tests/rxq/common.sh

need_cpus 2
sandbox_new 2
sandbox_warm
rps_set "$NS_B" "$DEV_B" 3
recv_start "$T/recv" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --ports 16 --count 320

pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --json
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40000 --dport 9000 --flows 16 --packets 20 --payload 64 || fail "sender failed"
recv_wait
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
flows=$(echo "$summary" | jq -c '[.devices[].flows[] | select(.proto == "udp")]')
assert_eq 16 "$(echo "$flows" | jq length)" "flows"
# The formula, and every packet of the flow on that one CPU.
bad=$(echo "$flows" | jq -c '[.[] | select(.hash == 0 or
	.rps_cpu != ((.hash * 2 / 4294967296) | floor) or .why != "rps" or
	.rps_map_cpu != .rps_cpu or .packets != 20 or (.paths | length) != 1)]')
assert_eq "[]" "$bad" "flows not where the hash puts them"
used=$(echo "$flows" | jq -c '[.[].rps_cpu] | unique')
assert_eq "[0,1]" "$used" "CPUs used"
steered=$(echo "$flows" | jq '[.[] | select(.rps_cpu == 1 and (.flags | index("steered")))] | length')
assert_eq "$(echo "$flows" | jq '[.[] | select(.rps_cpu == 1)] | length')" "$steered" \
	"flows on CPU 1 flagged steered"
note "16 flows: $(echo "$flows" | jq '[.[] | select(.rps_cpu == 0)] | length') on CPU 0, the rest on CPU 1, as their hashes say"
