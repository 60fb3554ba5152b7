# SPDX-License-Identifier: GPL-2.0
# A real Prometheus server (Debian's, on loopback, with a temporary
# configuration and data directory, scraping every second) scrapes pktpath
# export. Over the window between a sample taken before N datagrams to a
# closed port and one taken after them, PromQL's increase() gives exactly N
# NO_SOCKET drops, and histogram_quantile() puts the p99 of a stage pair's
# latency inside the bucket where the exporter's own histogram (its two
# /metrics pages, before and after) has its 99th percentile.
. tests/lib.sh
. tests/drops/common.sh
. tests/export/common.sh

command -v prometheus >/dev/null || fail "prometheus is not installed (scripts/install-deps.sh)"
sandbox_new 2
sandbox_warm
exp_start "$FILTER" --modes drops,latency
PPORT=$(free_port)
[ "$PPORT" != "$PORT" ] || PPORT=$((PORT + 1))
cat >"$T/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  scrape_timeout: 900ms
scrape_configs:
  - job_name: pktpath
    static_configs:
      - targets: ['127.0.0.1:$PORT']
EOC
bg prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/data" \
	--web.listen-address="127.0.0.1:$PPORT" --log.level=warn 2>"$T/prometheus.log"
API=http://127.0.0.1:$PPORT/api/v1

# query PROMQL: the value of the first result ("" when none).
query() {
	curl -s "$API/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'
}

# wait_for PROMQL VALUE: until the query returns VALUE (20 s at most).
wait_for() {
	i=0
	until [ "$(query "$1")" = "$2" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "Prometheus: $1 is not $2 after 20 s ($(query "$1"); $(tail -3 "$T/prometheus.log"))"
		sleep 0.2
	done
}

wait_for 'up{job="pktpath"}' 1
drops="pktpath_drops_total{reason=\"NO_SOCKET\",dev=\"$DEV_B\",netns=\"$NS_B\"}"
pair='from="net_dev_queue",to="net_dev_start_xmit"'
# One datagram first, so the series exists before the window opens.
send_noport 1
wait_for "$drops" 1
sleep 1.2 # one more sample of it
scrape "$T/before"
n=200
send_noport $n
wait_for "$drops" $((n + 1))
sleep 1.2
scrape "$T/after"

# The window: from the last sample before the traffic to the last one.
curl -s "$API/query" --data-urlencode "query=$drops[2m]" >"$T/samples.json"
t0=$(jq -r '[.data.result[0].values[] | select(.[1] == "1")] | last | .[0]' "$T/samples.json")
t1=$(jq -r '.data.result[0].values | last | .[0]' "$T/samples.json")
w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 + 0.5 }')
[ "$w" -gt 0 ] || fail "no window between the samples ($t0, $t1)"

inc=$(query "increase($drops[${w}ms] @ $t1)")
note "increase($drops[${w}ms] @ $t1) = $inc"
assert_eq "$n" "$(awk -v v="$inc" 'BEGIN { printf "%.0f", v }')" "increase() of NO_SOCKET drops"
awk -v v="$inc" -v n=$n 'BEGIN { exit !(v - n < 0.001 && n - v < 0.001) }' ||
	fail "increase() is $inc, not exactly $n"

p99=$(query "histogram_quantile(0.99, sum by (le) (increase(pktpath_latency_seconds_bucket{$pair}[${w}ms] @ $t1)))")
# The exporter's own answer: the bucket holding the 99th percentile of what
# the pair counted between the two pages.
range=$(awk -v pair="$pair" '
	FNR == 1 { f++ }
	index($0, "pktpath_latency_seconds_bucket{" pair ",le=\"") == 1 && $0 !~ /Inf/ {
		split($0, a, "le=\""); split(a[2], b, "\""); le = b[1]
		if (f == 1) before[le] = $NF; else { after[le] = $NF; order[++k] = le } }
	END {
		total = after[order[k]] - before[order[k]]; lo = 0
		for (i = 1; i <= k; i++) {
			if (after[order[i]] - before[order[i]] >= 0.99 * total) {
				printf "%s %s %d\n", lo, order[i], total; exit }
			lo = order[i] } }' "$T/before" "$T/after")
set -- $range
note "histogram_quantile(0.99) = $p99 s; the exporter's p99 bucket ($3 packets): [$1, $2] s"
assert_eq $n "$3" "packets in the pair's histogram over the window"
awk -v p="$p99" -v lo="$1" -v hi="$2" 'BEGIN { exit !(p + 0 >= lo && p + 0 <= hi) }' ||
	fail "p99 $p99 s is outside [$1, $2]"
pp_stop
