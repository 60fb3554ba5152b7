#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Filters spliced into real programs load: every program, in every BPF
# object of the build, that carries filter markers (filter_test.bpf.c,
# txq.bpf.c and whatever mode comes next), loaded alone with the filter
# switched on in its rodata, for expressions of every shape: none, simple,
# L2 only (no raw-IP variant), loops (protochain), indexed loads, a large
# one. The verifier is the judge that the fragment keeps the registers and
# the stack of the program it lands in. A program this kernel refuses even
# without a filter is reported, not failed. Prints what the verifier did.
# Under qemu's emulation, where each load takes seconds, one program of
# each kind (tp_btf, raw_tp, tracepoint) per object stands for the rest,
# for one expression of each shape that reaches the verifier differently
# (none, loop, indexed load, and a large one of plain tests); here every one is loaded for
# every expression.
# asan: yes
# vm: yes
. tests/lib.sh

show=$HELPERS/filter_show
failed=0
sample=
emulated=false
! emulated || { sample=-1 emulated=true; }

[ -x "$show" ] || fail "$show missing: run make helpers"
objs=
for o in "$BUILD"/bpf/*.bpf.o "$BUILD"/tests/bpf/filter_test.bpf.o; do
	[ -f "$o" ] && objs="$objs -l $o"
done
case $objs in
*filter_test.bpf.o*) ;;
*) fail "no BPF objects in $BUILD/bpf: run make" ;;
esac

big="(tcp and (tcp[tcpflags] & tcp-syn != 0) and (portrange 1-1023)"
big="$big and (net 192.0.2.0/24 or net 198.51.100.0/24))"
big="$big or (udp and (udp[4:2] > 100) and not port 53) or (icmp and icmp[0] != 8)"
big="$big or (ip6 and icmp6 and icmp6[0] > 127) or (vlan and host 192.0.2.1)"
big="$big or (ip6 protochain 17)"
indexed='tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420'
if $emulated; then
	set -- '' 'protochain 17' "$indexed" "$big"
else
	set -- '' 'tcp port 80' 'ether host 02:00:00:00:00:01' 'arp' 'ip6 protochain 6' \
		'protochain 17' "$indexed" 'vlan and vlan and ip' 'ether[300] = 0' 'len > 100' "$big"
fi
for expr in "$@"; do
	if ! out=$("$show" $sample $objs "$expr" 2>&1); then
		echo "FAIL filter '$expr' does not load:" >&2
		echo "$out" >&2
		failed=1
		continue
	fi
	echo "filter '$expr':"
	echo "$out" | grep -v "^pktpath: note"
done
exit "$failed"
