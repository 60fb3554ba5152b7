# SPDX-License-Identifier: GPL-2.0
# RFS (rps_flow_cnt on the RX queues, net.core.rps_sock_flow_entries) and no
# RPS map: each flow is processed on its reader's CPU. Two connected
# readers, one pinned to CPU 0, one to CPU 1; the sender on CPU 0. Without
# RFS both flows would stay on CPU 0.
. tests/lib.sh
. tests/rxq/common.sh

need_cpus 2
sandbox_new 2
sandbox_warm
old_entries=$(cat /proc/sys/net/core/rps_sock_flow_entries)
restore() { echo "$old_entries" >/proc/sys/net/core/rps_sock_flow_entries; }
trap 'restore; cleanup' EXIT
[ "$old_entries" -gt 0 ] || echo 4096 >/proc/sys/net/core/rps_sock_flow_entries ||
	fail "cannot set rps_sock_flow_entries"
rps_set "$NS_B" "$DEV_B" 0
rps_flow_cnt_set "$NS_B" "$DEV_B" 256

recv_start "$T/r0" --ns "$NS_B" --addr "$ADDR_B" --port 9000 --count 41 --cpu 0 \
	--connect "$ADDR_A" --peer-port 40000
pid0=$RECV_PID
recv_start "$T/r1" --ns "$NS_B" --addr "$ADDR_B" --port 9001 --count 41 --cpu 1 \
	--connect "$ADDR_A" --peer-port 40001
pid1=$RECV_PID

pp_start "$T/out" rxq --dev "$DEV_B" --netns "$NS_B" --json
# One socket per flow for the whole run, so one hash per flow: the
# reader's first receive records that hash and its CPU in the socket flow
# table, and the flow follows the reader from the next datagram on (10 ms
# later: time for the reader to wake up).
taskset -c 0 "$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" \
	--sport 40000 --dport 9000 --flows 2 --packets 41 --payload 64 --gap-us 10000 ||
	fail "sender failed"
wait "$pid0" || fail "reader 0 did not get every datagram"
wait "$pid1" || fail "reader 1 did not get every datagram"
pp_stop

summary=$(jq -c 'select(.type == "summary")' "$T/out")
f0=$(flow_of "$summary" 40000)
f1=$(flow_of "$summary" 40001)
assert_eq "[0,0,0,$pid0,\"rfs\"]" "$(echo "$f0" | jq -c '[.softirq_cpu, .rps_cpu, .app_cpu, .app_pid, .why]')" "flow read on CPU 0"
assert_eq "[0,1,1,$pid1,\"rfs\"]" "$(echo "$f1" | jq -c '[.softirq_cpu, .rps_cpu, .app_cpu, .app_pid, .why]')" "flow read on CPU 1"
# The CPU-1 reader's flow: processed on CPU 0 until its reader first
# received (then the socket flow table has its hash and CPU), on CPU 1 from
# then on: one move, never back. How many datagrams passed before the move
# depends on how soon CPU 1 runs the reader, on this shared machine.
on1=$(echo "$f1" | jq '[.paths[] | select(.softirq_cpu == 0 and .rps_cpu == 1) | .packets] | add // 0')
[ "$on1" -ge 1 ] || fail "no packet of the CPU-1 reader's flow was processed on CPU 1"
assert_eq 1 "$(echo "$f1" | jq .changes)" "moves of the CPU-1 reader's flow"
# Every datagram is counted, or missing from the stack stage's count and
# then in rxq_unseen (see README: the tracepoint may not run the program).
unseen=$(echo "$summary" | jq '.losses.rxq_unseen')
p0=$(echo "$f0" | jq '[.paths[] | select(.rps_cpu == 0) | .packets] | add')
p1=$(echo "$f1" | jq .packets)
assert_eq 82 "$((p0 + p1 + unseen))" "packets of both flows (the CPU-0 reader's on CPU 0) + rxq_unseen"
[ "$p0" -ge $((41 - unseen)) ] && [ "$p1" -ge $((41 - unseen)) ] ||
	fail "flows short by more than rxq_unseen ($unseen): $p0 and $p1 of 41"
moved=$(jq -c 'select(.type == "flow_change" and .sport == 40001) | [.old.rps_cpu, .rps_cpu, .why]' "$T/out")
assert_eq '[0,1,"rfs"]' "$moved" "the CPU-1 reader's flow moving"
echo "$f1" | jq -e '.flags | index("steered")' >/dev/null || fail "flow to CPU 1 not flagged steered"
note "the CPU-1 reader's flow: $on1 of 41 packets processed on CPU 1, after its reader first received"
