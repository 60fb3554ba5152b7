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

# xps_cpu0_cpu1: XPS on $DEV_A (4 queues) maps CPU 0 to queue 0, CPU 1 to
# queue 1, and no CPU to queues 2 and 3.
xps_cpu0_cpu1() {
	ip netns exec "$NS_A" sh -c "
		echo 1 > /sys/class/net/$DEV_A/queues/tx-0/xps_cpus &&
		echo 2 > /sys/class/net/$DEV_A/queues/tx-1/xps_cpus &&
		echo 0 > /sys/class/net/$DEV_A/queues/tx-2/xps_cpus &&
		echo 0 > /sys/class/net/$DEV_A/queues/tx-3/xps_cpus" || fail "cannot set XPS"
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

# sandbox_sink QUEUES [SINK-OPTION...]: a warmed sandbox of QUEUES queues
# whose B namespace has a trafgen sink on UDP port 9000 (more with the
# options, e.g. --tcp-port 5001), ready to receive.
sandbox_sink() {
	_q=$1
	shift
	sandbox_new "$_q"
	sandbox_warm
	bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1 "$@"
	sleep 0.3
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

# memcheck_run NAME ARGS...: pktpath ARGS under memcheck (PP_WRAP), with
# interval reports, while the sandbox carries what drops and otherhost
# report: UDP to a closed port (4 flows, 40 datagrams) and 10 frames to a
# foreign MAC (02:00:5e:10:00:01). Output in $T/NAME; fails unless pktpath
# exits 0 (no invalid access, no definite leak) after an interval report.
# Up to 180 s to attach: pktpath under memcheck on a loaded machine.
memcheck_run() {
	mr_name=$1
	shift
	PP_READY_TIMEOUT=${PP_READY_TIMEOUT:-180} PP_WRAP=$MEMCHECK pp_start "$T/$mr_name" "$@" \
		--interval 0.5
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --flows 4 --packets 10 --gap-us 50000 || fail "sender failed"
	"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac 02:00:5e:10:00:01 \
		--src "$ADDR_A" --dst "$ADDR_B" --count 10 --gap-us 50000 || fail "rawsend failed"
	sleep 0.6
	pp_stop
	grep -q "interval" "$T/$mr_name" || fail "$mr_name: no interval report"
}

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

# detach_on_signals ARGS...: pktpath ARGS -v, ended by SIGINT and again by
# SIGTERM (a user's Ctrl-C, a service manager's stop), exits 0 with its
# final summary and leaves none of the programs it loaded (its -v log)
# behind. Its output stays in $T/out.
detach_on_signals() {
	for ds_sig in INT TERM; do
		pp_start "$T/out" "$@" -v
		ds_ids=$(pp_prog_ids "$T/out.err")
		[ -n "$ds_ids" ] || fail "$1: no program reported while running: $(cat "$T/out.err")"
		for ds_id in $ds_ids; do
			bpftool prog show id "$ds_id" >/dev/null 2>&1 || fail "$1: program $ds_id is not loaded"
		done
		kill -$ds_sig "$PP_PID"
		wait "$PP_PID"
		assert_eq 0 $? "$1: exit status after SIG$ds_sig"
		grep -q "summary: whole run" "$T/out" || fail "$1: no final summary after SIG$ds_sig"
		progs_gone "$ds_ids" "$1 SIG$ds_sig"
		note "$1 SIG$ds_sig: detached $(echo $ds_ids)"
	done
}

# detach_after_first EVENTS ARGS...: pktpath ARGS --count 1 --json -v ends by
# itself at the first event while 3 UDP flows go from $NS_A to $NS_B: exit
# 0, one line that the jq condition EVENTS selects, nothing left loaded.
detach_after_first() {
	da_events=$1
	shift
	pp_start "$T/out" "$@" --count 1 --json -v
	da_ids=$(pp_prog_ids "$T/out.err")
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 1000 \
		--dport 9 --flows 3 --packets 5
	wait "$PP_PID"
	assert_eq 0 $? "$1 --count exit status"
	assert_eq 1 "$(events "$T/out" "$da_events")" "$1: events printed with --count 1"
	progs_gone "$da_ids" "$1 --count"
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

# What the kernel has. A test whose expectations differ between kernels asks
# the running kernel what it has, never its name or version: kernel_has
# FEATURE answers from sources that are not pktpath (tracefs, the kernel's
# BTF and configuration, a program of tests/bpf/hooks.bpf.c that
# tests/helpers/hookcheck loads and attaches), so on a kernel the suite has
# never met each test picks its expectations from what is there.
#
# The rule for a test that cannot run at all without a feature: it calls
# `need FEATURE`. On the kernels the suite itself runs on (suite_kernel:
# this build machine's and Debian's 5.10, 6.1 and 6.12 under qemu) what
# their tests need is known to be there, so a lack there is a failure,
# never a skip: a test quietly not run would look like a pass. On any other
# kernel it is a skip (exit 77, "SKIP" in tests/run), naming the feature.
#
# FEATUREs:
#   fentry              an fentry program loads and attaches (ip_rcv_core)
#   kprobes             a kprobe attaches (ip_rcv_core)
#   kprobe_multi        a kprobe.multi link attaches (ip_rcv_core)
#   drop_reasons        kfree_skb's tracepoint has a reason (5.17)
#   drop_reason:NAME    ... and NAME among them (e.g. OTHERHOST, 5.19)
#   tracepoint:CAT/NAME the kernel has that tracepoint (e.g. sock/sk_data_ready)
#   btf_member:NAME     a struct member NAME in the kernel's BTF (e.g.
#                       rx_otherhost_dropped: the device counter of 6.0)
# Answers are cached per test in $T (hookcheck loads take seconds under qemu).
kernel_has() {
	kh_cache=$T/has.$(echo "$1" | tr '/:' '__')
	if [ ! -e "$kh_cache" ]; then
		kernel_probe "$1" >"$kh_cache.why" 2>&1
		echo $? >"$kh_cache"
	fi
	[ "$(cat "$kh_cache")" = 2 ] && fail "kernel_has $1: $(kernel_why "$1")"
	[ "$(cat "$kh_cache")" = 0 ]
}

# kernel_why FEATURE: what the probe of FEATURE said (after kernel_has).
kernel_why() {
	tail -n 1 "$T/has.$(echo "$1" | tr '/:' '__').why" 2>/dev/null
}

# tracefs: where tracefs is mounted (tests/vm/init mounts it in the guest).
tracefs() {
	for tf in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$tf/events" ] && { echo "$tf"; return 0; }
	done
	echo /sys/kernel/tracing
}

# kernel_probe FEATURE: exit 0 when the kernel has it; says why not.
kernel_probe() {
	case $1 in
	fentry | kprobes | kprobe_multi)
		[ -x "$HELPERS/hookcheck" ] || { echo "$HELPERS/hookcheck missing"; return 2; }
		case $1 in
		fentry) kp_prog=fentry_ip_rcv_core ;;
		kprobes) kp_prog=kprobe_ip_rcv_core ;;
		*) kp_prog=kmulti_ip_rcv_core ;;
		esac
		# No trigger: exit 2 (never fired) still means loaded and attached.
		"$HELPERS/hookcheck" "$BUILD/tests/bpf/hooks.bpf.o" "$kp_prog" 2>/dev/null
		kp_rc=$?
		# 3: hookcheck itself failed (no object, no such program): no answer.
		[ $kp_rc -ne 3 ] || return 2
		[ $kp_rc -eq 0 ] || [ $kp_rc -eq 2 ]
		;;
	drop_reasons)
		grep -q 'skb_drop_reason reason;' "$(tracefs)/events/skb/kfree_skb/format" 2>/dev/null ||
			{ echo "kfree_skb has no reason"; return 1; }
		;;
	drop_reason:*)
		grep -q "\"${1#drop_reason:}\"" "$(tracefs)/events/skb/kfree_skb/format" 2>/dev/null ||
			{ echo "no drop reason ${1#drop_reason:}"; return 1; }
		;;
	tracepoint:*)
		[ -d "$(tracefs)/events/${1#tracepoint:}" ] || { echo "no tracepoint ${1#tracepoint:}"; return 1; }
		;;
	btf_member:*)
		bpftool btf dump file /sys/kernel/btf/vmlinux format raw 2>/dev/null |
			grep -q "^	'${1#btf_member:}' type_id=" || { echo "no ${1#btf_member:} in BTF"; return 1; }
		;;
	*) echo "no such feature"; return 2 ;;
	esac
}

