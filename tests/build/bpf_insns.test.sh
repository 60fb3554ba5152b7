#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The built BPF objects hold no instruction that an older kernel's verifier
# refuses wherever it stands (src/bpf/compat.bpf.h): no atomic with a fetch
# (BPF_STX | BPF_ATOMIC with an imm other than a plain add, 0x00). 5.10's
# verifier scans every instruction before it runs, so a dead branch that
# holds one still makes the whole program fail to load there.
. tests/lib.sh

n=0
for o in "$BUILD"/bpf/*.bpf.o; do
	[ -f "$o" ] || continue
	n=$((n + 1))
	# Raw bytes: opcode, regs, off (2), imm (4, little endian). 0xc3 and
	# 0xdb are BPF_STX | BPF_ATOMIC with a 32- and a 64-bit operand.
	bad=$(llvm-objdump -d "$o" | awk '
		$2 == "c3" || $2 == "db" {
			if ($6 != "00" || $7 != "00" || $8 != "00" || $9 != "00") print
		}')
	[ -z "$bad" ] || fail "$o has atomic fetch instructions (5.12+ only):
$bad"
done
[ "$n" -ge 4 ] || fail "expected the modes' BPF objects in $BUILD/bpf, found $n"
note "$n objects, no atomic fetch instructions"
