#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# How pp_expr_compile() answers expressions it cannot use: one line on
# stderr with libpcap's message and the expression, exit status 2; an empty
# filter is no filter; an expression without meaning on raw IP works on
# Ethernet with a note. filter_show exits with pp_expr_compile()'s status.
# asan: yes
. tests/lib.sh

show=$HELPERS/filter_show
failed=0
err=$T/stderr

[ -x "$show" ] || fail "$show missing: run make helpers"

# expect STATUS STDERR_PATTERN EXPRESSION: the status, and stderr must be
# one line matching the pattern (grep -E), or empty for an empty pattern.
expect() {
	"$show" "$3" >/dev/null 2>"$err"
	rc=$?
	lines=$(wc -l <"$err")
	if [ "$rc" -ne "$1" ]; then
		echo "FAIL '$3': exit $rc, expected $1; stderr:" >&2
		cat "$err" >&2
		failed=1
	elif [ -z "$2" ] && [ "$lines" -ne 0 ]; then
		echo "FAIL '$3': expected no message, got:" >&2
		cat "$err" >&2
		failed=1
	elif [ -n "$2" ] && { [ "$lines" -ne 1 ] || ! grep -Eq "$2" "$err"; }; then
		echo "FAIL '$3': expected one line matching '$2', got:" >&2
		cat "$err" >&2
		failed=1
	fi
}

expect 2 "^pktpath: error: filter 'tcp port': can't parse filter expression: syntax error$" \
	'tcp port'
expect 2 "^pktpath: error: filter 'host': " 'host'
expect 2 "^pktpath: error: filter 'ip and \(tcp': .*syntax error" 'ip and (tcp'
expect 2 "^pktpath: error: filter 'port 99999': illegal port number 99999" 'port 99999'
expect 2 "^pktpath: error: filter 'ip\[0\] / 0 = 1': .*division by zero" 'ip[0] / 0 = 1'
expect 2 "^pktpath: error: filter 'ip\[0\] << 40 = 0': .*shift by more than 31" 'ip[0] << 40 = 0'
expect 2 "^pktpath: error: filter 'ip and not ip': expression rejects all packets$" 'ip and not ip'
expect 2 "^pktpath: error: filter 'type mgt': 802.11 link-layer types" 'type mgt'
expect 2 "^pktpath: error: filter 'vlan 5000': VLAN tag 5000 greater than maximum 4095$" 'vlan 5000'
# Linux socket metadata: it would silently never match at a hook.
expect 2 "^pktpath: error: filter 'inbound': packet direction and interface index are not" \
	'inbound'
expect 2 "^pktpath: error: filter 'tcp and outbound': packet direction" 'tcp and outbound'
expect 2 "^pktpath: error: filter 'ifindex 3': packet direction" 'ifindex 3'
expect 0 "" ''
expect 0 "" '   '
expect 0 "" 'tcp port 80'
note="does not apply without a link-layer header \(.*\): packets seen without one never match$"
mac=02:00:00:00:00:01
expect 0 "^pktpath: note: filter 'ether host $mac' $note" "ether host $mac"
expect 0 "^pktpath: note: filter 'arp' does not apply without a link-layer header" 'arp'

exit "$failed"
