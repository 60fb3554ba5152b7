#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The programs of the built BPF objects, read from their ELF symbol tables
# (src/bpf/hook.bpf.h): every program is SEC("?..."), so none loads unless
# the attach engine chose it; every tracepoint program NAME_btf has its
# NAME_raw on the same tracepoint, and a NAME_tp (classic) has both. A
# hand-written program that breaks the pattern, or a name that drifts from
# the one user space lists (HOOK_PROGS_TP), fails here. Function programs
# likewise end in their mechanism (HOOK_PROGS_ENTRY_EXIT).
. tests/lib.sh

# "section name" per program: llvm-objdump -t prints, for a function
# symbol, its section in column 4 and its name last.
progs() {
	llvm-objdump -t "$1" | awk '$3 == "F" { print $4, $NF }'
}

n=0
pairs=0
for o in "$BUILD"/bpf/*.bpf.o; do
	[ -f "$o" ] || continue
	n=$((n + 1))
	progs "$o" >"$T/progs"
	[ -s "$T/progs" ] || fail "$o: no programs in its symbol table"
	bad=$(grep -v '^?' "$T/progs")
	[ -z "$bad" ] || fail "$o: programs that load unless told not to (no '?' in SEC):
$bad"
	# Tracepoint name per program, by mechanism.
	sed -n 's|^?tp_btf/\([^ ]*\) \(.*\)_btf$|\2 \1|p' "$T/progs" | sort >"$T/btf"
	sed -n 's|^?raw_tp/\([^ ]*\) \(.*\)_raw$|\2 \1|p' "$T/progs" | sort >"$T/raw"
	sed -n 's|^?tracepoint/[^/]*/\([^ ]*\) \(.*\)_tp$|\2 \1|p' "$T/progs" | sort >"$T/tp"
	assert_eq "$(grep -c '^?tp_btf/' "$T/progs")" "$(wc -l <"$T/btf" | tr -d ' ')" \
		"$o: tp_btf programs named NAME_btf"
	assert_eq "$(grep -c '^?raw_tp/' "$T/progs")" "$(wc -l <"$T/raw" | tr -d ' ')" \
		"$o: raw_tp programs named NAME_raw"
	assert_eq "$(grep -c '^?tracepoint/' "$T/progs")" "$(wc -l <"$T/tp" | tr -d ' ')" \
		"$o: tracepoint programs named NAME_tp"
	assert_eq "$(cat "$T/btf")" "$(cat "$T/raw")" "$o: tp_btf and raw_tp programs pair up"
	missing=$(comm -23 "$T/tp" "$T/btf")
	[ -z "$missing" ] || fail "$o: classic programs without their tp_btf/raw_tp pair:
$missing"
	# Function programs: NAME_fentry, NAME_fexit, NAME_kprobe, NAME_kretprobe
	# (HOOK_PROGS_ENTRY_EXIT), whatever function the section names.
	for kind in fentry fexit kprobe kretprobe; do
		assert_eq "$(grep -Ec "^\?$kind[/ ]" "$T/progs")" \
			"$(grep -Ec "^\?$kind[/ ].*_$kind\$" "$T/progs")" "$o: $kind programs named NAME_$kind"
	done
	pairs=$((pairs + $(wc -l <"$T/btf")))
done
[ "$n" -ge 4 ] || fail "expected the modes' BPF objects in $BUILD/bpf, found $n"
[ "$pairs" -ge 40 ] || fail "expected the modes' tracepoint programs, found $pairs pairs"
note "$n objects, $pairs tracepoint hooks, every program SEC(\"?...\")"
