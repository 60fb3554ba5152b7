# SPDX-License-Identifier: GPL-2.0
# `pktpath features` tells what this kernel offers, with the right reasons,
# each checked against what tests/lib.sh finds out by itself (kernel_has:
# hookcheck's own fentry and kprobe programs, tracefs, the configuration):
# here (6.18, lockdown and no CONFIG_KPROBES) tracepoints through tp_btf,
# no kprobes, fentry refused with EPERM; on Debian's 5.10, 6.1 and 6.12
# under qemu kprobes and fentry available, and the seeds' function hooks
# with them; drop reasons only from 5.17 on, each missing tracepoint named
# with its reason.
# vm: core
# asan: yes
. tests/lib.sh

kernel_has fentry && want_fentry=true || want_fentry=false
kernel_has kprobes && want_kprobes=true || want_kprobes=false
# Where the kernel publishes its configuration, it must agree on kprobes.
if cfg_kprobes=$(kconfig KPROBES) && cfg_events=$(kconfig KPROBE_EVENTS); then
	[ "$cfg_kprobes$cfg_events" = yy ] && cfg=true || cfg=false
	assert_eq "$want_kprobes" "$cfg" "a kprobe attached vs kernel config"
fi
note "kernel $(uname -r): fentry $want_fentry, kprobes $want_kprobes"

"$PKTPATH" features --json >"$T/json" 2>"$T/err" || fail "features --json: exit $? ($(cat "$T/err"))"
[ ! -s "$T/err" ] || fail "features --json wrote to stderr: $(cat "$T/err")"
j=$(cat "$T/json")
assert_eq 1 "$(wc -l <"$T/json" | tr -d ' ')" "JSON lines"
feat() { echo "$j" | jq -r ".features.$1.$2"; }

# Kernel-wide features every kernel has.
for f in btf ringbuf stackid tp_btf raw_tp tracepoint; do
	assert_eq true "$(feat $f available)" "feature $f ($(feat $f detail))"
done
# Drop reasons came with 5.17.
if ! kernel_has drop_reasons; then
	assert_eq "false false" "$(feat drop_reasons available) $(feat drop_reasons kfree_skb_reason)" \
		"5.10: no drop reasons ($(feat drop_reasons detail))"
else
	assert_eq true "$(feat drop_reasons available)" "drop reasons ($(feat drop_reasons detail))"
	assert_eq true "$(feat drop_reasons kfree_skb_reason)" "kfree_skb has a reason argument"
	[ "$(feat drop_reasons reasons)" -gt 10 ] || fail "drop reasons: $(feat drop_reasons reasons)"
fi

assert_eq "$want_fentry" "$(feat fentry available)" "fentry ($(feat fentry detail))"
assert_eq "$want_kprobes" "$(feat kprobes available)" "kprobes ($(feat kprobes detail))"
# Why not, where the probes here can tell (on this machine: EPERM, and
# CONFIG_KPROBES unset).
[ "$want_fentry" = true ] || [ -z "$(fentry_why)" ] ||
	assert_eq "$(fentry_why)" "$(feat fentry detail)" "why no fentry"
[ "$want_kprobes" = true ] || [ -z "$(kprobes_why)" ] ||
	assert_eq "$(kprobes_why)" "$(feat kprobes detail)" "why no kprobes"

# Every tracepoint hook: available through tp_btf, except those younger
# than the kernel (not in its tracefs), which must be missing for that
# reason: e.g. sock:sk_data_ready (6.6), sock:sock_recv_length (6.4) and
# qdisc:qdisc_enqueue (5.14).
late=
for h in $(echo "$j" | jq -r '.hooks[] | select(.kind == "tracepoint") | "\(.category)/\(.name)"'); do
	kernel_has "tracepoint:$h" || late="$late ${h#*/}"
done
note "tracepoints this kernel lacks:${late:- none}"
bad=$(echo "$j" | jq -c --arg late " $late " '.hooks[] | select(.kind == "tracepoint" and
	.mechanism != "tp_btf" and (.name as $n | $late | contains(" " + $n + " ") | not))')
[ -z "$bad" ] || fail "tracepoint hooks not on tp_btf: $bad"
for n in $late; do
	cat=$(echo "$j" | jq -r --arg n "$n" '.hooks[] | select(.name == $n) | .category')
	assert_eq "tracepoint $cat/$n is not in this kernel" "$(echo "$j" | jq -r --arg n "$n" \
		'.hooks[] | select(.name == $n) | .reason')" "why $n is missing"
