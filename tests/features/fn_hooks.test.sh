# SPDX-License-Identifier: GPL-2.0
# The catalog's function hooks for the seeds, through the ready-made
# programs of src/bpf/fn_hooks.bpf.h (tests/helpers/hookcount). Where the
# kernel has fentry and kprobes (the 6.1 kernel under qemu), through each:
# ip_rcv and ip_rcv_core see exactly the packets sent, and the frames sent
# to a foreign MAC arrive as PACKET_OTHERHOST and are dropped in
# ip_rcv_core (the first seed's kprobe); virtnet_poll, in the virtio_net
# module, sees the packets crossing the VM's two virtio-net NICs. Where it
# has neither (here), every hook is missing with both reasons and the
# helper runs on.
# vm: yes
# asan: yes
. tests/lib.sh


# count OUT ARGS...: run hookcount until stop_count.
count() {
	out=$1
	shift
	rm -f "$T/ready"
	"$HELPERS/hookcount" --ready-file "$T/ready" "$@" >"$out" 2>"$out.err" &
	HC_PID=$!
	BG_PIDS="$BG_PIDS $HC_PID"
	i=0
	while [ ! -e "$T/ready" ]; do
		kill -0 "$HC_PID" 2>/dev/null || { cat "$out.err" >&2; fail "hookcount $* exited early"; }
		i=$((i + 1))
		[ $i -gt 300 ] && fail "hookcount $* not ready after 30 s"
		sleep 0.1
	done
}
stop_count() {
	kill -INT "$HC_PID"
	wait "$HC_PID"
	assert_eq 0 $? "hookcount exit status ($(cat "$out.err"))"
}
get() { jq -r ".counts.$1" "$out"; }

if no_fn_hooks; then
	# Both reasons, where the probes here can tell them.
	why="$(fentry_why); $(kprobes_why)"
	[ -n "$(fentry_why)" ] && [ -n "$(kprobes_why)" ] || why=
	count "$T/hc" ip_rcv ip_rcv_core virtnet_poll
	stop_count
	assert_eq 3 "$(jq --arg why "$why" '[.hooks[] | select(.mechanism == null and
		(.reason | endswith($why)))] | length' "$T/hc")" \
		"hooks missing with both reasons"
	assert_eq 3 "$(grep -c "^pktpath: note: without " "$T/hc.err")" "notes"
	exit 0
fi
need fentry kprobes

# The VM's two virtio-net NICs, joined on a qemu hub.
nics=
for d in /sys/class/net/*; do
	[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = virtio_net ] &&
		nics="$nics $(basename "$d")"
done
set -- $nics
[ $# -ge 2 ] || fail "the VM must have two virtio-net NICs on one hub (found:$nics)"
NIC_A=$1 NIC_B=$2

sandbox_new 2
sandbox_warm
# The NICs join the sandbox's namespaces, on their own subnet; leaving with
# the namespaces, they return to the VM.
ip link set "$NIC_A" netns "$NS_A" && ip link set "$NIC_B" netns "$NS_B" &&
ip -n "$NS_A" link set "$NIC_A" addrgenmode none && ip -n "$NS_B" link set "$NIC_B" addrgenmode none &&
ip -n "$NS_A" addr add 198.51.100.1/24 dev "$NIC_A" && ip -n "$NS_B" addr add 198.51.100.2/24 dev "$NIC_B" &&
ip -n "$NS_A" link set "$NIC_A" up && ip -n "$NS_B" link set "$NIC_B" up ||
	fail "cannot move the NICs into the sandbox"
mac_na=$(ip -n "$NS_A" -br link show "$NIC_A" | awk '{ print $3 }')
mac_nb=$(ip -n "$NS_B" -br link show "$NIC_B" | awk '{ print $3 }')
ip -n "$NS_A" neigh replace 198.51.100.2 lladdr "$mac_nb" dev "$NIC_A" nud permanent &&
ip -n "$NS_B" neigh replace 198.51.100.1 lladdr "$mac_na" dev "$NIC_B" nud permanent ||
	fail "cannot set the NICs' neighbours"
mac_b=$(ip -n "$NS_B" -br link show "$DEV_B" | awk '{ print $3 }')

udp() { # SRC DST PACKETS
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$1" --dst "$2" --sport 43000 --dport 9 \
		--flows 1 --packets "$3" || fail "sender failed"
}

for mech in fentry kprobe; do
	# veth: packets arrive one by one (backlog): ip_rcv, then ip_rcv_core.
	count "$T/hc" --attach $mech --dev "$DEV_B" ip_rcv ip_rcv_core
	udp "$ADDR_A" "$ADDR_B" 20
	# The same to a MAC that is not veth-b's: PACKET_OTHERHOST, dropped.
	ip -n "$NS_A" neigh replace "$ADDR_B" lladdr 02:00:5e:00:53:99 dev "$DEV_A" nud permanent
	udp "$ADDR_A" "$ADDR_B" 30
	ip -n "$NS_A" neigh replace "$ADDR_B" lladdr "$mac_b" dev "$DEV_A" nud permanent
	sleep 0.2
	stop_count
	case $mech in
	fentry) pair=fentry+fexit ;;
	kprobe) pair=kprobe+kretprobe ;;
	esac
	assert_eq "$mech $pair" "$(jq -r '[.hooks[].mechanism] | join(" ")' "$out")" \
		"$mech: mechanisms of ip_rcv, ip_rcv_core"
	note "$mech veth: $(jq -c .counts "$out")"
	assert_eq "50 30 50 30" "$(get ip_rcv) $(get ip_rcv_otherhost) $(get ip_rcv_core) $(get ip_rcv_core_drop)" \
		"$mech: ip_rcv, otherhost, ip_rcv_core, dropped"

	# virtio-net: the driver's NAPI poll, then GRO lists (ip_rcv_core).
	count "$T/hc" --attach $mech --dev "$NIC_B" virtnet_poll ip_rcv_core
	udp 198.51.100.1 198.51.100.2 25
	sleep 0.5
	stop_count
	note "$mech virtio: $(jq -c .counts "$out")"
	assert_eq "$pair" "$(jq -r '.hooks[] | select(.hook == "virtnet_poll") | .mechanism' "$out")" \
		"$mech: virtnet_poll mechanism"
	assert_eq 25 "$(get ip_rcv_core)" "$mech: ip_rcv_core packets from $NIC_B"
	[ "$(get poll)" -ge 1 ] && [ "$(get poll_work)" -ge 25 ] ||
		fail "$mech: virtnet_poll: $(jq -c .counts "$out")"
done
