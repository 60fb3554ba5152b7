# SPDX-License-Identifier: GPL-2.0
#
# make            build build/pktpath (BPF objects, skeletons, user space)
# make test       the whole suite: unit, filter, kernel tests here, then the
#                 second kernel under qemu (tests/run --help for parts)
# make test-vm    only the part that runs on the second kernel
# make helpers    test helpers, unit tests and the filter's fuzzer
# make fuzz       run the filter translator's fuzzer for FUZZ_TIME seconds
# make install    PREFIX=/usr/local DESTDIR=
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
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

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
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-Wno-unused-function -Isrc -I$(BUILD)

BPF_SRCS := $(wildcard src/bpf/*.bpf.c)
BPF_OBJS := $(patsubst src/bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))
SKELS := $(patsubst src/bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
BPF_HDRS := $(wildcard src/bpf/*.bpf.h) src/pktpath.h

# Every user-space file except the entry points of other binaries.
LIB_SRCS := $(wildcard src/lib/*.c src/filter/*.c src/cmd/*.c)
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
MAIN_OBJ := $(BUILD)/obj/main.o

# Test helpers: each tests/helpers/NAME.c becomes build/tests/NAME and may
# use pktpath's own library code and the BPF skeletons.
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPERS := $(patsubst tests/helpers/%.c,$(BUILD)/tests/%,$(HELPER_SRCS))
# BPF objects that tests load themselves: tests/bpf/NAME.bpf.c becomes
# build/tests/bpf/NAME.bpf.o.
TEST_BPF_SRCS := $(wildcard tests/bpf/*.bpf.c)
TEST_BPF_OBJS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/bpf/%.bpf.o,$(TEST_BPF_SRCS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNITS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))

.PHONY: all clean install test test-vm test-host helpers bench format fuzz
.DELETE_ON_ERROR:

all: $(BUILD)/pktpath

$(BUILD)/vmlinux.h:
	@mkdir -p $(@D)
	@if [ -r $(VMLINUX_BTF) ] && $(BPFTOOL) btf dump file $(VMLINUX_BTF) \
		format c > $@.tmp 2>/dev/null; then mv $@.tmp $@; \
		echo "  GEN      $@ (from $(VMLINUX_BTF))"; \
	else rm -f $@.tmp; cp $(VMLINUX_FALLBACK) $@; \
		echo "  GEN      $@ (no kernel BTF: committed fallback)"; fi

$(BUILD)/bpf/%.bpf.o: src/bpf/%.bpf.c $(BPF_HDRS) $(BUILD)/vmlinux.h
	@mkdir -p $(@D)
	@echo "  BPF      $@"
	@$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	@$(BPFTOOL) gen object $@ $@.tmp && rm -f $@.tmp

$(BUILD)/%.skel.h: $(BUILD)/bpf/%.bpf.o
	@echo "  SKEL     $@"
	@$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@

$(BUILD)/obj/%.o: src/%.c $(SKELS) $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libpktpath.a: $(LIB_OBJS)
	@echo "  AR       $@"
	@rm -f $@ && ar rcs $@ $^

$(BUILD)/pktpath: $(MAIN_OBJ) $(BUILD)/libpktpath.a
	@echo "  LINK     $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

# Skeletons stay after the build (not rebuilt each time): helpers include them.
.SECONDARY: $(SKELS) $(BPF_OBJS)

$(BUILD)/tests/%: tests/helpers/%.c $(wildcard tests/helpers/*.h) $(BUILD)/libpktpath.a $(SKELS)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libpktpath.a $(LIBS) -o $@

$(BUILD)/tests/bpf/%.bpf.o: tests/bpf/%.bpf.c $(BUILD)/vmlinux.h
	@mkdir -p $(@D)
	@echo "  BPF      $@"
	@$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(wildcard tests/helpers/*.h) $(BUILD)/libpktpath.a $(SKELS)
	@mkdir -p $(@D)
	@echo "  CC       $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) $< $(BUILD)/libpktpath.a $(LIBS) -o $@

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

format:
	clang-format -i $(wildcard src/*.[ch] src/*/*.[ch] tests/helpers/*.[ch] tests/unit/*.c \
		tests/fuzz/*.c)

clean:
	rm -rf $(BUILD)
