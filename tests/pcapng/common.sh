# SPDX-License-Identifier: GPL-2.0
# common.sh - what the pcapng (-w, show) tests share, on top of tests/lib.sh.

# tshark_read FILE OUT [TSHARK ARGS...]: tshark -r FILE into OUT; fails when
# tshark fails or says anything on stderr (but its warning about root).
tshark_read() {
	tr_file=$1 tr_out=$2
	shift 2
	tshark -r "$tr_file" "$@" >"$tr_out" 2>"$tr_out.err" ||
		{ cat "$tr_out.err" >&2; fail "tshark cannot read $tr_file"; }
	if grep -v '^Running as user "root"' "$tr_out.err" | grep -q .; then
		cat "$tr_out.err" >&2
		fail "tshark complained about $tr_file"
	fi
}

# tshark_count FILE DISPLAY-FILTER: packets the filter selects.
tshark_count() {
	tshark_read "$1" "$T/tshark.count" -Y "$2"
	wc -l <"$T/tshark.count" | tr -d ' '
}

# live_lines OUT: the live text lines of drops, otherhost or txq, without the
# banner and the tables: from a line that starts with a clock time to the
# next empty line or table ("HH:MM:SS... summary: ...").
live_lines() {
	awk '/^[0-9][0-9]:[0-9][0-9]:[0-9.]* (summary|interval)/ { live = 0; next }
		/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/ { live = 1 } /^$/ { live = 0 } live' "$1"
}
