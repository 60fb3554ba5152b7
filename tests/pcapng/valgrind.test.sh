# SPDX-License-Identifier: GPL-2.0
# -w under valgrind's memcheck: drops writing pcapng (with -C), and
# show reading them back: no invalid access, no definite leak. (trace,
# otherhost and txq share the writer and differ only in their printers;
# the ASan runs of the other tests here cover them. One run of pktpath
# under memcheck takes 30 to 60 s on this machine, most of it before the
# programs are attached.)
. tests/lib.sh
. tests/pcapng/common.sh

command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm

vg_run() { # name args...
	name=$1
	shift
	PP_READY_TIMEOUT=180 PP_WRAP=$MEMCHECK pp_start "$T/$name" "$@" -w "$T/$name.pcapng"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 30000 \
		--dport 9 --flows 4 --packets 5 --gap-us 20000 || fail "sender failed"
	"$HELPERS/rawsend" --ns "$NS_A" --dev "$DEV_A" --dst-mac 02:00:5e:10:00:01 \
		--src "$ADDR_A" --dst "$ADDR_B" --count 5 || fail "rawsend failed"
	sleep 0.5
	pp_stop
	f=$T/$name.pcapng
	$MEMCHECK "$PKTPATH" show "$f" >"$T/shown" || fail "$name: show under memcheck failed"
	[ -s "$T/shown" ] || fail "$name: nothing shown"
	note "$name: $(wc -l <"$T/shown" | tr -d ' ') lines shown"
}

vg_run drops drops --netns "$NS_B" --rate 1000 -C 1
