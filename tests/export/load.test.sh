# SPDX-License-Identifier: GPL-2.0
# pktpath export under load: 10 scrapes a second for 30 s while a UDP flood
# runs through every mode's programs. Every scrape is answered (200), the
# 99th percentile of the scrape time measured by the client is under 50 ms
# (the exporter running at the unit's priority),
# the exporter's resident memory does not grow after its first seconds, no
# program lost anything, and the drop counter is the flood's own count.
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

sandbox_new 2
sandbox_warm
dport=$((40000 + $$ % 20000))
# At the priority the systemd unit gives it: on a loaded machine the wait
# for a CPU, not the exporter's work, is what a client sees (its own
# histogram says how long it worked).
nice=$(sed -n 's/^Nice=//p' dist/systemd/pktpath-export.service)
[ -n "$nice" ] || fail "no Nice= in the unit"
PP_WRAP="nice -n $nice" exp_start "udp and dst portrange $dport-$((dport + 3))"
# The sink never reads: the flood is dropped at its sockets (SOCKET_RCVBUFF),
# no ICMP comes back.
bg "$HELPERS/udpflood" --sink --ns "$NS_B" --addr "$ADDR_B" --dport $dport --flows 4 >/dev/null
sleep 0.2
drops0=$(snmp "$NS_B" Udp RcvbufErrors)
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$PP_PID/status"; }

"$HELPERS/udpflood" --ns "$NS_A" --dst "$ADDR_B" --dport $dport --flows 4 --seconds 31 --cpu 0 \
	>"$T/flood" &
flood=$!
# curl keeps the pace itself (--rate); each URL is one request, its query
# string ignored by the server.
scrapes() {
	curl -s --rate 10/s -o /dev/null -w '%{http_code} %{time_total} %{time_connect}\n' \
		"http://127.0.0.1:$PORT/metrics?[1-$1]" >>"$T/times" || fail "curl failed"
}
scrapes 50
rss0=$(rss)
scrapes 250
rss1=$(rss)
wait $flood || fail "the flood failed"
sleep 0.3
drops=$(($(snmp "$NS_B" Udp RcvbufErrors) - drops0))
scrape "$T/m"

n=$(wc -l <"$T/times")
ok=$(grep -c '^200 ' "$T/times")
p99=$(awk '{ print $2 }' "$T/times" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); print v[i] }')
note "flood: $(cat "$T/flood"); $drops dropped at the sockets"
# The exporter's own view: the bucket of its scrape-duration histogram
# that holds the 99th percentile.
own=$(awk '/^pktpath_export_scrape_duration_seconds_bucket/ {
		split($0, a, "le=\""); split(a[2], b, "\""); le[++k] = b[1]; c[k] = $NF }
	END { for (i = 1; i <= k; i++) if (c[i] >= 0.99 * c[k]) { print le[i]; exit } }' "$T/m")
slow=$(sort -k2 -n "$T/times" | tail -3 | awk '{ printf "%s (connect %s) ", $2, $3 }')
note "$n scrapes in 30 s, $ok answered 200; p99 $p99 s (the exporter's own: <= $own s); slowest: $slow"
note "RSS $rss0 kB after 5 s, $rss1 kB at the end"
assert_eq 300 "$n" "scrapes made"
assert_eq 300 "$ok" "scrapes answered 200"
awk -v p="$p99" 'BEGIN { exit !(p < 0.050) }' || fail "p99 scrape time $p99 s, not under 50 ms"
[ $((rss1 - rss0)) -le 512 ] || fail "RSS grew from $rss0 to $rss1 kB"
assert_eq 0 "$(metric "$T/m" pktpath_losses_total)" "losses: $(grep -v ' 0$' "$T/m" | grep losses_total)"
assert_eq 0 "$(metric "$T/m" pktpath_export_collect_errors_total)" "collect errors"
got=$(metric "$T/m" pktpath_drops_total 'reason="SOCKET_RCVBUFF"' "netns=\"$NS_B\"")
assert_eq "$drops" "$got" "SOCKET_RCVBUFF drops against RcvbufErrors"
pp_stop
