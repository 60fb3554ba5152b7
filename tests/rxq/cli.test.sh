# SPDX-License-Identifier: GPL-2.0
# rxq's bad command lines: one line on stderr, exit 2, nothing on stdout.
# vm: yes
. tests/lib.sh

expect_error 2 "unknown option" rxq --bogus
expect_error 2 "no such device" rxq --dev nosuchdev0
expect_error 2 "no such network namespace" rxq --netns nosuch-ns
expect_error 2 "not a whole number" rxq --max-flows 1
expect_error 2 "not a whole number" rxq --max-packets 10
expect_error 2 "not a positive number of seconds" rxq --interval x
expect_error 2 "unknown mechanism" rxq --attach bogus
"$PKTPATH" rxq --help >"$T/help" || fail "rxq --help failed"
grep -q "rps_cpus map" "$T/help" || fail "--help does not explain why"
