# SPDX-License-Identifier: GPL-2.0
# SIGKILL in the middle of a flood: the file pktpath leaves ends after a
# whole packet block (each goes out in one write), so tshark reads it
# without an error, and the kernel has detached the programs.
. tests/lib.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm
bg "$HELPERS/udpflood" --ns "$NS_A" --dst "$ADDR_B" --dport 9 --seconds 10 >/dev/null
for mode in drops trace; do
	pp_start "$T/out" $mode --netns "$NS_B" -w "$T/$mode.pcapng" -v
	ids=$(pp_prog_ids "$T/out.err")
	sleep 1.5
	kill -KILL "$PP_PID"
	wait "$PP_PID" 2>/dev/null
	tshark_read "$T/$mode.pcapng" "$T/read" -T fields -e frame.number
	packets=$(wc -l <"$T/read" | tr -d ' ')
	[ "$packets" -gt 10 ] || fail "$mode: only $packets packets before SIGKILL"
	"$PKTPATH" show "$T/$mode.pcapng" >/dev/null || fail "$mode: show cannot read the file"
	progs_gone "$ids" "$mode after SIGKILL"
	note "$mode: SIGKILL after 1.5 s of flood: $packets packets readable"
done
