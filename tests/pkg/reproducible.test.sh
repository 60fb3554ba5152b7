# SPDX-License-Identifier: GPL-2.0
# Two builds of one commit give byte-identical packages: one by `make deb`
# in this tree, one from a copy of it elsewhere without .git (as from a
# tarball), its files dated otherwise, told the revision and the time. The
# path, the clock, the files' dates and git must leave no trace.
. tests/lib.sh

version=$(cat VERSION)
arch=$(dpkg --print-architecture)
rev=$(git rev-parse --short HEAD)
epoch=$(git log -1 --format=%ct)

# The copy's files are dated now (tar -m), not as in this tree.
mkdir "$T/src" && git ls-files -co --exclude-standard | tar -cf - -T - | tar -xmf - -C "$T/src" ||
	fail "cannot copy the tree"
[ ! -e "$T/src/.git" ] || fail "the copy has .git"
# Both at once, one job each: the two cores serve both builds.
make -s deb DEB_OUT="$T/a" DEB_JOBS=1 >"$T/a.log" 2>&1 &
a=$!
make -s -C "$T/src" deb DEB_OUT="$T/b" DEB_JOBS=1 GIT_REV="$rev" SOURCE_DATE_EPOCH="$epoch" \
	>"$T/b.log" 2>&1 &
b=$!
BG_PIDS="$a $b"
wait $a || fail "make deb: $(tail -20 "$T/a.log")"
wait $b || fail "make deb in a copy: $(tail -20 "$T/b.log")"
BG_PIDS=
n=0
for p in pktpath pktpath-dbgsym; do
	f=${p}_${version}_$arch.deb
	[ -f "$T/a/$f" ] && [ -f "$T/b/$f" ] || fail "missing $f: $(ls "$T/a" "$T/b")"
	cmp "$T/a/$f" "$T/b/$f" || fail "$f differs between the two builds"
	n=$((n + 1))
done
assert_eq 2 "$n" "packages compared"
# Files dated by the commit, not by the build.
dpkg-deb --fsys-tarfile "$T/a/pktpath_${version}_$arch.deb" | TZ=UTC tar -tvf - --full-time |
	awk '{ print $4 " " $5 }' | sort -u >"$T/dates"
assert_eq "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" "$(cat "$T/dates")" "file dates"
