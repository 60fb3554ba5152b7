# SPDX-License-Identifier: GPL-2.0
# bench/lib.sh - the configurations the benchmarks run, started the same way
# by bench/run, bench/stage-cost and bench/profile (after tests/lib.sh and
# sandbox_new: the flood's namespaces and devices).

# A filter with 20+ terms that matches the flood (txq-complex).
COMPLEX='(udp and dst net 192.0.2.0/24 and (dst portrange 9000-9100 or dst port 53) and not src port 22 and len < 1500 and ip[8] > 1 and (udp[4:2] > 8 or tcp) and not icmp and not arp and not ip6 and (src host 192.0.2.1 or src host 192.0.2.3) and not (dst port 443 or dst port 80) and ip[0] & 0xf0 = 0x40 and not ip multicast and not dst host 255.255.255.255 and (udp[0:2] > 1024 or udp[0:2] = 0) and greater 40)'

# flood_sandbox: the flood's two namespaces over a 4-queue veth, and the
# receiver, which discards at its socket.
flood_sandbox() {
	sandbox_new 4
	sandbox_warm
	bg "$HELPERS/udpflood" --sink --ns "$NS_B" --addr "$ADDR_B" --flows 8 >/dev/null
	sleep 0.3
}

# flood SECONDS CPU: the flood itself (8 flows of 64-byte datagrams from the
# sender pinned to CPU); prints its "packets=N seconds=S pps=P" line.
flood() {
	"$HELPERS/udpflood" --ns "$NS_A" --dst "$ADDR_B" --flows 8 --seconds "$1" --cpu "$2"
}

# tracer_pp MODE ARG...: pktpath MODE for start_tracer, its extra arguments
# first.
tracer_pp() {
	tr_mode=$1
	shift
	# shellcheck disable=SC2086 # tr_extra: words for pktpath
	pp_start "$tr_out" "$tr_mode" $tr_extra "$@"
}

# start_tracer CONFIG OUT [ARG...]: starts CONFIG in the background, its
# output in OUT (and OUT.err for pktpath), and waits until it is attached;
# TR_PID is its pid (empty for none). ARGs go to pktpath, after its mode
# (bench/stage-cost's -v).
start_tracer() {
	TR_PID=
	tr_cfg=$1 tr_out=$2
	shift 2
	tr_extra="$*"
	case $tr_cfg in
	none) return 0 ;;
	txq) tracer_pp txq --dev "$DEV_A" --netns "$NS_A" --json ;;
	txq-nomatch) tracer_pp txq --dev "$DEV_A" --netns "$NS_A" --json 'tcp port 12345' ;;
	txq-match) tracer_pp txq --dev "$DEV_A" --netns "$NS_A" --json 'udp' ;;
	txq-complex) tracer_pp txq --dev "$DEV_A" --netns "$NS_A" --json "$COMPLEX" ;;
	rxq) tracer_pp rxq --dev "$DEV_B" --netns "$NS_B" --json ;;
	drops) tracer_pp drops --netns "$NS_B" --json --rate 0 ;;
	trace) tracer_pp trace --dev "$DEV_A" --netns "$NS_A" --json --rate 0 \
		--ring-size 64 ;;
	trace-rate) tracer_pp trace --dev "$DEV_A" --netns "$NS_A" --json ;;
	trace-rate-nocost) tracer_pp trace --dev "$DEV_A" --netns "$NS_A" --json \
		--no-probe-cost ;;
	trace-rate-stats) tracer_pp trace --dev "$DEV_A" --netns "$NS_A" --json \
		--probe-cost stats ;;
	trace-w) tracer_pp trace --dev "$DEV_A" --netns "$NS_A" --json --rate 0 \
		--ring-size 64 -w /dev/null ;;
	latency) tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json --interval 1 ;;
	latency-nocost) tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json \
		--interval 1 --no-probe-cost ;;
	latency-stats) tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json \
		--interval 1 --probe-cost stats ;;
	latency-tp) tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json --interval 1 \
		--stage none ;;
	latency-sample) tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json \
		--interval 1 --sample 16 ;;
	latency-fn)
		tracer_pp latency --dev "$DEV_A" --netns "$NS_A" --json --interval 1 \
			--stage ip_rcv_core --stage udp_rcv ;;
	floor-empty | floor-clock)
		# Its "attached NAME (program id N)" lines, as pktpath -v
		# writes them, go where pp_prog_ids looks.
		"$HELPERS/progfloor" "${tr_cfg#floor-}" >"$tr_out" 2>"$tr_out.err" &
		PP_PID=$!
		BG_PIDS="$BG_PIDS $PP_PID"
		i=0
		until grep -q "^ready" "$tr_out" 2>/dev/null; do
			i=$((i + 1))
			[ $i -gt 300 ] && fail "progfloor did not attach: $(cat "$tr_out.err")"
			sleep 0.1
		done ;;
	bpftrace | bpftrace-latency)
		command -v bpftrace >/dev/null || fail "bpftrace is not installed"
		if [ "$tr_cfg" = bpftrace ]; then
			bpftrace -e 'tracepoint:net:net_dev_start_xmit {
				@[args->queue_mapping, ((struct sk_buff *)args->skbaddr)->hash] = count(); }' \
				>"$tr_out" 2>&1 &
		else
			ifindex=$(ip -n "$NS_A" -o link show "$DEV_A" | cut -d: -f1)
			inode=$(stat -L -c %i "/run/netns/$NS_A")
			bpftrace bench/latency.bt "$ifindex" "$inode" >"$tr_out" 2>&1 &
		fi
		PP_PID=$!
		BG_PIDS="$BG_PIDS $PP_PID"
		i=0
		until grep -q "Attaching" "$tr_out" 2>/dev/null; do
			i=$((i + 1))
			[ $i -gt 300 ] && fail "bpftrace did not attach"
			sleep 0.1
		done
		sleep 0.5 ;; # "Attaching" comes just before the attach itself
	*) fail "unknown config $tr_cfg" ;;
	esac
	TR_PID=$PP_PID
}

