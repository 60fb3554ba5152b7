# SPDX-License-Identifier: GPL-2.0
# common.sh - what the trace tests share, on top of tests/lib.sh, for
# reading trace's packet records (latency's tests read them too, as the
# independent truth for latency's histograms):
#   . tests/lib.sh; . tests/trace/common.sh

# packets OUT JQ-CONDITION: the packet objects of a trace --json output that
# satisfy the condition, one per line (compact).
packets() {
	jq -c "select(.type == \"packet\") | select($2)" "$1"
}

# pair_count SUMMARY FROM TO: how many packets latency's summary (a JSON
# object) counted in the pair FROM -> TO; 0 without that pair.
pair_count() {
	echo "$1" | jq "[.pairs[] | select(.from == \"$2\" and .to == \"$3\") | .count] | add // 0"
}

# note_pairs SUMMARY: every pair's count into the test's log.
note_pairs() {
	note "pairs: $(echo "$1" | jq -c '[.pairs[] | "\(.from)->\(.to) \(.count)"]')"
}

# present OUT STAGE...: the STAGEs this kernel has (not in the summary's
# stages_missing), in the order given.
present() {
	pr_out=$1
	shift
	pr_missing=$(summary "$pr_out" | jq -r '.stages_missing')
	for s in "$@"; do
		case ", $pr_missing, " in *", $s, "*) ;; *) printf '%s ' "$s" ;; esac
	done
}

# check_order PACKETS STAGE...: every packet (lines of JSON) has each STAGE,
# in that order, and its stage times never go backwards. Fails naming the
# first packet that does not. (POSIX sh has no local variables: the
# functions here use names of their own, not the tests' pk, out or want.)
check_order() {
	co_pk=$1
	shift
	co_want=$(printf '"%s",' "$@")
	co_bad=$(echo "$co_pk" | jq -c --argjson want "[${co_want%,}]" '
		[.stages[].stage] as $have
		| [$want[] as $s | $have | index($s)] as $pos
		| select(($pos | any(. == null)) or ($pos != ($pos | sort))
			or ([.stages[].ts_ns] != ([.stages[].ts_ns] | sort))
			or ([.stages[].since_first_ns] | any(. < 0)))
		| {id, have: $have}' | head -n 1)
	[ -z "$co_bad" ] || fail "stages missing or out of order (want $*): $co_bad"
}

# verdict_flows DROPPED ACCEPTED: UDP from the sandbox's A to B, DROPPED
# datagrams to port 7777 (the flow `nft_drop_udp "$NS_B" 7777` drops) and
# ACCEPTED to port 9, for the tests of nf_hook_slow's verdict.
verdict_flows() {
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 31000 \
		--dport 7777 --packets "$1" --gap-us 2000 || fail "udp sender failed"
	"$HELPERS/trafgen" udp --ns "$NS_A" --src "$ADDR_A" --dst "$ADDR_B" --sport 32000 \
		--dport 9 --packets "$2" --gap-us 2000 || fail "udp sender failed"
}

# snmp_field NS PROTO FIELD: a counter of /proc/net/snmp in namespace NS.
snmp_field() {
	ip netns exec "$1" cat /proc/net/snmp | awk -v p="$2:" -v f="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next }
		$1 == p && h { print $c[f]; exit }'
}

# wait_line FILE TEXT: wait (10 s at most) until FILE has a line TEXT.
wait_line() {
	i=0
	until grep -qx "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "no '$2' in $1: $(cat "$1" 2>/dev/null)"
		sleep 0.1
	done
}
