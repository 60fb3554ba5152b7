#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# asan: yes
# vm: yes
#
# The tcpdump filter's differential test. Captures real traffic in the
# sandbox (filter_capture: ARP, ND, ICMP, UDP with IP options and IPv6
# extension headers, fragments, TCP with large GSO frames, VLAN and QinQ
# frames), then runs every expression of tests/filter/expressions.txt,
# translated to eBPF and spliced into filter_test.bpf.c, in the kernel
# (BPF_PROG_TEST_RUN) on every captured and generated packet; each verdict
# must be libpcap's. Prints each difference with the expression and the
# packet. KEEP_PCAP=FILE keeps the capture.
. tests/lib.sh

for bin in filter_capture filter_diff; do
	[ -x "$HELPERS/$bin" ] || fail "$HELPERS/$bin missing: run make helpers"
done
sandbox_new 2
sandbox_ipv6

"$HELPERS/filter_capture" "$NS_A" "$DEV_A" "$NS_B" "$T/sandbox.pcap" 192.0.2.255 \
	"$ADDR_B" "$ADDR6_B" || fail "capturing sandbox traffic failed"
[ -n "${KEEP_PCAP:-}" ] && cp "$T/sandbox.pcap" "$KEEP_PCAP"

# Under qemu's emulation (the second kernel) a smaller generated corpus.
n=3000
emulated && n=1500
"$HELPERS/filter_diff" -n "$n" -p "$T/sandbox.pcap" tests/filter/expressions.txt ||
	fail "the translated filters disagree with libpcap (details above)"
