# SPDX-License-Identifier: GPL-2.0
#
# make            build build/pktpath (BPF objects, skeletons, user space)
# make test       the whole suite: unit, filter, kernel tests here, then the
#                 second kernel under qemu (tests/run --help for parts)
# make test-vm    only the part that runs on the second kernel
# make helpers    test helpers, unit tests and the filter's fuzzer
# make fuzz       run the filter translator's fuzzer for FUZZ_TIME seconds
# make install    PREFIX=/usr/local DESTDIR=
# make deb        the Debian package, into build/ (DEB_OUT=DIR elsewhere)
# make SANITIZE=1 build with ASan and UBSan (the test suite does this itself)

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build

CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
PKG_CONFIG ?= pkg-config

ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# The commit built; "unknown" outside a git checkout (a tarball), unless given:
# make GIT_REV=abc1234. Only the commit, so two builds of it are identical.
ifeq ($(origin GIT_REV),undefined)
GIT_REV := $(shell test -e .git && git rev-parse --short HEAD 2>/dev/null || echo unknown)
endif

# The kernel's own BTF gives the most exact vmlinux.h; without it the build
# falls back to the committed one (CO-RE relocates either to the running kernel).
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
VMLINUX_FALLBACK := src/bpf/vmlinux/vmlinux_$(ARCH).h

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARNINGS) -Isrc -I$(BUILD) \
	-DPKTPATH_VERSION='"$(VERSION) ($(GIT_REV))"'
LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz) \
	$(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap) -lm

ifeq ($(SANITIZE),1)
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
override LDFLAGS += -fsanitize=address,undefined
endif

# -mcpu=v3: atomic fetch-and-add with a result, 32-bit jumps (Linux 5.12+).
# The prefix map keeps the checkout's path out of the BTF line info (and so
# out of the binary): two builds of one commit are identical wherever they ran.
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-Wno-unused-function -Isrc -I$(BUILD) -ffile-prefix-map=$(CURDIR)=.

# One folder per mode: src/modes/NAME/ holds NAME.bpf.c (the kernel half,
# built into build/NAME.skel.h) beside its user half. Headers are not listed:
# the compilers write each object's dependencies (-MMD) into a .d beside it.
BPF_SRCS := $(wildcard src/modes/*/*.bpf.c)
BPF_OBJS := $(patsubst %.bpf.c,$(BUILD)/bpf/%.bpf.o,$(notdir $(BPF_SRCS)))
SKELS := $(patsubst %.bpf.c,$(BUILD)/%.skel.h,$(notdir $(BPF_SRCS)))
vpath %.bpf.c $(sort $(dir $(BPF_SRCS)))

# Every user-space file except the entry points of other binaries.
LIB_SRCS := $(filter-out %.bpf.c,$(wildcard src/lib/*.c src/filter/*.c src/cmd/*.c src/modes/*/*.c))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
MAIN_OBJ := $(BUILD)/obj/main.o