# fentry_why, kprobes_why: what pktpath must say about a missing mechanism,
# from the errno hookcheck met (fentry) or the kernel's configuration
# (kprobes); empty when that cannot be told, for use in grep patterns.
fentry_why() {
	fw=$(kernel_why fentry | sed -n -e 's/.*load failed: //p' -e 's/.*attach failed: //p')
	case $fw in
	"") ;;
	"Operation not permitted" | "Permission denied")
		echo "fentry refused by the kernel: $fw (lockdown?)" ;;
	"Unknown error 524" | "Operation not supported")
		echo "fentry is not supported by this kernel (no BPF trampoline)" ;;
	*) echo "fentry refused by the kernel: $fw" ;;
	esac
}
kprobes_why() {
	kw=$(kconfig KPROBES) || return 0
	if [ -z "$kw" ]; then
		echo "kprobes are not built into this kernel (CONFIG_KPROBES)"
	elif [ -z "$(kconfig KPROBE_EVENTS)" ]; then
		echo "kprobes are built in but kprobe events are not (CONFIG_KPROBE_EVENTS)"
	fi
}

# kmulti_why: what pktpath must say about a missing kprobe.multi (after
# kernel_has kprobe_multi), from the kernel's BTF (the attach type, 5.18)
# and the errno libbpf met in hookcheck (fprobe); empty when they do not
# tell, for use in grep patterns.
kmulti_why() {
	if ! bpftool btf dump file /sys/kernel/btf/vmlinux format raw 2>/dev/null |
		grep -q "'BPF_TRACE_KPROBE_MULTI'"; then
		echo "this kernel has no kprobe.multi links (Linux 5.18)"
		return 0
	fi
	kmw=$(kernel_why kprobe_multi | sed -n 's/.*attach failed: //p')
	case $kmw in
	"Operation not supported" | "Unknown error 524")
		echo "this kernel has no fprobe (CONFIG_FPROBE)" ;;
	"Operation not permitted" | "Permission denied")
		echo "kprobe.multi refused by the kernel: $kmw (lockdown?)" ;;
	esac
}

