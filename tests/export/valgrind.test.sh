# SPDX-License-Identifier: GPL-2.0
# pktpath export under valgrind's memcheck, through scrapes with traffic,
# junk requests, SIGHUP and Ctrl-C: no invalid access, no definite leak.
# latency is left out (loading trace's programs under valgrind takes over a
# minute here); its export code runs under ASan in counters.test.sh.
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm
PP_WRAP=$MEMCHECK exp_start "$FILTER" --modes drops,txq,otherhost --flows 2 --prog-stats
send_noport 20
sleep 0.3
scrape "$T/m1"
assert_eq 20 "$(metric "$T/m1" pktpath_drops_total "netns=\"$NS_B\"")" "drops under valgrind"
"$HELPERS/httpjunk" --port "$PORT" --random 20 --seed $$ || fail "httpjunk (seed $$)"
kill -HUP "$PP_PID"
sleep 0.5
scrape "$T/m2"
pp_stop