# Test helpers: each tests/helpers/NAME.c becomes build/tests/NAME and may
# use pktpath's own library code and the BPF skeletons.
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPERS := $(patsubst tests/helpers/%.c,$(BUILD)/tests/%,$(HELPER_SRCS))
# BPF objects only tests use: tests/bpf/NAME.bpf.c becomes
# build/tests/bpf/NAME.bpf.o, and its skeleton build/tests/NAME.skel.h for
# the helpers and unit tests.
TEST_BPF_SRCS := $(wildcard tests/bpf/*.bpf.c)
TEST_BPF_OBJS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/bpf/%.bpf.o,$(TEST_BPF_SRCS))
TEST_SKELS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/%.skel.h,$(TEST_BPF_SRCS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNITS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))

.PHONY: all clean install deb FORCE test test-vm test-host helpers bench format fuzz
.DELETE_ON_ERROR:

all: $(BUILD)/pktpath

$(BUILD)/vmlinux.h:
	@mkdir -p $(@D)
	@if [ -r $(VMLINUX_BTF) ] && $(BPFTOOL) btf dump file $(VMLINUX_BTF) \
		format c > $@.tmp 2>/dev/null; then mv $@.tmp $@; \
		echo "  GEN      $@ (from $(VMLINUX_BTF))"; \
	else rm -f $@.tmp; cp $(VMLINUX_FALLBACK) $@; \
		echo "  GEN      $@ (no kernel BTF: committed fallback)"; fi

$(BUILD)/bpf/%.bpf.o: %.bpf.c $(BUILD)/vmlinux.h
	@mkdir -p $(@D)
	@echo "  BPF      $@"
	@$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	@$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(BUILD)/%.skel.h: $(BUILD)/bpf/%.bpf.o
	@echo "  SKEL     $@"
	@$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

# The skeletons must exist before the first compile; after it, the .d files
# say which object includes which skeleton.
$(BUILD)/obj/%.o: src/%.c | $(SKELS)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# --version prints VERSION and GIT_REV: rebuild it when either changes (a
# commit, a pull), not only when its source does.
$(BUILD)/version.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION) $(GIT_REV)' | cmp -s - $@ || echo '$(VERSION) $(GIT_REV)' > $@
$(BUILD)/obj/cmd/version.o: $(BUILD)/version.stamp
FORCE:

$(BUILD)/libpktpath.a: $(LIB_OBJS)
	@echo "  AR       $@"
	@rm -f $@ && ar rcs $@ $^

$(BUILD)/pktpath: $(MAIN_OBJ) $(BUILD)/libpktpath.a
	@echo "  LINK     $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

# Skeletons stay after the build (not rebuilt each time): helpers include them.
.SECONDARY: $(SKELS) $(BPF_OBJS) $(TEST_SKELS) $(TEST_BPF_OBJS)

$(BUILD)/tests/%: tests/helpers/%.c $(BUILD)/libpktpath.a | $(SKELS) $(TEST_SKELS)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) -I$(BUILD)/tests -MMD -MP -MF $@.d $(LDFLAGS) $< \
		$(BUILD)/libpktpath.a $(LIBS) -o $@

$(BUILD)/tests/bpf/%.bpf.o: tests/bpf/%.bpf.c $(BUILD)/vmlinux.h
	@mkdir -p $(@D)
	@echo "  BPF      $@"
	@$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	@$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(BUILD)/tests/%.skel.h: $(BUILD)/tests/bpf/%.bpf.o
	@echo "  SKEL     $@"
	@$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libpktpath.a | $(SKELS) $(TEST_SKELS)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) -I$(BUILD)/tests -MMD -MP -MF $@.d $(LDFLAGS) $< \
		$(BUILD)/libpktpath.a $(LIBS) -o $@

# libFuzzer targets: each tests/fuzz/NAME.c is built by clang, with coverage,
# ASan and UBSan whatever SANITIZE says, together with the filter sources it
# exercises (they must be instrumented too). `make fuzz` runs the translator's
# for FUZZ_TIME seconds, keeping what it finds in $(BUILD)/fuzz-corpus.
FUZZ_SRCS := $(wildcard tests/fuzz/*.c)
FUZZERS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/fuzz/%,$(FUZZ_SRCS))
FUZZ_LIB_SRCS := $(addprefix src/filter/,cbpf_check.c cbpf_flow.c cbpf_to_ebpf.c pcap_compile.c \
	expr_dump.c)
FUZZ_TIME ?= 600

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS) $(wildcard src/filter/*.h) \
		$(wildcard tests/helpers/*.h) src/pktpath.h
	@mkdir -p $(@D)
	@echo "  FUZZ     $@"
	@$(CLANG) -std=c11 -D_GNU_SOURCE -g -O1 $(WARNINGS) -Isrc \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$< $(FUZZ_LIB_SRCS) $(LIBS) -o $@

# The pcapng reader's fuzzer needs the reader only.
$(BUILD)/tests/fuzz/pcapng_fuzz: tests/fuzz/pcapng_fuzz.c src/lib/pcapng_read.c src/lib/pcapng.h
	@mkdir -p $(@D)
	@echo "  FUZZ     $@"
	@$(CLANG) -std=c11 -D_GNU_SOURCE -g -O1 $(WARNINGS) -Isrc \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		$< src/lib/pcapng_read.c -o $@

helpers: $(BUILD)/pktpath $(HELPERS) $(UNITS) $(TEST_BPF_OBJS) $(FUZZERS)

fuzz: $(FUZZERS) $(BUILD)/tests/filter_seeds
	@mkdir -p $(BUILD)/fuzz-corpus $(BUILD)/fuzz-seeds
	$(BUILD)/tests/filter_seeds $(BUILD)/fuzz-seeds tests/filter/expressions.txt
	$(BUILD)/tests/fuzz/cbpf_fuzz -max_total_time=$(FUZZ_TIME) -timeout=10 \
		-artifact_prefix=$(BUILD)/ $(BUILD)/fuzz-corpus $(BUILD)/fuzz-seeds \
		tests/fuzz/regressions

# The README's test command. tests/run builds what it needs (normally and
# with sanitizers) and prints "N passed, N failed" last.
test:
	tests/run

test-host:
	tests/run --host-only

test-vm:
	tests/run --vm-only

bench: all helpers
	bench/run

install: $(BUILD)/pktpath
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 $(BUILD)/pktpath $(DESTDIR)$(PREFIX)/sbin/pktpath
	install -m 0644 docs/pktpath.8 $(DESTDIR)$(PREFIX)/share/man/man8/pktpath.8
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 dist/bash-completion/pktpath \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/pktpath
	install -d $(DESTDIR)$(PREFIX)/lib/systemd/system
	sed 's|/usr/sbin/pktpath|$(PREFIX)/sbin/pktpath|' dist/systemd/pktpath-export.service \
		> $(DESTDIR)$(PREFIX)/lib/systemd/system/pktpath-export.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/pktpath-export.service

# The Debian package, by Debian's tools from this tree (debian/rules builds
# with this Makefile in $(BUILD)/deb-tree and packages what `make install`
# installs). Reproducible: file times are clamped to SOURCE_DATE_EPOCH, the
# last commit's time (outside git: debian/changelog's date).
DEB_OUT ?= $(BUILD)
DEB_JOBS ?= 2
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell test -e .git && git log -1 --format=%ct 2>/dev/null)
endif
DEB_VERSION = $(shell dpkg-parsechangelog -SVersion)
# .buildinfo and .changes go beside the .deb files, not into the parent
# directory as dpkg-buildpackage would put them.
DEB_DIR = $(abspath $(DEB_OUT))
DEB_BASE = $(DEB_DIR)/pktpath_$(VERSION)_$(shell dpkg --print-architecture)

deb:
	@[ "$(DEB_VERSION)" = "$(VERSION)" ] || { echo "debian/changelog says" \
		"$(DEB_VERSION), VERSION says $(VERSION): add a changelog entry (dch -v)"; exit 1; }
	@mkdir -p $(DEB_OUT)
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) \
	PKTPATH_GIT_REV=$(GIT_REV) PKTPATH_DEB_OUT=$(DEB_DIR) \
		dpkg-buildpackage -b --no-sign -J$(DEB_JOBS) \
		--buildinfo-file=$(DEB_BASE).buildinfo --changes-file=$(DEB_BASE).changes \
		--buildinfo-option=-u$(DEB_DIR) --changes-option=-u$(DEB_DIR)

format:
	clang-format -i $(wildcard src/*.[ch] src/*/*.[ch] src/modes/*/*.[ch] tests/helpers/*.[ch] \
		tests/unit/*.c tests/fuzz/*.c)

clean:
	rm -rf $(BUILD)

# What each object was built from, as the compilers wrote it (-MMD).
-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(BPF_OBJS:.o=.d) $(TEST_BPF_OBJS:.o=.d) \
	$(addsuffix .d,$(HELPERS) $(UNITS))
