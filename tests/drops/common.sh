# SPDX-License-Identifier: GPL-2.0
# common.sh - what the drops tests share, on top of tests/lib.sh. POSIX sh
# (busybox too).

# snmp NS PROTO FIELD: a counter of /proc/net/snmp inside namespace NS,
# e.g. snmp "$NS_B" Udp NoPorts.
snmp() {
	ip netns exec "$1" cat /proc/net/snmp | awk -v p="$2:" -v f="$3" '
		$1 == p && !n { for (i = 2; i <= NF; i++) if ($i == f) c = i; n = 1; next }
		$1 == p && n { print $c }'
}

# summary_count FILE JQ-FILTER: the sum of "count" over the rows of the
# JSON summary in FILE that the filter selects.
summary_count() {
	jq "select(.type == \"summary\") | [.drops[] | select($2) | .count] | add // 0" "$1"
}

# kallsyms_addr FUNC: the addresses of a text symbol (static functions may
# share a name), as 16 hex digits. The kernel formats /proc/kallsyms anew at
# every read, which under emulation takes seconds: the text symbols are read
# once per test (after its programs are gone: only the kernel's own).
kallsyms_addr() {
	[ -s "$T/kallsyms" ] ||
		awk '$2 == "t" || $2 == "T" || $2 == "w" || $2 == "W" { print $3, $1 }' \
			/proc/kallsyms >"$T/kallsyms"
	awk -v f="$1" '$1 == f { print $2 }' "$T/kallsyms"
}

# check_location "func+0xoff/0xsize" ADDRESS: the function is a kernel text
# symbol, the offset lies inside it, and symbol + offset is the address.
# Shell arithmetic is 64-bit signed: compare the low 32 bits as numbers
# and the high 32 bits as text. Its variables start with cl_ (no `local`
# in POSIX sh).
check_location() {
	cl_func=${1%%+*}
	cl_rest=${1#*+}
	cl_off=${cl_rest%%/*}
	cl_size=${cl_rest#*/}
	cl_size=${cl_size%% *}
	cl_sym=$(kallsyms_addr "$cl_func")
	[ -n "$cl_sym" ] || fail "$1: $cl_func is not a function in /proc/kallsyms"
	[ $((cl_off)) -lt $((cl_size)) ] || fail "$1: offset beyond the function"
	[ -n "$2" ] || return 0
	cl_addr=${2#0x}
	while [ ${#cl_addr} -lt 16 ]; do cl_addr=0$cl_addr; done
	cl_addr_lo=$(echo "$cl_addr" | cut -c9-16)
	for cl_s in $cl_sym; do
		cl_sym_lo=$(echo "$cl_s" | cut -c9-16)
		[ "$(echo "$cl_s" | cut -c1-8)" = "$(echo "$cl_addr" | cut -c1-8)" ] &&
			[ $(((0x$cl_sym_lo + cl_off) & 0xffffffff)) -eq $((0x$cl_addr_lo)) ] &&
			return 0
	done
	fail "$1: $cl_func ($(echo $cl_sym)) + $cl_off is not 0x$cl_addr"
}
