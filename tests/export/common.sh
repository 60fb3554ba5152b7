# SPDX-License-Identifier: GPL-2.0
# common.sh - what the export tests share, on top of tests/lib.sh and
# tests/drops/common.sh. POSIX sh (busybox too).

# free_port: a TCP port no socket uses, below the kernel's ephemeral range
# (an outgoing connection's port there would make bind() fail later).
free_port() {
	fp_top=$(awk '{ print $1 - 1 }' /proc/sys/net/ipv4/ip_local_port_range)
	fp=$((10000 + ($$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/') % 9973) % (fp_top - 10000)))
	while ss -Htan "sport = :$fp" | grep -q .; do fp=$((fp + 1)); done
	echo "$fp"
}

# The UDP source port the test's traffic uses, and the filter that selects
# it alone: other tests on this machine send to the same addresses.
SPORT=$((40000 + $$ % 20000))
FILTER="udp and src portrange $SPORT-$((SPORT + 15))"

# exp_start ARGS...: pktpath export on 127.0.0.1:$PORT, ready.
exp_start() {
	PORT=$(free_port)
	pp_start "$T/exp.out" export --listen "127.0.0.1:$PORT" "$@"
}

# scrape FILE: GET /metrics into FILE; fails unless 200.
scrape() {
	code=$(curl -s -o "$1" -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")
	[ "$code" = 200 ] || fail "GET /metrics: HTTP $code"
}

# metric FILE NAME [LABEL="VALUE"...]: the sum of the samples of NAME whose
# labels include every LABEL="VALUE" given (0 when none).
metric() {
	mf=$1 mn=$2
	shift 2
	awk -v name="$mn" -v want="$*" '
		BEGIN { n = split(want, w, " ") }
		index($0, name "{") == 1 || $1 == name {
			for (i = 1; i <= n; i++) if (index($0, w[i]) == 0) next
			sum += $NF
		}
		END { printf "%.0f\n", sum }' "$mf"
}

# send_noport N: N datagrams from $NS_A to a port nothing listens on in $NS_B.
send_noport() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport "$SPORT" \
		--dport 9 --packets "$1" || fail "udp sender failed"
}
