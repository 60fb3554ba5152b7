# SPDX-License-Identifier: GPL-2.0
# Bad input gets exactly one line on stderr, nothing on stdout, and the
# documented exit status: 2 for the command line, 3 for the system.
# asan: yes
. tests/lib.sh

expect() { # status pattern args...
	want=$1 pat=$2
	shift 2
	"$PKTPATH" "$@" >"$T/o" 2>"$T/e"
	rc=$?
	[ "$rc" = "$want" ] || fail "pktpath $*: exit $rc, expected $want ($(cat "$T/e"))"
	[ ! -s "$T/o" ] || fail "pktpath $*: wrote to stdout: $(cat "$T/o")"
	[ "$(wc -l <"$T/e")" -eq 1 ] || fail "pktpath $*: expected one line, got: $(cat "$T/e")"
	grep -q "$pat" "$T/e" || fail "pktpath $*: '$(cat "$T/e")' does not say '$pat'"
	note "$* -> $(cat "$T/e")"
}

expect 2 "unknown command" nosuch
expect 2 "unknown option" txq --bogus
expect 2 "needs a value" txq --duration
expect 2 "no such device" txq --dev nosuchdev0
expect 2 "not a positive number of seconds" txq --duration abc
expect 2 "not a positive number of seconds" txq --interval -1
expect 2 "this machine has CPUs" txq --cpu 4000
expect 2 "not a whole number" txq --queue x
expect 2 "not a whole number" txq --max-flows 1
expect 2 "no such network namespace" txq --netns nosuch-ns
expect 2 "unknown mechanism" txq --attach bogus
expect 2 "unexpected argument" demo extra
# A kernel without the hook (here: forcing a mechanism this kernel lacks for
# a tracepoint) is the system's fault: 3.
expect 3 "cannot attach" txq --attach kprobe --duration 1
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
