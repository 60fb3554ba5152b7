# SPDX-License-Identifier: GPL-2.0
# Bad input to drops gets exactly one line on stderr, nothing on stdout, and
# exit status 2; --help teaches and fits 80 columns. (otherhost's: in
# tests/otherhost/cli.test.sh.)
# vm: yes
# asan: yes
. tests/lib.sh

expect_error 2 "unknown option" drops --bogus
expect_error 2 "unknown option" drops --queue 1
expect_error 2 "not a whole number" drops --rate x
expect_error 2 "not a whole number" drops --rate -1
expect_error 2 "needs a value" drops --rate
expect_error 2 "does not apply" drops --otherhost --stack
expect_error 2 "no such device" drops --dev nosuchdev0
expect_error 2 "unknown mechanism" drops --attach bogus
expect_error 2 "no kernel function hook" drops --attach kprobe --duration 1

"$PKTPATH" drops --help >"$T/help" || fail "drops --help"
grep -q "^Usage: pktpath drops" "$T/help" || fail "drops --help: no usage line"
wide=$(awk 'length($0) > 80' "$T/help")
[ -z "$wide" ] || fail "drops --help: lines wider than 80 columns: $wide"
grep -q "NO_SOCKET" "$T/help" || fail "drops --help does not explain reasons"
"$PKTPATH" --help | grep -q "^  drops " || fail "drops missing from pktpath --help"
