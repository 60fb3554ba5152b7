#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs everything pktpath needs to build, run, test and benchmark, from
# Debian's own packages. Safe to run again: apt-get skips what is present.
set -eu

BUILD_PKGS="make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev libpcap-dev bpftool"
RUN_PKGS="iproute2 nftables"
# The second kernel (qemu), the filter fuzzer (libFuzzer ships with clang's
# runtime), the bpftrace baseline of the benchmark, and tcpdump for captures;
# ethtool reads the per-queue counters of the second kernel's NICs; xz-utils
# unpacks 6.12's modules. tshark/capinfos read pktpath's pcapng files back,
# prometheus (with promtool) scrapes and checks the exporter, and the
# packaging tools build and check the Debian package. systemd-analyze
# (systemd) checks the exporter's unit, setpriv (util-linux) its capabilities.
# python3 holds the kernel's BPF run-time statistics on for bench/pcapng-cost.
TEST_PKGS="qemu-system-x86 busybox-static cpio libclang-rt-14-dev bpftrace tcpdump valgrind kmod jq util-linux
	ethtool xz-utils tshark prometheus curl python3
	systemd"
PKG_PKGS="debhelper dpkg-dev fakeroot lintian bash-completion"

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root (apt-get needs it)" >&2
	exit 1
fi

missing=""
for p in $BUILD_PKGS $RUN_PKGS $TEST_PKGS $PKG_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done"
