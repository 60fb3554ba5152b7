# SPDX-License-Identifier: GPL-2.0
# pktpath show on files it did not write whole: a sample written by
# pktpath's own writer (tests/helpers/pcapng_sample.c, no BPF) prints its
# records in either byte order; cut every 10 bytes or so (odd and even
# places) or with a byte changed every 9, show never crashes: it prints what it
# read up to the damage and exits 1 with one error line naming the block,
# or, where the change is in bytes it does not check (packet data, text),
# exits 0. A file from another program (no pktpath records) and a missing
# file are one-line errors too.
# asan: yes
. tests/lib.sh

"$HELPERS/pcapng_sample" "$T/s.pcapng" >"$T/want" || fail "cannot write the sample"
"$HELPERS/pcapng_sample" "$T/w.pcapng" --swapped >/dev/null || fail "cannot write the sample"
for f in s w; do
	$PP_WRAP "$PKTPATH" show "$T/$f.pcapng" >"$T/got" 2>"$T/err" || fail "show $f: $(cat "$T/err")"
	cmp "$T/want" "$T/got" || fail "show prints other text for the sample ($f)"
done

# check WHAT: the last run of show exited 0, or 1 with one line on stderr.
check() {
	case $rc in
	0) [ -s "$T/err" ] && fail "$1: exit 0 with: $(cat "$T/err")" ;;
	1) assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$1: error lines ($(cat "$T/err"))"
	   grep -q "^pktpath: error: show: $T/cut: " "$T/err" || fail "$1: $(cat "$T/err")" ;;
	*) cat "$T/err" >&2; fail "$1: exit $rc" ;;
	esac
}

size=$(stat -c %s "$T/s.pcapng")
cuts=0 errors=0
n=0
while [ $n -lt "$size" ]; do
	head -c $n "$T/s.pcapng" >"$T/cut"
	$PP_WRAP "$PKTPATH" show "$T/cut" >"$T/got" 2>"$T/err"
	rc=$?
	check "cut at $n of $size"
	# A whole-block prefix ends cleanly; anything else is an error.
	cuts=$((cuts + 1))
	[ $rc -eq 1 ] && errors=$((errors + 1))
	case $n in
	*[02468]) n=$((n + 11)) ;;
	*) n=$((n + 10)) ;;
	esac
done
note "$cuts cuts of $size bytes: $errors errors, $((cuts - errors)) at block boundaries"
[ $errors -gt $((cuts * 9 / 10)) ] || fail "too few cuts detected: $errors of $cuts"
head -c $((size - 7)) "$T/s.pcapng" >"$T/cut"
"$PKTPATH" show "$T/cut" >"$T/got" 2>"$T/err"
rc=$?
check "cut in the last block"
assert_eq 1 $rc "exit status, cut in the last block"
head -n 4 "$T/want" | cmp - "$T/got" || fail "the records before the cut were not printed"
grep -q "block 6 at offset [0-9]*: file truncated" "$T/err" || fail "$(cat "$T/err")"

# One byte changed every 9: either caught or harmless (the fuzzer,
# tests/pcapng/fuzz.test.sh, tries far more).
n=0 changed=0
while [ $n -lt "$size" ]; do
	{ head -c $n "$T/s.pcapng"; printf '\377'; tail -c +$((n + 2)) "$T/s.pcapng"; } >"$T/cut"
	$PP_WRAP "$PKTPATH" show "$T/cut" >"$T/got" 2>"$T/err"
	rc=$?
	check "byte $n changed"
	[ $rc -eq 1 ] && changed=$((changed + 1))
	n=$((n + 9))
done
note "one byte changed at $((size / 9)) places: $changed errors"

printf 'not a capture at all, longer than a block header\n' >"$T/cut"
"$PKTPATH" show "$T/cut" >/dev/null 2>"$T/err"
rc=$?
check "a text file"
grep -q "not a pcapng file" "$T/err" || fail "text file: $(cat "$T/err")"
: >"$T/cut"
"$PKTPATH" show "$T/cut" >/dev/null 2>"$T/err"
rc=$?
check "an empty file"
"$PKTPATH" show "$T/missing" >/dev/null 2>"$T/err"
assert_eq 1 $? "exit status for a missing file"
grep -q "show: $T/missing: No such file or directory" "$T/err" || fail "$(cat "$T/err")"
"$PKTPATH" show >/dev/null 2>"$T/err"
assert_eq 2 $? "exit status without a FILE"