# fn_hooks_why: pktpath's words for why no kernel function can be hooked,
# as a grep pattern (".*" for a reason the probes here cannot tell).
fn_hooks_why() {
	fhw_f=$(fentry_why) fhw_k=$(kprobes_why)
	echo "${fhw_f:-.*}; ${fhw_k:-.*}"
}

# no_fn_hooks: this kernel can hook no function, by fentry nor by kprobe
# (the build machine's: fentry refused, no kprobes).
no_fn_hooks() {
	! kernel_has fentry && ! kernel_has kprobes
}

# suite_kernel: the name of this kernel when it is one the suite runs on
# ("host": the build machines' 6.18; "debian510", "debian61", "debian612":
# Debian's cloud kernels under qemu); fails on any other. Only `need` asks.
suite_kernel() {
	case $(uname -r) in
	*-fc-*) echo host ;;
	5.10.*-cloud-amd64) echo debian510 ;;
	6.1.*-cloud-amd64) echo debian61 ;;
	6.12.*-cloud-amd64) echo debian612 ;;
	*) return 1 ;;
	esac
}

# need FEATURE...: the test cannot run without each FEATURE (see the rule
# above kernel_has).
need() {
	for nf in "$@"; do
		kernel_has "$nf" && continue
		if nk=$(suite_kernel); then
			fail "this kernel ($nk, $(uname -r)) has no $nf ($(kernel_why "$nf")), which the suite counts on"
		fi
		echo "SKIP: kernel $(uname -r) has no $nf ($(kernel_why "$nf"))" >&2
		exit 77
	done
}

# emulated: the test runs under qemu's software emulation (tests/vm/run-vm,
# TCG), where each BPF load takes seconds: a reason to do less, not a
# kernel feature.
emulated() {
	[ -n "${VM_KERNEL:-}" ] && [ "${VM_ACCEL:-tcg}" = tcg ]
}

# summary OUT: the final summary object of a --json output.
summary() {
	jq -c 'select(.type == "summary")' "$1"
}

# events FILE JQ-FILTER: how many JSON lines of FILE the filter selects.
events() {
	jq -c "select($2)" "$1" | wc -l | tr -d ' '
}

# need_cpus N: the test needs CPUs 0..N-1 online.
need_cpus() {
	[ "$(nproc)" -ge "$1" ] || fail "this test needs $1 CPUs, the machine has $(nproc)"
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
