# SPDX-License-Identifier: GPL-2.0
# drops (with stacks, text and JSON) under valgrind's memcheck, through live
# lines, interval reports and the final summary: no invalid access, no
# definite leak.
. tests/lib.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm

memcheck_run drops-text drops --netns "$NS_B" --stack
grep -q "NO_SOCKET at" "$T/drops-text" || fail "no live drop lines"
memcheck_run drops-json drops --netns "$NS_B" --stack --json
assert_eq 40 "$(jq 'select(.type == "summary") | [.drops[] | select(.reason == "NO_SOCKET") | .count] | add' "$T/drops-json")" \
	"NO_SOCKET drops"
