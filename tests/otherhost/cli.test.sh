# SPDX-License-Identifier: GPL-2.0
# Bad input to otherhost gets exactly one line on stderr, nothing on stdout,
# and exit status 2; --help teaches and fits 80 columns.
# vm: yes
# asan: yes
. tests/lib.sh

expect_error 2 "unknown option" otherhost --stack
expect_error 2 "not a whole number" otherhost --rate 99999999
expect_error 2 "no such network namespace" otherhost --netns nosuch-ns
expect_error 2 "not a positive number of seconds" otherhost --interval 0

"$PKTPATH" otherhost --help >"$T/help" || fail "otherhost --help"
grep -q "^Usage: pktpath otherhost" "$T/help" || fail "otherhost --help: no usage line"
wide=$(awk 'length($0) > 80' "$T/help")
[ -z "$wide" ] || fail "otherhost --help: lines wider than 80 columns: $wide"
"$PKTPATH" --help | grep -q "^  otherhost " || fail "otherhost missing from pktpath --help"
