# SPDX-License-Identifier: GPL-2.0
# txq's optional hook on netdev_core_pick_tx (the first seed's kretprobe,
# done right). Where the kernel has fentry or kprobes (the 6.1 kernel under
# qemu), through each of them: the picks per queue equal what
# net_dev_start_xmit counted for the same traffic, every flow's events show
# the pick on the queue the tracepoint saw, and the reasons come from the
# socket's cached queue before and after the pick: a flow's first packet is
# re-picked and cached, an XPS-driven move of an idle TCP flow (ooo_okay) is
# re-picked from queue 0's cache to queue 1's. Where it has neither (here),
# txq says so once and every reason is marked as inferred.
# vm: yes
# asan: yes
. tests/lib.sh

need_cpus 2
sandbox_new 4
xps_cpu0_cpu1
sandbox_warm
counts=31,47,53,67
bg "$HELPERS/trafgen" sink --ns "$NS_B" --addr "$ADDR_B" --port 9000 --n 4 --tcp-port 5001
sleep 0.2

# trace [ARGS]: run txq over known traffic; leaves the output in $T/out.
trace() {
	pp_start "$T/out" txq --dev "$DEV_A" --netns "$NS_A" --json "$@"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 40000 \
		--dport 9000 --counts "$counts" --payload 64 || fail "udp sender failed"
	# Idle between bursts (so ooo_okay is set), moving from CPU 0 to CPU 1.
	"$HELPERS/trafgen" tcp --ns "$NS_A" --dst "$ADDR_B" --dport 5001 --sport 42000 \
		--bursts 6 --bytes 20000 --idle-ms 150 --cpu 0 --switch-after 3 --switch-to 1 ||
		fail "tcp sender failed"
	sleep 0.2
	pp_stop
	summary=$(jq -c 'select(.type == "summary")' "$T/out")
	[ -n "$summary" ] || fail "no summary"
	events=$(jq -c 'select(.type == "new_flow" or .type == "queue_change")' "$T/out")
	[ -n "$events" ] || fail "no events"
}

if no_fn_hooks; then
	trace
	assert_eq 1 "$(grep -c "note: without netdev_core_pick_tx" "$T/out.err")" "notes"
	assert_eq null "$(echo "$summary" | jq -c .pick)" "summary pick"
	assert_eq 0 "$(echo "$events" | jq -c 'select(.why_source != "net_dev_start_xmit" or .pick != null)' | grep -c .)" \
		"events with a pick"
	exit 0
fi

need fentry kprobes
for mech in fentry kprobe; do
	trace --attach "$mech"
	want=$([ $mech = fentry ] && echo fentry+fexit || echo kprobe+kretprobe)
	assert_eq "$want" "$(echo "$summary" | jq -r .pick.mechanism)" "$mech: pick mechanism"
	# 1. Per queue, the picks equal the skbs the tracepoint counted.
	for q in 0 1 2 3; do
		sent=$(echo "$summary" | jq --argjson q $q --arg d "$DEV_A" \
			'[.devices[] | select(.dev == $d) | .queues[] | select(.queue == $q) | .skbs] | add // 0')
		picked=$(echo "$summary" | jq --argjson q $q --arg d "$DEV_A" \
			'[.pick.queues[] | select(.dev == $d and .queue == $q) | .skbs] | add // 0')
		note "$mech: queue $q: net_dev_start_xmit $sent skbs, netdev_core_pick_tx $picked"
		assert_eq "$sent" "$picked" "$mech: queue $q skbs"
	done
	# 2. Each event comes with its skb's pick, on the queue the tracepoint saw.
	bad=$(echo "$events" | jq -c 'select(.why_source != "netdev_core_pick_tx" or .pick.queue != .queue)')
	[ -z "$bad" ] || fail "$mech: events whose pick disagrees: $bad"
	# 3. UDP flows stay on their queue; their first packet is picked afresh
	# and cached in the (connected) socket.
	assert_eq 0 "$(echo "$events" | jq -c 'select(.type == "queue_change" and .proto == "udp")' | grep -c .)" \
		"$mech: UDP queue changes"
	bad=$(echo "$events" | jq -c 'select(.type == "new_flow" and (.pick.picked != "re-picked" or
		.pick.sk_queue_before != -1 or .pick.sk_queue_after != .queue))')
	[ -z "$bad" ] || fail "$mech: new flows not re-picked and cached: $bad"
	# 4. The TCP flow's move: ooo_okay, re-picked by XPS for CPU 1, the
	# socket's cache rewritten from 0 to 1.
	move=$(echo "$events" | jq -c 'select(.type == "queue_change" and .sport == 42000)' | head -n 1)
	[ -n "$move" ] || fail "$mech: no queue change of the TCP flow"
	note "$mech: $move"
	assert_eq "0 1 true re-picked 0 1 xps" \
		"$(echo "$move" | jq -r '[.old_queue, .queue, .ooo_okay, .pick.picked, .pick.sk_queue_before, .pick.sk_queue_after, .why] | map(tostring) | join(" ")')" \
		"$mech: the move"
	# Nothing of the pick hook stays loaded.
	i=0
	while [ -n "$(bpf_prog_ids txq_pick)" ]; do
		i=$((i + 1))
		[ $i -le 30 ] || fail "$mech: txq_pick programs still loaded"
		sleep 0.1
	done
done
