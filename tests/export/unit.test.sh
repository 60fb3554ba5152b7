# SPDX-License-Identifier: GPL-2.0
# The systemd unit: `make install` puts it in $(PREFIX)/lib/systemd/system
# with ExecStart pointing at the installed binary; systemd-analyze accepts
# it; and pktpath export works with exactly the capabilities its
# CapabilityBoundingSet names (setpriv drops every other one): programs
# load, drops are counted and their function is named from kallsyms.
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

command -v setpriv >/dev/null || fail "setpriv is not installed (util-linux)"
make -s install DESTDIR="$T/root" PREFIX=/usr/local BUILD="$BUILD" >/dev/null ||
	fail "make install failed"
unit=$T/root/usr/local/lib/systemd/system/pktpath-export.service
[ -f "$unit" ] || fail "make install did not install the unit"
grep -q '^ExecStart=/usr/local/sbin/pktpath export$' "$unit" || fail "ExecStart: $(grep ^ExecStart "$unit")"
command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed (scripts/install-deps.sh)"
sed "s|^ExecStart=/usr/local/sbin/pktpath|ExecStart=$PWD/$PKTPATH|; /^Documentation=/d" "$unit" \
	>"$T/pktpath-export.service"
systemd-analyze verify "$T/pktpath-export.service" || fail "systemd-analyze rejects the unit"

caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit" | tr 'A-Z' 'a-z' |
	sed 's/cap_/+/g; s/ /,/g')
note "bounding set: $caps"
sandbox_new 2
sandbox_warm
PP_WRAP="setpriv --bounding-set -all,$caps --inh-caps -all --"
exp_start "$FILTER" --modes drops,txq,latency,otherhost
PP_WRAP=
grep CapBnd "/proc/$PP_PID/status" | grep -q "$(printf '%016x' $(((1 << 21) | (1 << 19) | (1 << 34) | (1 << 38) | (1 << 39))))" ||
	fail "not running with the unit's capabilities: $(grep Cap "/proc/$PP_PID/status")"
send_noport 9
sleep 0.2
scrape "$T/m"
assert_eq 9 "$(metric "$T/m" pktpath_drops_total 'reason="NO_SOCKET"' 'function="__udp4_lib_rcv"' "netns=\"$NS_B\"")" \
	"NO_SOCKET drops named at __udp4_lib_rcv"
pp_stop
