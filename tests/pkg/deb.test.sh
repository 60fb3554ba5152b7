# SPDX-License-Identifier: GPL-2.0
# `make deb` builds a package that lintian accepts (no error, no warning),
# that declares its run-time libraries, and whose own files work: unpacked
# with `dpkg -x` into an empty directory, its pktpath runs `demo` there and
# the per-queue packets it counts equal the qdisc's own counters.
. tests/lib.sh

for t in dpkg-buildpackage dh lintian jq; do
	command -v "$t" >/dev/null || fail "$t is missing (scripts/install-deps.sh)"
done
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
deb=$T/out/pktpath_${version}_$arch.deb

# A package whose version is not VERSION's is refused before any build.
make -s deb DEB_OUT="$T/bad" VERSION=9.9.9 >"$T/bad.log" 2>&1 && fail "built a mismatched version"
grep -q "debian/changelog says $version, VERSION says 9.9.9" "$T/bad.log" ||
	fail "mismatch message: $(cat "$T/bad.log")"
[ ! -e "$T/bad" ] || fail "a mismatched version left $T/bad"

make -s deb DEB_OUT="$T/out" >"$T/build.log" 2>&1 || {
	tail -20 "$T/build.log"
	fail "make deb"
}
[ -f "$deb" ] || fail "no $deb: $(ls "$T/out")"

# Errors and warnings fail; info tags do not (the one this package has is
# explained in debian/pktpath.lintian-overrides). Root is how this suite runs.
lintian --allow-root --fail-on error,warning "$T/out/pktpath_${version}_$arch.changes" \
	>"$T/lintian" 2>&1 || fail "lintian: $(cat "$T/lintian")"
note "lintian: $(grep -c . "$T/lintian") info line(s)"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libbpf1 libpcap0.8 libelf1 zlib1g iproute2; do
	echo "$depends" | grep -Eq "(^|, )$lib( |,|$)" || fail "Depends lacks $lib: $depends"
done

root=$T/root
mkdir "$root" && dpkg -x "$deb" "$root" || fail "dpkg -x"
for f in usr/sbin/pktpath usr/share/man/man8/pktpath.8.gz \
	usr/share/bash-completion/completions/pktpath usr/share/doc/pktpath/copyright; do
	[ -f "$root/$f" ] || fail "the package has no /$f"
done
# Anything `make install` installs is in the package, and nothing else but
# Debian's own files (/usr/share/doc, lintian's overrides).
make -s install DESTDIR="$T/inst" PREFIX=/usr >/dev/null 2>&1 || fail "make install"
(cd "$T/inst" && find . -type f | sort) >"$T/installed"
(cd "$root" && find . -type f ! -path './usr/share/doc/*' ! -path './usr/share/lintian/*' |
	sed 's/\.8\.gz$/.8/' | sort) >"$T/packaged"
cmp -s "$T/installed" "$T/packaged" ||
	fail "package and make install differ: $(diff "$T/installed" "$T/packaged")"

pp=$root/usr/sbin/pktpath
# bash-completion finds the packaged file by the command's name when it is
# first completed (its lazy loader, searching XDG_DATA_DIRS), and it works
# with the packaged binary.
mkdir "$T/bin" && ln -s "$pp" "$T/bin/pktpath" || fail "link"
PATH=$T/bin:$PATH XDG_DATA_DIRS=$root/usr/share bash -c '
	. /usr/share/bash-completion/bash_completion || exit 1
	_completion_loader pktpath # 124: loaded, "try again" to bash
	complete -p pktpath && COMP_WORDS=(pktpath late) COMP_CWORD=1 COMP_LINE="pktpath late" &&
	COMP_POINT=${#COMP_LINE} && _pktpath pktpath late pktpath && echo "${COMPREPLY[*]}"' \
	>"$T/bc" 2>&1 || fail "packaged completion: $(cat "$T/bc")"
assert_eq "complete -F _pktpath pktpath
latency" "$(cat "$T/bc")" "the packaged completion, lazily loaded"
"$pp" --version >"$T/version" || fail "--version"
head -1 "$T/version" | grep -q "^pktpath $version ($(git rev-parse --short HEAD))$" ||
	fail "--version: $(head -1 "$T/version")"

"$pp" demo --json --duration 1 >"$T/demo" 2>"$T/demo.err" || fail "demo: $(cat "$T/demo.err")"
# The transmit act's summary: the first one (the receive act's follows).
seen=$(jq -c 'select(.type == "summary") | [.devices[0].queues[].packets]' "$T/demo" | head -n 1)
tc=$(jq -c 'select(.type == "tc_check") | .packets_per_queue' "$T/demo")
[ -n "$tc" ] && [ "$tc" != "[]" ] || fail "demo printed no tc check: $(tail -3 "$T/demo")"
assert_eq "$tc" "$seen" "packets per queue (tc -s qdisc) vs the packaged pktpath"
note "the packaged pktpath's demo: per-queue packets $seen, as tc counted"
