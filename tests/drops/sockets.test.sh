# SPDX-License-Identifier: GPL-2.0
# Drops at the socket layer, each with its reason: TCP connects to a closed
# port (the SYN is dropped as NO_SOCKET and answered with a RST: as many as
# the receiver's OutRsts grew, and every connect was refused), and UDP into
# a socket whose small receive buffer is never read (SOCKET_RCVBUFF: as
# many as UdpRcvbufErrors grew and as the socket itself counts).
# vm: yes
# asan: yes
. tests/lib.sh
. tests/drops/common.sh

sandbox_new 2
sandbox_warm
"$HELPERS/sockdrop" rcvbuf --ns "$NS_B" --addr "$ADDR_B" --port 6000 --rcvbuf 2048 \
	--ready "$T/receiver" >"$T/sockdrops" &
RECEIVER=$!
BG_PIDS="$BG_PIDS $RECEIVER"
i=0
while [ ! -e "$T/receiver" ]; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "receiver not ready"
	sleep 0.05
done

pp_start "$T/out" drops --netns "$NS_B" --json --rate 100000
rsts=$(snmp "$NS_B" Tcp OutRsts)
rcvbuf=$(snmp "$NS_B" Udp RcvbufErrors)
"$HELPERS/sockdrop" refused --ns "$NS_A" --dst "$ADDR_B" --port 7 --count 5 ||
	fail "a connect to the closed port was not refused"
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
	--dport 6000 --packets 300 --payload 1000 || fail "udp sender failed"
sleep 0.3
rsts=$(($(snmp "$NS_B" Tcp OutRsts) - rsts))
rcvbuf=$(($(snmp "$NS_B" Udp RcvbufErrors) - rcvbuf))
pp_stop
kill -TERM $RECEIVER
wait $RECEIVER || fail "receiver failed"
sockdrops=$(cat "$T/sockdrops")

refused=$(events "$T/out" '.type == "drop" and .reason == "NO_SOCKET" and .proto == "tcp" and
	.dport == 7 and .src == "'"$ADDR_A"'"')
note "TCP: 5 connects refused, OutRsts +$rsts, NO_SOCKET tcp drops $refused"
assert_eq 5 "$rsts" "RSTs sent by the receiver"
assert_eq "$rsts" "$refused" "NO_SOCKET drops of SYNs to port 7"
assert_eq "$rsts" "$(summary_count "$T/out" '.reason == "NO_SOCKET"')" "NO_SOCKET in the table"

full=$(summary_count "$T/out" '.reason == "SOCKET_RCVBUFF"')
note "UDP: RcvbufErrors +$rcvbuf, socket drops $sockdrops, SOCKET_RCVBUFF $full"
[ "$rcvbuf" -gt 0 ] || fail "the receive buffer never overflowed"
assert_eq "$rcvbuf" "$full" "SOCKET_RCVBUFF drops vs UdpRcvbufErrors"
assert_eq "$sockdrops" "$full" "SOCKET_RCVBUFF drops vs the socket's own drop count"
assert_eq "$full" "$(events "$T/out" '.type == "drop" and .reason == "SOCKET_RCVBUFF" and
	.dport == 6000 and .len == 1028')" "live SOCKET_RCVBUFF lines"
assert_eq 0 "$(jq 'select(.type == "summary") | [.losses[]] | add' "$T/out")" "losses"
