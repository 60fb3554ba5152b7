# SPDX-License-Identifier: GPL-2.0
# pktpath export misused: bad --modes, --listen and --flows are one-line
# errors with exit 2; a port in use or an address that is not local, exit
# 1, before anything is loaded; an unknown namespace or a bad filter, 2;
# no capabilities, 3. Malformed, oversized, slow and random HTTP
# requests and a crowd of clients (tests/helpers/httpjunk) get the answer
# they must and never stop it; it still counts right afterwards. SIGHUP
# reads a renamed device's name again; SIGTERM leaves no program loaded.
# asan: yes
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

sandbox_new 2
sandbox_warm
expect_error 2 "unknown mode 'foo'" export --modes drops,foo
expect_error 2 "unknown mode 'rxqs' (one of: drops, txq, latency, otherhost, rxq)" export --modes txq,rxqs
expect_error 2 "empty list" export --modes ,
expect_error 2 "expected ADDRESS:PORT" export --listen localhost:9464
expect_error 2 "expected ADDRESS:PORT" export --listen 127.0.0.1:70000
expect_error 2 "expected ADDRESS:PORT" export --listen ::1:9464
expect_error 2 "expected ADDRESS:PORT" export --listen 127.0.0.1
expect_error 2 "flows" export --flows many
expect_error 1 "Cannot assign requested address" export --listen 203.0.113.9:9464
expect_error 2 "no such network namespace" export --listen "127.0.0.1:$(free_port)" --netns nosuch-$$
expect_error 2 "can't parse filter" export --listen "127.0.0.1:$(free_port)" 'tcp and'
setpriv --bounding-set -all --inh-caps -all -- "$PKTPATH" export --listen "127.0.0.1:$(free_port)" \
	2>"$T/e" && fail "ran without capabilities"
rc=$?
assert_eq 3 "$rc" "exit status without capabilities ($(cat "$T/e"))"
grep -q "needs root, or CAP_BPF and CAP_PERFMON" "$T/e" || fail "without capabilities: $(cat "$T/e")"

exp_start "$FILTER" --modes drops,txq,otherhost -v
ids=$(pp_prog_ids "$T/exp.out.err")
[ -n "$ids" ] || fail "no program ids in the -v log"
expect_error 1 "Address already in use" export --listen "127.0.0.1:$PORT"

"$HELPERS/httpjunk" --port "$PORT" --random 300 --seed $$ || fail "httpjunk (seed $$)"
kill -0 "$PP_PID" 2>/dev/null || fail "the exporter died under junk requests"
scrape "$T/m0"
assert_eq 1 "$(metric "$T/m0" pktpath_export_http_answers_total 'code="408"')" "408 answers"
[ "$(metric "$T/m0" pktpath_export_http_answers_total 'code="400"')" -gt 15 ] ||
	fail "too few 400 answers: $(grep 'code="400"' "$T/m0")"

# Still counting right; then the receiving device is renamed.
send_noport 5
sleep 0.2
scrape "$T/m1"
assert_eq 5 "$(metric "$T/m1" pktpath_drops_total "dev=\"$DEV_B\"" "netns=\"$NS_B\"")" "drops before the rename"
ip -n "$NS_B" link set "$DEV_B" down && ip -n "$NS_B" link set "$DEV_B" name veth-x &&
	ip -n "$NS_B" link set veth-x up || fail "cannot rename $DEV_B"
kill -HUP "$PP_PID"
i=0
while scrape "$T/m2" && ! grep -q 'dev="veth-x"' "$T/m2"; do
	i=$((i + 1))
	[ $i -le 30 ] || fail "SIGHUP: no series under the new name: $(grep pktpath_drops_total "$T/m2")"
	sleep 0.1
done
send_noport 7
sleep 0.2
scrape "$T/m3"
# The kernel's row counts the device's drops whatever its name: the new
# name's series has all 12, the old one keeps its 5.
assert_eq 12 "$(metric "$T/m3" pktpath_drops_total 'dev="veth-x"' "netns=\"$NS_B\"")" "drops under the new name"
assert_eq 5 "$(metric "$T/m3" pktpath_drops_total "dev=\"$DEV_B\"" "netns=\"$NS_B\"")" "drops under the old name"
kill -0 "$PP_PID" 2>/dev/null || fail "SIGHUP stopped the exporter"

kill -TERM "$PP_PID"
wait "$PP_PID" || fail "exit $? after SIGTERM: $(cat "$T/exp.out.err")"
progs_gone "$ids" "after SIGTERM"
note "SIGTERM: exit 0, programs $(echo $ids) unloaded"
