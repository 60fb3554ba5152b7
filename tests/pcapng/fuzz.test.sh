# SPDX-License-Identifier: GPL-2.0
# A short run of the pcapng reader's fuzzer (tests/fuzz/pcapng_fuzz.c),
# seeded with a sample in both byte orders. A crash, a sanitizer report, a
# leak or a hang fails the test; what triggered it is kept in
# $BUILD/fuzz-artifacts. `make fuzz-pcapng` runs it longer.
. tests/lib.sh

SECONDS_=${FUZZ_SECONDS:-20}
[ -x "$HELPERS/fuzz/pcapng_fuzz" ] || fail "$HELPERS/fuzz/pcapng_fuzz missing: run make helpers"
mkdir "$T/corpus" "$T/seeds"
"$HELPERS/pcapng_sample" "$T/seeds/le.pcapng" >/dev/null &&
	"$HELPERS/pcapng_sample" "$T/seeds/be.pcapng" --swapped >/dev/null ||
	fail "cannot write the seeds"
"$HELPERS/fuzz/pcapng_fuzz" -max_total_time="$SECONDS_" -timeout=10 -print_final_stats=1 \
	-artifact_prefix="$T/" "$T/corpus" "$T/seeds" >"$T/log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "^Done [0-9]* runs" "$T/log"; then
	tail -n 60 "$T/log" >&2
	mkdir -p "$BUILD/fuzz-artifacts"
	for f in "$T"/crash-* "$T"/leak-* "$T"/timeout-* "$T"/oom-*; do
		[ -e "$f" ] || continue
		cp "$f" "$BUILD/fuzz-artifacts/"
		echo "kept $BUILD/fuzz-artifacts/${f##*/}" \
			"(replay: $BUILD/tests/fuzz/pcapng_fuzz FILE)" >&2
	done
	fail "the fuzzer found a problem (exit $rc)"
fi
grep -E "^Done" "$T/log"
