# SPDX-License-Identifier: GPL-2.0
# `pktpath --version`: the version and commit built, the libbpf and libpcap
# it runs with (as dpkg knows the installed libraries), and this kernel's
# BPF features in one line, as `pktpath features --json` finds them.
# asan: yes
. tests/lib.sh

"$PKTPATH" --version >"$T/v" 2>"$T/err" || fail "--version: $(cat "$T/err")"
[ -s "$T/err" ] && fail "--version wrote to stderr: $(cat "$T/err")"
assert_eq 3 "$(wc -l <"$T/v")" "lines of --version"
assert_eq "pktpath $(cat VERSION) ($(git rev-parse --short HEAD))" "$(sed -n 1p "$T/v")" \
	"version and revision"

# Installed library versions, from dpkg ("1:1.1.0-1" -> 1.1; "1.10.3-1").
bpf=$(dpkg-query -W -f '${Version}' libbpf1 | sed 's/^[0-9]*://; s/^\([0-9]*\.[0-9]*\).*/\1/')
pcap=$(dpkg-query -W -f '${Version}' libpcap0.8 | sed 's/^[0-9]*://; s/-.*//')
sed -n 2p "$T/v" | grep -Eq "^libbpf $bpf, libpcap version $pcap( |$)" ||
	fail "libraries: '$(sed -n 2p "$T/v")', dpkg says libbpf $bpf, libpcap $pcap"

# The features line: the available ones, then the missing ones, in the
# order and with the keys of `features --json`.
"$PKTPATH" features --json >"$T/f.json" || fail "features --json"
have=$(jq -r '[.features | to_entries[] | select(.value.available) | .key] | join(" ")' "$T/f.json")
miss=$(jq -r '[.features | to_entries[] | select(.value.available | not) | .key] | join(", ")' \
	"$T/f.json")
want="kernel $(uname -r): $have${miss:+; missing: $miss}"
[ -n "$have" ] || want="kernel $(uname -r): missing: $miss"
assert_eq "$want" "$(sed -n 3p "$T/v")" "features line"

# Without privileges the features are not guessed.
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$PKTPATH" --version \
	>"$T/u" 2>&1 || fail "unprivileged --version"
sed -n 3p "$T/u" | grep -q "^kernel $(uname -r): BPF features not probed (needs root" ||
	fail "unprivileged: $(sed -n 3p "$T/u")"

# Outside a git checkout (a tarball) the revision is "unknown", unless given.
mkdir "$T/src" && cp Makefile VERSION "$T/src/" || fail "copy"
rev=$(make -s -C "$T/src" --eval 'rev: ; @echo $(GIT_REV)' rev)
assert_eq unknown "$rev" "GIT_REV without .git"
rev=$(make -s -C "$T/src" GIT_REV=abc1234 --eval 'rev: ; @echo $(GIT_REV)' rev)
assert_eq abc1234 "$rev" "GIT_REV given"
note "$(sed -n 2,3p "$T/v" | tr '\n' ' ')"