done
[ "$(echo "$j" | jq '[.hooks[] | select(.kind == "tracepoint")] | length')" -ge 2 ] ||
	fail "too few tracepoint hooks"

# The seeds' function hooks: in both kernels' BTF and kallsyms.
hook() { echo "$j" | jq -c --arg n "$1" '.hooks[] | select(.name == $n)'; }
for fn in netdev_core_pick_tx netdev_pick_tx ip_rcv ip_rcv_core; do
	h=$(hook $fn)
	[ -n "$h" ] || fail "$fn is not in the catalog"
	assert_eq true "$(echo "$h" | jq .in_btf)" "$fn in BTF"
	[ "$(echo "$h" | jq -r .kallsyms)" != null ] || fail "$fn not found in kallsyms: $h"
	if no_fn_hooks; then
		assert_eq false "$(echo "$h" | jq .available)" "$fn available"
		echo "$h" | jq -r .reason | grep -q "$(fn_hooks_why)" ||
			fail "$fn: reason: $h"
	else
		assert_eq "$(kernel_has fentry && echo fentry || echo kprobe)" \
			"$(echo "$h" | jq -r .mechanism)" "$fn mechanism"
		assert_eq "$want_kprobes" "$(echo "$h" | jq '.mechanisms[] | select(.mechanism == "kprobe") | .available')" \
			"$fn through kprobes"
	fi
done
# The NIC driver's poll function: where virtio-net is loaded, in its BTF,
# but 5.10 has no BTF for modules (a loadable module, with an initstate,
# and no /sys/kernel/btf/virtio_net): there only a kprobe can reach it.
h=$(hook virtnet_poll)
[ -n "$h" ] || fail "virtnet_poll is not in the catalog"
if [ -e /sys/module/virtio_net/initstate ] && [ ! -e /sys/kernel/btf/virtio_net ]; then
	assert_eq "false kprobe" "$(echo "$h" | jq -r '"\(.in_btf) \(.mechanism)"')" \
		"virtnet_poll without module BTF ($h)"
elif [ -d /sys/module/virtio_net ]; then
	assert_eq true "$(echo "$h" | jq .in_btf)" "virtnet_poll in BTF ($h)"
	[ "$want_fentry" = false ] || assert_eq fentry "$(echo "$h" | jq -r .mechanism)" "virtnet_poll mechanism"
else
	assert_eq false "$(echo "$h" | jq .available)" "virtnet_poll without virtio_net"
fi
# Unavailable hooks say why; available ones do not.
assert_eq 0 "$(echo "$j" | jq '[.hooks[] | select((.available | not) and ((.reason // "") == ""))] | length')" \
	"unavailable hooks without a reason"
assert_eq 0 "$(echo "$j" | jq '[.hooks[] | select(.available and .reason != null)] | length')" \
	"available hooks with a reason"

# Text: the same answers, in 80 columns.
"$PKTPATH" features >"$T/text" 2>"$T/err" || fail "features: exit $?"
[ ! -s "$T/err" ] || fail "features wrote to stderr: $(cat "$T/err")"
long=$(awk 'length > 80' "$T/text")
[ -z "$long" ] || fail "lines over 80 columns: $long"
grep -q "^Kernel support" "$T/text" || fail "no kernel support table"
for name in $(echo "$j" | jq -r '.hooks[].name'); do
	grep -q "$name" "$T/text" || fail "hook $name missing from the text"
done
grep -q "^  net:net_dev_start_xmit tp_btf " "$T/text" || fail "net_dev_start_xmit line"
if [ "$want_kprobes" = false ]; then
	kw=$(kprobes_why)
	grep -q "^  kprobes        no   ${kw:-.*}$" "$T/text" ||
		fail "kprobes line: $(grep kprobes "$T/text")"
fi
if no_fn_hooks; then
	grep -q "^  netdev_core_pick_tx()  missing " "$T/text" || fail "netdev_core_pick_tx line"
elif [ "$want_fentry" = true ]; then
	grep -q "^  fentry/fexit   yes" "$T/text" || fail "fentry line: $(grep fentry "$T/text")"
	grep -q "^  netdev_core_pick_tx()  fentry " "$T/text" || fail "netdev_core_pick_tx line"
fi

# Its command line: no arguments.
"$PKTPATH" features extra >/dev/null 2>"$T/err"
assert_eq 2 $? "exit status with an argument"
grep -q "unexpected argument" "$T/err" || fail "message: $(cat "$T/err")"
"$PKTPATH" features --help | grep -q "^Usage: pktpath features" || fail "features --help"
