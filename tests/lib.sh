# SPDX-License-Identifier: GPL-2.0
# lib.sh - what the shell tests share. POSIX sh (busybox too: the same tests
# run on the second kernel under qemu). Source it from a test:  . tests/lib.sh
#
# Every test runs as root from the repository root. It builds its own
# sandbox (sandbox_new), which the EXIT trap removes whatever happens.

BUILD=${BUILD:-build}
PKTPATH=${PKTPATH:-$BUILD/pktpath}
HELPERS=$BUILD/tests
T=$(mktemp -d /tmp/pktpath-test.XXXXXX)
NS_A= NS_B=
BG_PIDS=

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

note() {
	echo "  $*"
}

assert_eq() { # expected actual what
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

cleanup() {
	for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
	for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
	[ -n "$NS_A" ] && ip netns del "$NS_A" 2>/dev/null
	[ -n "$NS_B" ] && ip netns del "$NS_B" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bg CMD...: run in the background, killed at exit.
bg() {
	"$@" &
	BG_PIDS="$BG_PIDS $!"
}

# sandbox_new [QUEUES]: namespaces $NS_A and $NS_B joined by veth $DEV_A
# (192.0.2.1) <-> $DEV_B (192.0.2.2), QUEUES TX/RX queues each, an mq qdisc
# on $DEV_A. No IPv6 address (sandbox_ipv6 adds them): no router
# solicitations, DAD or MLD reports sent at random times.
sandbox_new() {
	q=${1:-4}
	NS_A=ppt-$$-a NS_B=ppt-$$-b DEV_A=veth-a DEV_B=veth-b
	ADDR_A=192.0.2.1 ADDR_B=192.0.2.2 ADDR6_A=2001:db8::1 ADDR6_B=2001:db8::2
	ip netns add "$NS_A" && ip netns add "$NS_B" &&
	ip link add "$DEV_A" netns "$NS_A" numtxqueues "$q" numrxqueues "$q" type veth \
		peer "$DEV_B" netns "$NS_B" numtxqueues "$q" numrxqueues "$q" &&
	ip -n "$NS_A" link set "$DEV_A" addrgenmode none &&
	ip -n "$NS_B" link set "$DEV_B" addrgenmode none &&
	ip -n "$NS_A" addr add "$ADDR_A/24" dev "$DEV_A" &&
	ip -n "$NS_B" addr add "$ADDR_B/24" dev "$DEV_B" &&
	tc -n "$NS_A" qdisc replace dev "$DEV_A" root handle 1: mq &&
	ip -n "$NS_A" link set "$DEV_A" up && ip -n "$NS_B" link set "$DEV_B" up &&
	ip -n "$NS_A" link set lo up && ip -n "$NS_B" link set lo up ||
		fail "cannot build the sandbox"
}

# sandbox_ipv6: 2001:db8::1 on $DEV_A and 2001:db8::2 on $DEV_B.
sandbox_ipv6() {
	ip -n "$NS_A" addr add "$ADDR6_A/64" dev "$DEV_A" nodad &&
	ip -n "$NS_B" addr add "$ADDR6_B/64" dev "$DEV_B" nodad || fail "cannot add IPv6"
}

# Permanent neighbour entries both ways, so no ARP or ND (nor their timed
# re-probes) mixes into counts a test compares with what it sent.
sandbox_warm() {
	mac_a=$(ip -n "$NS_A" -br link show "$DEV_A" | awk '{ print $3 }')
	mac_b=$(ip -n "$NS_B" -br link show "$DEV_B" | awk '{ print $3 }')
	ip -n "$NS_A" neigh replace "$ADDR_B" lladdr "$mac_b" dev "$DEV_A" nud permanent &&
	ip -n "$NS_B" neigh replace "$ADDR_A" lladdr "$mac_a" dev "$DEV_B" nud permanent &&
	ip -n "$NS_B" neigh replace "$ADDR6_A" lladdr "$mac_a" dev "$DEV_B" nud permanent 2>/dev/null
	ip -n "$NS_A" neigh replace "$ADDR6_B" lladdr "$mac_b" dev "$DEV_A" nud permanent ||
		fail "cannot set static neighbours"
}

# pp_start OUTFILE ARGS...: run pktpath in the background until pp_stop,
# waiting until its programs are attached (--ready-file), at most
# PP_READY_TIMEOUT seconds (default 60; valgrind on a busy machine needs more).
pp_start() {
	out=$1
	shift
	rm -f "$T/ready"
	$PP_WRAP "$PKTPATH" "$@" --ready-file "$T/ready" >"$out" 2>"$out.err" &
	PP_PID=$!
	BG_PIDS="$BG_PIDS $PP_PID"
	i=0
	while [ ! -e "$T/ready" ]; do
		kill -0 "$PP_PID" 2>/dev/null || { cat "$out.err" >&2; fail "pktpath $* exited early"; }
		i=$((i + 1))
		[ $i -gt $((${PP_READY_TIMEOUT:-60} * 10)) ] &&
			fail "pktpath $* not ready after ${PP_READY_TIMEOUT:-60} s"
		sleep 0.1
	done
}

# Set PP_WRAP="$MEMCHECK" to run pktpath under valgrind's memcheck: an
# invalid access or a definite leak makes it exit 99 (and pp_stop fail).
MEMCHECK="valgrind --quiet --error-exitcode=99 --leak-check=full \
--errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp"
PP_WRAP=

# pp_stop: Ctrl-C, as a user would; fails unless pktpath exits 0.
pp_stop() {
	kill -INT "$PP_PID"
	wait "$PP_PID"
	rc=$?
	[ $rc -eq 0 ] || { cat "$out.err" >&2; fail "pktpath exited $rc after SIGINT"; }
}

# tc_queue_packets NS DEV: "QUEUE PACKETS" per child of the mq qdisc.
tc_queue_packets() {
	tc -n "$1" -s qdisc show dev "$2" | awk '
		/^qdisc/ { q = -1; for (i = 1; i < NF; i++) if ($i == "parent" && $(i + 1) ~ /^1:/) {
			split($(i + 1), a, ":"); q = sprintf("%d", "0x" a[2]) - 1 } }
		/^ Sent/ && q >= 0 { print q, $4 }'
}

# pp_prog_ids ERRFILE: the ids of the programs one pktpath run attached, from
# its -v log ("attached NAME (program id N)"): exact even when other runs
# load programs of the same names at the same time.
pp_prog_ids() {
	sed -n 's/.*attached .* (program id \([0-9]*\)).*/\1/p' "$1"
}

# progs_gone IDS WHAT: every program in IDS is unloaded. The kernel frees a
# program after an RCU grace period, so this allows 3 s.
progs_gone() {
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

# BPF program ids whose name starts with PREFIX (bpftool's JSON).
bpf_prog_ids() {
	bpftool -j prog show 2>/dev/null | jq -r --arg p "$1" \
		'.[] | select(.name != null and (.name | startswith($p))) | .id'
}

# check_queue_totals BEFORE AFTER SUMMARY DEV: the per-queue packets in a txq
# JSON summary equal the qdisc counters' growth between BEFORE and AFTER
# (outputs of tc_queue_packets).
check_queue_totals() {
	for q in $(echo "$2" | awk '{ print $1 }'); do
		b=$(echo "$1" | awk -v q="$q" '$1 == q { print $2 }')
		a=$(echo "$2" | awk -v q="$q" '$1 == q { print $2 }')
		want=$((${a:-0} - ${b:-0}))
		got=$(echo "$3" | jq --argjson q "$q" --arg d "$4" \
			'[.devices[] | select(.dev == $d) | .queues[] | select(.queue == $q) | .packets] | add // 0')
		note "queue $q: tc $want, pktpath $got"
		[ "$want" = "$got" ] || queue_totals_explain "$1" "$2" "$3"
		assert_eq "$want" "$got" "queue $q packets"
	done
}

# queue_totals_explain BEFORE AFTER SUMMARY: what a failed comparison needs
# to be understood without a rerun: both tc readings, every device row of
# the summary (a queue counted under another device shows there), each
# flow's queues, and pktpath's own loss counters.
queue_totals_explain() {
	echo "tc before: $(echo "$1" | tr '\n' ' ')" >&2
	echo "tc after:  $(echo "$2" | tr '\n' ' ')" >&2
	echo "$3" | jq -r '.devices[] |
		"device \(.dev) ifindex \(.ifindex) netns \(.netns_inode): " +
		([.queues[] | "\(.queue)=\(.packets)"] | join(" ")),
		(.flows[] | "  flow \(.proto) \(.sport)>\(.dport) now on \(.queue): \(.packets) [" +
		([.queues[] | "\(.queue)=\(.packets)"] | join(" ")) + "]")' >&2
	echo "$3" | jq -c '{flows_evicted, losses}' >&2
}

# kconfig NAME: the value of CONFIG_NAME (y, m, a string) in the running
# kernel's configuration, "" when unset; fails when the configuration is not
# published (/proc/config.gz, /boot/config-RELEASE).
kconfig() {
	if [ -r /proc/config.gz ]; then
		cfg=$(zcat /proc/config.gz) || return 1
	elif [ -r "/boot/config-$(uname -r)" ]; then
		cfg=$(cat "/boot/config-$(uname -r)") || return 1
	else
		return 1
	fi
	echo "$cfg" | sed -n "s/^CONFIG_$1=//p"
}

# kernel_kind: which of the kernels the suite knows this is, for tests whose
# expectations differ: "host" (the build machines' 6.18: no kprobes, fentry
# refused with EPERM), or Debian's cloud kernels under qemu, where kprobes
# and fentry work: "debian510" (no drop reasons, no atomic fetch),
# "debian61" (the whole suite runs there) and "debian612". Fails the test on
# any other kernel: its expectations must be written down first, not guessed.
kernel_kind() {
	case $(uname -r) in
	*-fc-*) echo host ;;
	5.10.*) echo debian510 ;;
	6.1.*) echo debian61 ;;
	6.12.*) echo debian612 ;;
	*) fail "no expectations recorded for kernel $(uname -r) (tests/lib.sh kernel_kind)" ;;
	esac
}

