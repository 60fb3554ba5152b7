# SPDX-License-Identifier: GPL-2.0
# What the rxq tests share, sourced after tests/lib.sh.

# has_reader_hooks: rxq can name each flow's reader: the kernel has both
# sock:sk_data_ready (6.6) and sock:sock_recv_length (6.4); false with
# neither (its app_* fields are null then). With only one of them what rxq
# shows is not written down: the test needs both.
has_reader_hooks() {
	kernel_has tracepoint:sock/sk_data_ready && kernel_has tracepoint:sock/sock_recv_length &&
		return 0
	kernel_has tracepoint:sock/sk_data_ready || kernel_has tracepoint:sock/sock_recv_length ||
		return 1
	need tracepoint:sock/sk_data_ready tracepoint:sock/sock_recv_length
}

# rps_set NS DEV MASK: rps_cpus of every RX queue of DEV (a hex CPU mask).
rps_set() {
	ip netns exec "$1" sh -c "for q in /sys/class/net/$2/queues/rx-*; do
		echo $3 > \$q/rps_cpus || exit 1; done" || fail "cannot set rps_cpus on $2"
}

# sandbox_rps_to_cpu1: a warm 2-queue sandbox whose receiving end steers
# every packet to CPU 1 with RPS (on a machine of 2 CPUs at least).
sandbox_rps_to_cpu1() {
	need_cpus 2
	sandbox_new 2
	sandbox_warm
	rps_set "$NS_B" "$DEV_B" 2
}

# rps_flow_cnt_set NS DEV N: rps_flow_cnt of every RX queue of DEV.
rps_flow_cnt_set() {
	ip netns exec "$1" sh -c "for q in /sys/class/net/$2/queues/rx-*; do
		echo $3 > \$q/rps_flow_cnt || exit 1; done" || fail "cannot set rps_flow_cnt on $2"
}

# recv_start FILE ARGS...: udprecv in the background, once it is bound.
# RECV_PID is its pid (it reads in that very process).
recv_start() {
	f=$1
	shift
	"$HELPERS/udprecv" "$@" >"$f" &
	RECV_PID=$!
	BG_PIDS="$BG_PIDS $RECV_PID"
	i=0
	until grep -q ready "$f" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 50 ] || fail "udprecv $* not ready"
		sleep 0.1
	done
}

# recv_wait: the reader got all it expected.
recv_wait() {
	wait "$RECV_PID" || fail "the reader did not get every datagram: $(cat "$f")"
}

# flow_of SUMMARY SPORT: the flow object with that source port.
flow_of() {
	echo "$1" | jq -c --argjson p "$2" '.devices[].flows[] | select(.proto == "udp" and .sport == $p)'
}
