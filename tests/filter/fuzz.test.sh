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

for bin in fuzz/cbpf_fuzz filter_seeds; do
	[ -x "$HELPERS/$bin" ] || fail "$HELPERS/$bin missing: run make helpers"
done
mkdir "$tmp/corpus" "$tmp/seeds"
"$HELPERS/filter_seeds" "$tmp/seeds" tests/filter/expressions.txt >/dev/null ||
	fail "cannot write the seed corpus"

"$HELPERS/fuzz/cbpf_fuzz" -max_total_time="$SECONDS_" -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$tmp/" "$tmp/corpus" "$tmp/seeds" tests/fuzz/regressions >"$tmp/log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "^Done [0-9]* runs" "$tmp/log"; then
	tail -n 80 "$tmp/log" >&2
	mkdir -p "$BUILD/fuzz-artifacts"
	for f in "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* "$tmp"/oom-*; do
		[ -e "$f" ] || continue
		cp "$f" "$BUILD/fuzz-artifacts/"
		echo "kept $BUILD/fuzz-artifacts/${f##*/}" \
			"(replay: $BUILD/tests/fuzz/cbpf_fuzz FILE)" >&2
	done
	fail "the fuzzer found a problem (exit $rc)"
fi
grep -E "^Done|^cbpf_fuzz:" "$tmp/log"
