# SPDX-License-Identifier: GPL-2.0
# otherhost (text and JSON) under valgrind's memcheck, through live lines,
# interval reports and the final summary: no invalid access, no definite
# leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm

memcheck_run otherhost otherhost --netns "$NS_B"
grep -q "frame for 02:00:5e:10:00:01" "$T/otherhost" || fail "no live otherhost lines"
memcheck_run otherhost-json otherhost --netns "$NS_B" --json
assert_eq "10 10" "$(jq -r 'select(.type == "summary") | "\(.received) \(.dropped)"' "$T/otherhost-json")" \
	"otherhost frames"
