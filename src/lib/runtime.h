/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime.h - what every tracing command does around its BPF programs:
 * check the system up front, stop cleanly on signals, and turn libbpf's
 * errors into sentences.
 */
#ifndef PP_RUNTIME_H
#define PP_RUNTIME_H

#include <signal.h>
#include <stdbool.h>

/* Set by SIGINT, SIGTERM and SIGHUP while tracing; loops poll it. */
extern volatile sig_atomic_t pp_stop;

/*
 * Install signal handlers and the libbpf log hook, then check privileges
 * and kernel BTF. Returns 0, or an exit code after printing one line.
 *
 * From here until runtime_signal_ready() a signal ends the process at once with
 * 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM): set-up holds
 * nothing the kernel does not release with the process's descriptors, and
 * its slow steps cannot be interrupted otherwise (libpcap's compiler has
 * no way to be stopped; libbpf retries a load the verifier gave up).
 */
int runtime_init(const char *cmd);

/*
 * Around work that must be undone on a signal whatever the phase (the
 * demo's sandbox): while held, signals only set pp_stop. Nests.
 */
void runtime_hold(void);
void runtime_release(void);

/* Root, or CAP_BPF and CAP_PERFMON: what loading BPF programs takes. */
bool runtime_privileged(void);

/* Name the failed step and the likely cause in one line; returns PP_EXIT_BPF
 * (or PP_EXIT_ENV when the cause is the system). `err` is libbpf's -errno. */
int runtime_bpf_error(const char *what, const char *object, int err);

/* The last verifier or libbpf error line captured, "" when none. */
const char *runtime_last_libbpf_error(void);

/* Make sure tracefs is mounted (classic tracepoints and kprobes need it).
 * Returns its path, or NULL when it cannot be mounted. */
const char *runtime_tracefs(void);

/*
 * The programs are attached: from now on signals set pp_stop, so that the
 * run ends with its report. Then create the --ready-file, if any; scripts
 * wait for it.
 */
int runtime_signal_ready(const char *path);

#endif
