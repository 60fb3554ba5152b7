# SPDX-License-Identifier: GPL-2.0
# Every attach mechanism pktpath may use loads, attaches and fires on this
# kernel (unlike the build machine's): tp_btf, raw_tp and classic tracepoints,
# kprobes and kretprobes, fentry and fexit, on kernel functions and on the
# virtio-net driver's NAPI poll (a module function). tests/helpers/hookcheck
# loads one program of tests/bpf/hooks.bpf.c at a time and counts its hits
# while UDP crosses the two virtio-net NICs.
. tests/lib.sh
. tests/vm/nics.sh

vm_nics_new
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 1
sleep 0.3

OBJ=$BUILD/tests/bpf/hooks.bpf.o
bad=
for p in tp_btf_netif_receive_skb raw_tp_netif_receive_skb tp_netif_receive_skb \
	tp_btf_irq_handler_entry kprobe_ip_rcv_core kretprobe_netdev_core_pick_tx \
	kprobe_virtnet_poll fentry_ip_rcv_core fexit_netdev_core_pick_tx fentry_virtnet_poll; do
	"$HELPERS/hookcheck" "$OBJ" "$p" "$HELPERS/trafgen" udp --ns "$NS_A" \
		--src "$ADDR_A" --dst "$ADDR_B" --sport 40000 --dport 9000 --packets 20 \
		--gap-us 1000 >"$T/out" 2>"$T/err"
	rc=$?
	note "$(cat "$T/out") (exit $rc)"
	[ $rc -eq 0 ] || { cat "$T/err" >&2; bad="$bad $p"; }
done
[ -z "$bad" ] || fail "mechanisms that do not work here:$bad"
exit 0
