# SPDX-License-Identifier: GPL-2.0
# `pktpath features` (every probe, every hook) under valgrind's memcheck:
# no invalid access, no uninitialised read, no definite leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
for fmt in --json ""; do
	$MEMCHECK "$PKTPATH" features $fmt >"$T/out" 2>"$T/vg"
	rc=$?
	cat "$T/vg" >&2
	assert_eq 0 "$rc" "exit status under valgrind (features $fmt)"
	[ -s "$T/out" ] || fail "no output (features $fmt)"
done
