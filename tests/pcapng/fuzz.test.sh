# SPDX-License-Identifier: GPL-2.0
# A short run of the pcapng reader's fuzzer (tests/fuzz/pcapng_fuzz.c),
# seeded with a sample in both byte orders. A crash, a sanitizer report, a
# leak or a hang fails the test; what triggered it is kept in
# $BUILD/fuzz-artifacts (tests/lib.sh fuzz_run).
. tests/lib.sh

SECONDS_=${FUZZ_SECONDS:-20}
mkdir "$T/corpus" "$T/seeds"
"$HELPERS/pcapng_sample" "$T/seeds/le.pcapng" >/dev/null &&
	"$HELPERS/pcapng_sample" "$T/seeds/be.pcapng" --swapped >/dev/null ||
	fail "cannot write the seeds"
fuzz_run pcapng_fuzz "$SECONDS_" "$T/corpus" "$T/seeds"
grep -E "^Done" "$T/fuzz.log"
