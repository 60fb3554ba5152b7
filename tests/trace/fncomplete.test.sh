# SPDX-License-Identifier: GPL-2.0
# Completion of --stage: the kernel functions --stage accepts. What
# `pktpath --complete functions PREFIX` offers is exactly what --stage
# 'PREFIX*' would select (features --functions lists them), includes
# functions the kernel's BTF gives an skb argument (bpftool's dump of
# /sys/kernel/btf/vmlinux, read here) and none without one; each word
# offered is taken by --stage (on the build machine: exit 3, no function
# can be hooked, not exit 2, an unknown function); the TAB after --stage
# offers them through dist/bash-completion/pktpath; and the whole list
# costs well under a second, without privileges.
# asan: yes
. tests/lib.sh

# The independent truth: bpftool's raw dump of the BTF. A FUNC line names
# its FUNC_PROTO by id; the prototype's lines list its arguments' type ids.
bpftool btf dump file /sys/kernel/btf/vmlinux >"$T/btf" || fail "bpftool btf dump"
proto_of() { # FUNC: the line of its prototype and its argument lines
	id=$(sed -n "s/^\[[0-9]*\] FUNC '$1' type_id=\([0-9]*\).*/\1/p" "$T/btf")
	[ -n "$id" ] || fail "bpftool: no FUNC $1"
	awk -v id="[$id]" '$1 == id { p = 1; print; next } p && /^\t/ { print; next } p { exit }' \
		"$T/btf"
}
# The id of struct sk_buff, and of the pointer to it.
skb=$(sed -n "s/^\[\([0-9]*\)\] STRUCT 'sk_buff' .*/\1/p" "$T/btf" | head -n 1)
ptr=$(sed -n "s/^\[\([0-9]*\)\] PTR '(anon)' type_id=$skb\$/\1/p" "$T/btf" | head -n 1)
[ -n "$ptr" ] || fail "bpftool: no struct sk_buff *"
proto_of ip_rcv_core | grep -q "type_id=$ptr\$" || fail "bpftool: ip_rcv_core has no skb"
proto_of netif_carrier_on | grep -q "type_id=$ptr\$" && fail "bpftool: netif_carrier_on has one"

"$PKTPATH" --complete functions ip_rcv >"$T/ip_rcv" || fail "--complete functions ip_rcv"
grep -qx ip_rcv_core "$T/ip_rcv" || fail "ip_rcv_core not offered: $(cat "$T/ip_rcv")"
grep -v '^ip_rcv' "$T/ip_rcv" && fail "a word without the prefix offered"
"$PKTPATH" --complete functions netif_carrier >"$T/carrier" || fail "--complete functions"
grep -qx netif_carrier_on "$T/carrier" && fail "netif_carrier_on (no skb) offered"
# Each one offered has an skb argument by bpftool's reading.
for f in $(cat "$T/ip_rcv"); do
	proto_of "$f" | grep -q "type_id=$ptr\$" || fail "$f offered without an skb: $(proto_of "$f")"
done

# The same words as --stage 'netif_*' would select.
"$PKTPATH" --complete functions netif_ >"$T/netif" || fail "--complete functions netif_"
"$PKTPATH" features --functions 'netif_*' | awk 'NR > 2 && /^  / { print $1 }' | sort -u >"$T/feat"
[ "$(wc -l <"$T/netif")" -ge 5 ] || fail "too few netif_ functions: $(cat "$T/netif")"
cmp -s "$T/netif" "$T/feat" || fail "complete vs features --functions: $(diff "$T/netif" "$T/feat")"
# --stage takes each word (exit 3 here: the kernel hooks no function).
for f in $(head -n 3 "$T/ip_rcv"); do
	"$PKTPATH" trace --stage "$f" --duration 0.1 >/dev/null 2>"$T/e"
	rc=$?
	if [ "$(kernel_kind)" = host ]; then
		assert_eq 3 $rc "trace --stage $f: exit ($(cat "$T/e"))"
	fi
done

# All of them, unprivileged, in well under a second.
start=$(date +%s%N)
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$PKTPATH" --complete functions >"$T/all" || fail "--complete functions unprivileged"
ms=$((($(date +%s%N) - start) / 1000000))
note "--complete functions: $(wc -l <"$T/all") functions in $ms ms"
[ "$(wc -l <"$T/all")" -ge 500 ] || fail "only $(wc -l <"$T/all") functions"
[ $ms -lt 1000 ] || fail "--complete functions took $ms ms"

# The TAB after --stage, as bash-completion drives it.
mkdir "$T/bin" && ln -s "$(realpath "$PKTPATH")" "$T/bin/pktpath" || fail "link"
cat >"$T/complete.bash" <<'SH'
. /usr/share/bash-completion/bash_completion
. dist/bash-completion/pktpath
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_pktpath pktpath "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort
SH
tab() { PATH=$T/bin:$PATH bash "$T/complete.bash" "$@" 2>"$T/err"; }
assert_eq "$(cat "$T/ip_rcv")" "$(tab pktpath trace --stage ip_rcv)" "TAB after --stage ip_rcv"
assert_eq "default" "$(tab pktpath latency --stage def)" "TAB after --stage def"
assert_eq "" "$(tab pktpath trace --stage 'ip_rcv%r')" "TAB after --stage ip_rcv%r"
[ ! -s "$T/err" ] || fail "completion printed: $(cat "$T/err")"
exit 0
