# SPDX-License-Identifier: GPL-2.0
# A signal during set-up ends pktpath within a second, with 128 + the
# signal's number, and leaves nothing loaded: while libpcap compiles a huge
# expression (it cannot be interrupted; 300 ports take it 45 s and 40 MB
# here, 3000 ports more than a minute and gigabytes), and while the
# programs load.
# vm: core
. tests/lib.sh

# fd_prog_ids PID: the ids of the BPF programs the process holds open.
fd_prog_ids() {
	cat /proc/"$1"/fdinfo/* 2>/dev/null | awk '$1 == "prog_id:" { print $2 }' | sort -u
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# stop_within PID SIG STATUS WHAT: SIG ends PID within 1 s with STATUS, and
# every program it held is unloaded.
stop_within() {
	ids=$(fd_prog_ids "$1")
	t0=$(now_ms)
	kill -"$2" "$1"
	wait "$1"
	rc=$?
	ms=$(($(now_ms) - t0))
	assert_eq "$3" "$rc" "exit status after SIG$2 $4 ($(cat "$T/err"))"
	[ "$ms" -lt 1000 ] || fail "SIG$2 $4: took $ms ms to end"
	progs_gone "$ids" "SIG$2 $4"
	note "SIG$2 $4: exit $rc after $ms ms; $(echo "$ids" | grep -c .) programs were loaded, all gone"
}

# 1. While libpcap compiles "port 1 or port 2 or ... or port 300".
expr=$(seq 1 300 | awk '{ printf "%sport %d", (NR > 1 ? " or " : ""), $1 }')
for sig in TERM INT; do
	"$PKTPATH" txq "$expr" --ready-file "$T/ready" >"$T/out" 2>"$T/err" &
	pid=$!
	BG_PIDS="$BG_PIDS $pid" # killed at exit if a check fails first
	sleep 1
	kill -0 "$pid" 2>/dev/null || fail "pktpath ended within 1 s: $(cat "$T/err")"
	[ ! -e "$T/ready" ] || fail "tracing began: not a set-up signal"
	case $sig in TERM) want=143 ;; INT) want=130 ;; esac
	stop_within "$pid" "$sig" "$want" "while compiling"
	[ ! -s "$T/out" ] || fail "wrote to stdout: $(cat "$T/out")"
done

# 2. While trace's programs load: as soon as the first is in the kernel,
# before tracing begins. A load that beats the watcher is tried again.
caught=0 try=0
while [ $caught = 0 ] && [ $try -lt 10 ]; do
	try=$((try + 1))
	rm -f "$T/ready"
	"$PKTPATH" trace --ready-file "$T/ready" >"$T/out" 2>"$T/err" &
	pid=$!
	BG_PIDS="$BG_PIDS $pid"
	while kill -0 "$pid" 2>/dev/null && [ ! -e "$T/ready" ]; do
		if [ -n "$(fd_prog_ids "$pid")" ]; then
			caught=1
			break
		fi
	done
	if [ $caught = 1 ] && [ ! -e "$T/ready" ]; then
		stop_within "$pid" INT 130 "while loading (try $try)"
	else
		caught=0
		kill -INT "$pid" 2>/dev/null
		wait "$pid"
	fi
done
[ $caught = 1 ] || fail "never caught trace between its first load and tracing in $try tries"
