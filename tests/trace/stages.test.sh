# SPDX-License-Identifier: GPL-2.0
# latency --stages: the default attaches one program per step of a packet's
# path, and no per-CPU context or net_dev_xmit; 'all' attaches those too;
# --from/--to add their stages; the pairs count every packet sent either
# way; a bad list is a usage error.
# asan: yes
. tests/lib.sh
. tests/trace/common.sh

expect_error 2 "no such stage: nosuch" latency --stages net_dev_queue,nosuch
expect_error 2 "separated by commas" latency --stages net_dev_queue,,kfree_skb

sandbox_sink 2

# attached OUT: the programs a -v run attached, by name, sorted.
attached() {
	sed -n 's/.*attached \([a-z_0-9]*\) (program id.*/\1/p' "$1.err" | sort | tr '\n' ' '
}

n=30
for set in default all; do
	if [ $set = default ]; then
		pp_start "$T/$set" latency --dev "$DEV_A" --netns "$NS_A" --json -v
	else
		pp_start "$T/$set" latency --dev "$DEV_A" --netns "$NS_A" --json -v --stages all
	fi
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --packets $n --payload 64 --gap-us 2000 || fail "sender failed"
	sleep 0.3
	pp_stop
	note "$set: $(attached "$T/$set")"
	pair=$(summary "$T/$set" | jq '[.pairs[] | select(.from == "net_dev_queue" and
		.to == "net_dev_start_xmit") | .count] | add')
	assert_eq $n "$pair" "$set: pair net_dev_queue -> net_dev_start_xmit"
	assert_eq $n "$(summary "$T/$set" | jq '[.pairs[] | select(.to == "netif_receive_skb")
		| .count] | add')" "$set: pairs ending at netif_receive_skb"
	assert_eq 0 "$(summary "$T/$set" | jq '[.losses[]] | add')" "$set: losses"
done
a=$(attached "$T/default")
for p in net_dev_queue net_dev_start_xmit netif_rx netif_receive_skb kfree_skb; do
	case $a in *"tr_${p}_"*) ;; *) fail "default: no program at $p: $a" ;; esac
done
for p in net_dev_xmit netif_rx_entry softirq_raise softirq_entry napi_poll irq_handler_entry \
	sk_data_ready qdisc_enqueue; do
	case $a in *"tr_${p}_"*) fail "default: a program at $p: $a" ;; esac
	case $(attached "$T/all") in *"tr_${p}_"*) ;; *) fail "all: no program at $p" ;; esac
done
# With every stage, each packet also meets the driver's return (veth queues
# it to the peer before returning: netif_rx comes between).
assert_eq $n "$(summary "$T/all" | jq '[.pairs[] | select(.to == "net_dev_xmit") | .count]
	| add')" "all: pairs ending at net_dev_xmit"

# A chosen list, plus what --from/--to name.
pp_start "$T/list" latency --dev "$DEV_A" --netns "$NS_A" --json -v \
	--stages net_dev_queue,kfree_skb,consume_skb --from net_dev_queue --to netif_receive_skb
"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
	--dport 9000 --packets $n --payload 64 --gap-us 2000 || fail "sender failed"
sleep 0.3
pp_stop
a=$(attached "$T/list")
note "list: $a"
case $a in *tr_netif_receive_skb_*) ;; *) fail "--to netif_receive_skb not attached: $a" ;; esac
case $a in *tr_net_dev_start_xmit_*) fail "net_dev_start_xmit attached: $a" ;; esac
assert_eq $n "$(summary "$T/list" | jq '.span.count')" "span net_dev_queue -> netif_receive_skb"
assert_eq $n "$(summary "$T/list" | jq '[.pairs[] | select(.from == "net_dev_queue" and
	.to == "netif_receive_skb") | .count] | add')" "list: pair net_dev_queue -> netif_receive_skb"
exit 0
