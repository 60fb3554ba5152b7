# SPDX-License-Identifier: GPL-2.0
# Bad input gets exactly one line on stderr, nothing on stdout, and the
# documented exit status: 2 for the command line, 3 for the system.
# asan: yes
. tests/lib.sh

expect_error 2 "unknown command" nosuch
expect_error 2 "unknown option" txq --bogus
expect_error 2 "needs a value" txq --duration
expect_error 2 "no such device" txq --dev nosuchdev0
expect_error 2 "not a positive number of seconds" txq --duration abc
expect_error 2 "not a positive number of seconds" txq --interval -1
expect_error 2 "this machine has CPUs" txq --cpu 4000
expect_error 2 "not a whole number" txq --queue x
expect_error 2 "not a whole number" txq --max-flows 1
expect_error 2 "no such network namespace" txq --netns nosuch-ns
expect_error 2 "unknown mechanism" txq --attach bogus
expect_error 2 "unexpected argument" demo extra
# A kernel without the hook (here: forcing a mechanism this kernel lacks for
# a tracepoint) is the system's fault: 3.
expect_error 3 "cannot attach" txq --attach kprobe --duration 1
# Without privileges.
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$PKTPATH" txq --duration 1 >"$T/o" 2>"$T/e"
rc=$?
assert_eq 3 "$rc" "exit status without privileges"
[ "$(wc -l <"$T/e")" -eq 1 ] && grep -q "needs root" "$T/e" ||
	fail "unprivileged message: $(cat "$T/e")"

# Help and version go to stdout and succeed.
"$PKTPATH" --help | grep -q "^Commands:" || fail "--help"
"$PKTPATH" txq --help | grep -q "^Usage: pktpath txq" || fail "txq --help"
"$PKTPATH" --version | grep -q "^pktpath [0-9]" || fail "--version"
"$PKTPATH" tx --help | grep -q "^Usage: pktpath txq" || fail "prefix match"
"$PKTPATH" >/dev/null 2>&1
assert_eq 2 $? "no command"
