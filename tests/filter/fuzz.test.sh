#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A short run of the translator's fuzzer (tests/fuzz/cbpf_fuzz.c), starting
# from the classic programs libpcap makes of tests/filter/expressions.txt.
# A crash, a sanitizer report, a leak, a translation the verifier refuses or
# a verdict that differs from libpcap's fails the test; what triggered it is
# kept in $BUILD/fuzz-artifacts (add it to tests/fuzz/regressions once
# fixed: every run replays those). `make fuzz` runs the same fuzzer longer.
# (The fuzzer is always built with ASan and UBSan: no second run needed.)
. tests/lib.sh

SECONDS_=${FUZZ_SECONDS:-25}
tmp=$T

[ -x "$HELPERS/filter_seeds" ] || fail "$HELPERS/filter_seeds missing: run make helpers"
mkdir "$tmp/corpus" "$tmp/seeds"
"$HELPERS/filter_seeds" "$tmp/seeds" tests/filter/expressions.txt >/dev/null ||
	fail "cannot write the seed corpus"

fuzz_run cbpf_fuzz "$SECONDS_" "$tmp/corpus" "$tmp/seeds" tests/fuzz/regressions
grep -E "^Done|^cbpf_fuzz:" "$T/fuzz.log"
