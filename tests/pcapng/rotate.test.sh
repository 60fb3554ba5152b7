# SPDX-License-Identifier: GPL-2.0
# -C 1 over a flood (4 s of drops at --rate 3000: 3 MB or more): files
# FILE, FILE1, FILE2... of at most a million bytes plus one packet, each a
# pcapng that tshark reads on its own, holding together every packet the
# run printed. With --max-files 2 the files are
# FILE0 and FILE1, reused in turn (they hold fewer packets than were
# printed), and no others.
. tests/lib.sh
. tests/pcapng/common.sh

sandbox_new 2
sandbox_warm
max_block=4096 # a packet block: 256 bytes of packet, its text and JSON
for ring in "" 2; do
	dir=$T/run$ring
	mkdir "$dir"
	pp_start "$T/out" drops --netns "$NS_B" --rate 3000 --json -w "$dir/f" -C 1 \
		${ring:+--max-files $ring}
	"$HELPERS/udpflood" --ns "$NS_A" --dst "$ADDR_B" --dport 9 --seconds 4 >/dev/null
	pp_stop
	total=0
	for f in "$dir"/*; do
		size=$(stat -c %s "$f")
		[ "$size" -le $((1000000 + max_block)) ] || fail "$f: $size bytes"
		tshark_read "$f" "$T/read" -T fields -e frame.number
		total=$((total + $(wc -l <"$T/read")))
	done
	files=$(ls "$dir" | tr '\n' ' ')
	note "--max-files ${ring:-none}: files $files($total packets)"
	if [ -z "$ring" ]; then
		[ -e "$dir/f" ] && [ -e "$dir/f1" ] && [ ! -e "$dir/f0" ] || fail "files: $files"
		assert_eq "$(jq -c 'select(.type == "drop")' "$T/out" | wc -l | tr -d ' ')" \
			"$total" "packets in the files vs drops printed"
	else
		assert_eq "f0 f1 " "$files" "files of the ring"
		printed=$(jq -c 'select(.type == "drop")' "$T/out" | wc -l | tr -d ' ')
		[ "$total" -lt "$printed" ] || fail "the ring kept all $printed packets: no file reused"
	fi
done
