# SPDX-License-Identifier: GPL-2.0
# The bash completion (dist/bash-completion/pktpath), loaded as
# bash-completion loads it and driven as bash does at a TAB: COMP_WORDS and
# COMP_CWORD set, the function `complete -p pktpath` names called. What it
# offers is checked against what pktpath accepts (its --help, its error
# messages), /proc/interrupts, and a sandbox namespace made here.
# asan: yes
. tests/lib.sh

[ -r /usr/share/bash-completion/bash_completion ] ||
	fail "bash-completion is missing (scripts/install-deps.sh)"
sandbox_new 2
mkdir "$T/bin" && ln -s "$(realpath "$PKTPATH")" "$T/bin/pktpath" || fail "link"

# complete WORD...: what a TAB after the last word offers, one per line.
cat >"$T/complete.bash" <<'SH'
. /usr/share/bash-completion/bash_completion
. dist/bash-completion/pktpath
spec=$(complete -p pktpath) || exit 1
func=$(echo "$spec" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$func" pktpath "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort
SH
complete() {
	PATH=$T/bin:$PATH bash "$T/complete.bash" "$@" 2>"$T/err" || fail "completing '$*'"
	[ -s "$T/err" ] && fail "completing '$*' printed: $(cat "$T/err")"
}
# expect WANT WORD...: the offer is exactly WANT (words, any order).
expect() {
	want=$(echo $1 | tr ' ' '\n' | sort)
	shift
	assert_eq "$want" "$(complete "$@")" "completion of '$*'"
}

PATH=$T/bin:$PATH bash -c '. /usr/share/bash-completion/bash_completion &&
	. dist/bash-completion/pktpath && complete -p pktpath' >"$T/spec" || fail "complete -p"
grep -q "^complete -F _pktpath pktpath$" "$T/spec" || fail "complete -p: $(cat "$T/spec")"

# Commands: those `pktpath --help` lists, and the global options.
cmds=$("$PKTPATH" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ "$(echo "$cmds" | wc -l)" -ge 5 ] || fail "cannot read the commands from --help"
expect "$cmds --help --version" pktpath ""
expect "latency" pktpath lat
expect "trace txq" pktpath t
# Options: each command's own, as its --help shows them; a prefix of the
# command is enough, as for pktpath.
for c in $cmds; do
	"$PKTPATH" "$c" --help | grep -Eo '^ +(-[a-zA-Z], )?--[a-z-]+' | sed 's/.*--/--/' |
		sort >"$T/help-$c"
	complete pktpath "$c" -- | sort >"$T/offer-$c"
	cmp -s "$T/help-$c" "$T/offer-$c" ||
		fail "options of $c: --help vs completion: $(diff "$T/help-$c" "$T/offer-$c")"
done
expect "--from" pktpath latency --fr
expect "--dev --duration" pktpath tr --d
expect "--json" pktpath txq --j

# Stages: what `latency --from` accepts, as its error message lists them.
stages=$("$PKTPATH" latency --from bogus --to netif_rx 2>&1 | sed 's/.*one of: //; s/)$//; s/,//g')
[ "$(echo $stages | wc -w)" -ge 10 ] || fail "cannot read the stages: $stages"
expect "$stages" pktpath latency --from ""
expect "netif_receive_skb netif_receive_skb_entry netif_receive_skb_list_entry" \
	pktpath latency --to netif_receive_s
expect "kfree_skb" pktpath lat 'tcp port 80' --from kf
# Attach mechanisms: what --attach accepts.
mechs=$("$PKTPATH" txq --attach bogus 2>&1 | sed 's/.*(//; s/)$//; s/,//g')
expect "$mechs" pktpath trace --attach ""
expect "fentry fexit" pktpath drops --attach f

# --dev: a device that exists only in the sandbox's namespace, as --dev
# finds it; --netns: the sandbox's name, as `ip netns` lists it.
[ ! -e "/sys/class/net/$DEV_A" ] || fail "$DEV_A is in this namespace too: proves nothing"
expect "$DEV_A" pktpath txq --dev "${DEV_A%?}a"
# (Other tests' sandboxes may have more veth- devices: only ours are checked.)
complete pktpath trace -d veth- >"$T/veths"
grep -qx "$DEV_A" "$T/veths" && grep -qx "$DEV_B" "$T/veths" ||
	fail "-d veth- offers $(tr '\n' ' ' <"$T/veths")"
expect "$NS_A" pktpath txq --netns "${NS_A%?}a"
expect "$NS_A $NS_B" pktpath txq -N "ppt-$$-"
# Without privileges, only pktpath's own namespace's devices.
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$PKTPATH" --complete devices >"$T/unpriv" || fail "--complete devices unprivileged"
grep -qx lo "$T/unpriv" && ! grep -q veth- "$T/unpriv" || fail "unprivileged: $(cat "$T/unpriv")"

# --irq: an interrupt's number and its name, from /proc/interrupts.
line=$(awk 'NR == 1 { n = NF } $1 ~ /^[0-9]+:$/ && NF >= n + 4 { print; exit }' /proc/interrupts)
irq=$(echo "$line" | awk '{ sub(":", "", $1); print $1 }')
name=$(echo "$line" | awk '{ print $NF }')
[ -n "$irq" ] && [ -n "$name" ] || fail "no named interrupt in /proc/interrupts"
complete pktpath trace --irq "" >"$T/irqs"
grep -qx "$irq" "$T/irqs" && grep -qx "$name" "$T/irqs" ||
	fail "--irq offers neither $irq nor $name: $(tr '\n' ' ' <"$T/irqs")"
complete pktpath trace --irq "$name" | grep -qx "$name" || fail "--irq $name"
# ...and pktpath accepts what was offered.
"$PKTPATH" trace --irq "$name" --duration 0.2 >"$T/o" 2>&1 || fail "trace --irq $name: $(cat "$T/o")"

# Values that are numbers or files: no words, or file names.
expect "" pktpath trace --duration ""
: >"$T/ready-xyz"
expect "$T/ready-xyz" pktpath trace --ready-file "$T/ready-x"
# Bad requests of the hidden --complete: one line, exit status 2.
expect_error 2 "say what" --complete
expect_error 2 "name a command pktpath knows" --complete options nosuch
expect_error 2 "unknown" --complete bogus
# The filter expression is not completed.
expect "" pktpath txq udp ""
note "completion: $(echo $cmds | wc -w) commands, $(echo $stages | wc -w) stages, $(wc -l <"$T/irqs") IRQ words"