# expect_error STATUS PATTERN ARGS...: pktpath ARGS must exit with STATUS,
# print nothing on stdout and exactly one line on stderr that says PATTERN.
expect_error() {
	want=$1 pat=$2
	shift 2
	"$PKTPATH" "$@" >"$T/o" 2>"$T/e"
	rc=$?
	[ "$rc" = "$want" ] || fail "pktpath $*: exit $rc, expected $want ($(cat "$T/e"))"
	[ ! -s "$T/o" ] || fail "pktpath $*: wrote to stdout: $(cat "$T/o")"
	[ "$(wc -l <"$T/e")" -eq 1 ] || fail "pktpath $*: expected one line, got: $(cat "$T/e")"
	grep -q "$pat" "$T/e" || fail "pktpath $*: '$(cat "$T/e")' does not say '$pat'"
	note "$* -> $(cat "$T/e")"
}

# fuzz_run NAME SECONDS DIR...: run the libFuzzer target $HELPERS/fuzz/NAME
# for SECONDS on the corpora DIR... (the first one collects what it finds).
# A crash, a sanitizer report, a leak or a hang fails the test; what
# triggered it is kept in $BUILD/fuzz-artifacts. The log is in $T/fuzz.log.
fuzz_run() {
	fz_bin=$HELPERS/fuzz/$1 fz_secs=$2
	shift 2
	[ -x "$fz_bin" ] || fail "$fz_bin missing: run make helpers"
	"$fz_bin" -max_total_time="$fz_secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$T/" "$@" >"$T/fuzz.log" 2>&1
	fz_rc=$?
	if [ "$fz_rc" -ne 0 ] || ! grep -q "^Done [0-9]* runs" "$T/fuzz.log"; then
		tail -n 80 "$T/fuzz.log" >&2
		mkdir -p "$BUILD/fuzz-artifacts"
		for f in "$T"/crash-* "$T"/leak-* "$T"/timeout-* "$T"/oom-*; do
			[ -e "$f" ] || continue
			cp "$f" "$BUILD/fuzz-artifacts/"
			echo "kept $BUILD/fuzz-artifacts/${f##*/} (replay: $fz_bin FILE)" >&2
		done
		fail "the fuzzer $1 found a problem (exit $fz_rc)"
	fi
}

# nft_drop_udp NS PORT: an nftables rule in namespace NS that counts and
# drops UDP to PORT on input (table inet ppt_drop).
nft_drop_udp() {
	command -v nft >/dev/null || fail "nft is not installed"
	ip netns exec "$1" nft -f - <<NFT || fail "cannot load the nftables rule"
table inet ppt_drop {
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport $2 counter drop
	}
}
NFT
}

# nft_counted NS: the packets the counters of NS's nftables rules counted.
nft_counted() {
	ip netns exec "$1" nft -j list ruleset |
		jq '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | add'
}
