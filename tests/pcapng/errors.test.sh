# SPDX-License-Identifier: GPL-2.0
# -w where it cannot write: an unwritable path or a full device (/dev/full)
# stops before anything is attached; a disk that fills up during the run
# (a 64 KiB tmpfs) stops it with one line and exit status 1, the programs
# detached, and the file it leaves is readable up to its last packet.
# Options that need -w without it, and -C on stdout, are usage errors.
# -w - writes the pcapng to stdout and the text to stderr.
# asan: yes
. tests/lib.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm

# expect_fail STATUS WHAT CMD...: CMD exits STATUS with exactly one error line.
expect_fail() {
	ef_rc=$1 ef_what=$2
	shift 2
	"$@" >"$T/ef.out" 2>"$T/ef.err"
	assert_eq "$ef_rc" "$?" "$ef_what: exit status"
	assert_eq 1 "$(grep -c 'error:' "$T/ef.err")" "$ef_what: error lines ($(cat "$T/ef.err"))"
}

expect_fail 1 "unwritable path" "$PKTPATH" drops --netns "$NS_B" -w /proc/nonexistent/x.pcapng \
	--duration 1
grep -q "/proc/nonexistent/x.pcapng: No such file or directory" "$T/ef.err" || fail "$(cat "$T/ef.err")"
expect_fail 1 "full device" "$PKTPATH" trace --netns "$NS_B" -w /dev/full --duration 1
grep -q "/dev/full: No space left on device" "$T/ef.err" || fail "$(cat "$T/ef.err")"
expect_fail 2 "--snaplen without -w" "$PKTPATH" drops --snaplen 64 --duration 1
expect_fail 2 "--max-files without -C" "$PKTPATH" drops -w "$T/x" --max-files 3 --duration 1
expect_fail 2 "-C on stdout" "$PKTPATH" txq -w - -C 1 --duration 1
expect_fail 2 "--snaplen 0" "$PKTPATH" otherhost -w "$T/x" --snaplen 0 --duration 1
expect_fail 2 "--snaplen 257" "$PKTPATH" otherhost -w "$T/x" --snaplen 257 --duration 1

# A disk that fills up while packets are written.
mkdir "$T/small"
mount -t tmpfs -o size=64k tmpfs "$T/small" || fail "cannot mount a tmpfs"
trap 'umount "$T/small" 2>/dev/null; cleanup' EXIT
bg "$HELPERS/udpflood" --ns "$NS_A" --dst "$ADDR_B" --dport 9 --seconds 20 >/dev/null
"$PKTPATH" drops --netns "$NS_B" --rate 100000 -w "$T/small/f.pcapng" --duration 15 -v \
	>"$T/out" 2>"$T/err"
rc=$?
kill $BG_PIDS 2>/dev/null
assert_eq 1 "$rc" "exit status when the disk is full"
assert_eq 1 "$(grep -c 'error:' "$T/err")" "error lines ($(grep error: "$T/err"))"
grep -q "error: -w $T/small/f.pcapng: No space left on device" "$T/err" || fail "$(grep error: "$T/err")"
progs_gone "$(pp_prog_ids "$T/err")" "full disk"
tshark_read "$T/small/f.pcapng" "$T/read" -T fields -e frame.number
note "full disk: exit 1, detached, $(wc -l <"$T/read" | tr -d ' ') packets readable in $(du -k "$T/small/f.pcapng" | cut -f1) KiB"
[ "$(wc -l <"$T/read")" -gt 20 ] || fail "too few packets before the disk was full"
umount "$T/small"

# -w -: pcapng on stdout, straight into tshark; the text on stderr.
"$PKTPATH" drops --netns "$NS_B" -w - --duration 2 --rate 100000 >"$T/stdout.pcapng" \
	2>"$T/stderr" &
PID=$!
BG_PIDS="$BG_PIDS $PID"
sleep 1
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 9 --packets 5 || fail "udp sender failed"
wait $PID || fail "drops -w - failed: $(cat "$T/stderr")"
assert_eq 5 "$(tshark_count "$T/stdout.pcapng" 'udp.dstport == 9')" "packets on stdout"
assert_eq 5 "$(grep -c 'NO_SOCKET at' "$T/stderr")" "live lines on stderr"
grep -q "summary: whole run" "$T/stderr" || fail "no summary on stderr"
