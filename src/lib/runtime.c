// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "log.h"
#include "runtime.h"

#define TRACEFS_MAGIC 0x74726163
#define CAP_SYS_ADMIN 21
#define CAP_PERFMON 38
#define CAP_BPF 39

volatile sig_atomic_t pp_stop;
static volatile sig_atomic_t setting_up, holds;

/* The last warning libbpf printed; the verifier's verdict is usually in it. */
static char last_error[512];

static void on_signal(int sig)
{
	if (setting_up && !holds)
		_exit(128 + sig);
	pp_stop = 1;
}

void runtime_hold(void)
{
	holds++;
}

void runtime_release(void)
{
	holds--;
}

/* The verifier's verdict is the last line of its log before the
 * "processed N insns" statistics. */
static void keep_verifier_verdict(const char *log)
{
	const char *end = strstr(log, "\nprocessed ");
	const char *start;

	if (!end)
		end = strstr(log, "-- END PROG LOAD LOG --");
	if (!end)
		return;
	while (end > log && end[-1] == '\n')
		end--;
	for (start = end; start > log && start[-1] != '\n'; start--)
		;
	snprintf(last_error, sizeof(last_error), "the verifier says: %.*s", (int)(end - start),
		 start);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static char line[1 << 16]; /* a verifier log can be long */
	va_list copy;

	va_copy(copy, ap);
	vsnprintf(line, sizeof(line), fmt, copy);
	va_end(copy);
	if (level <= LIBBPF_WARN) {
		if (strstr(line, "-- BEGIN PROG LOAD LOG --"))
			keep_verifier_verdict(line);
		/* Keep the most telling line: skip libbpf's generic wrap-ups. */
		else if (!strstr(line, "failed to load object") &&
			 !strstr(line, "failed to load BPF skeleton") &&
			 !(strstr(line, "failed to load:") && last_error[0]))
			snprintf(last_error, sizeof(last_error), "%.*s", (int)strcspn(line, "\n"),
				 line);
	}
	/* -v: libbpf's warnings and notes (the verifier's log among them);
	 * -vv: its debug log too. */
	if ((level != LIBBPF_DEBUG && pp_verbosity >= PP_LOG_INFO) ||
	    (level == LIBBPF_DEBUG && pp_verbosity >= PP_LOG_DEBUG))
		vfprintf(stderr, fmt, ap);
	return 0;
}

const char *runtime_last_libbpf_error(void)
{
	return last_error;
}

/* Effective capabilities from /proc, so no libcap is needed. */
static unsigned long long effective_caps(void)
{
	unsigned long long caps = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return caps;
}

bool runtime_privileged(void)
{
	unsigned long long caps = effective_caps();

	return (caps & (1ULL << CAP_SYS_ADMIN)) ||
	       ((caps & (1ULL << CAP_BPF)) && (caps & (1ULL << CAP_PERFMON)));
}

int runtime_init(const char *cmd)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	setting_up = 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	libbpf_set_print(libbpf_log);

	if (!runtime_privileged()) {
		pp_err("%s: needs root, or CAP_BPF and CAP_PERFMON, to load BPF programs "
		       "(try: sudo pktpath %s ...)",
		       cmd, cmd);
		return PP_EXIT_ENV;
	}
	/* Only the classic-tracepoint fallback and kprobes need tracefs. */
	if (!runtime_tracefs())
		pp_info("tracefs is not mounted and cannot be: the classic tracepoint "
			"fallback and kprobes are unavailable");
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		pp_err("%s: this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): "
		       "pktpath needs a kernel built with CONFIG_DEBUG_INFO_BTF=y",
		       cmd);
		return PP_EXIT_ENV;
	}
	return 0;
}

int runtime_bpf_error(const char *what, const char *object, int err)
{
	const char *detail = last_error[0] ? last_error : NULL;

	if (err < 0)
		err = -err;
	switch (err) {
	case EPERM:
	case EACCES:
		pp_err("%s %s: the kernel said 'permission denied'%s%s (lockdown, or missing "
		       "CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN; -v shows libbpf's log)",
		       what, object, detail ? ": " : "", detail ? detail : "");
		return PP_EXIT_ENV;
	case ENOENT:
		pp_err("%s %s: not found in this kernel%s%s", what, object, detail ? ": " : "",
		       detail ? detail : "");
		return PP_EXIT_ENV;
	case E2BIG:
		pp_err("%s %s: program too large for the kernel; simplify the filter", what,
		       object);
		return PP_EXIT_BPF;
	case EOPNOTSUPP:
	case 524: /* ENOTSUPP, kernel-internal */
		pp_err("%s %s: not supported by this kernel", what, object);
		return PP_EXIT_ENV;
	default:
		pp_err("%s %s failed: %s%s%s (-v shows the verifier's log)", what, object,
		       strerror(err), detail ? ": " : "", detail ? detail : "");
		return PP_EXIT_BPF;
	}
}

const char *runtime_tracefs(void)
{
	static const char *const paths[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	struct statfs st;

	for (size_t i = 0; i < 2; i++)
		if (!statfs(paths[i], &st) && st.f_type == TRACEFS_MAGIC)
			return paths[i];
	if (!mount("nodev", paths[0], "tracefs", 0, NULL)) {
		pp_info("mounted tracefs at %s", paths[0]);
		return paths[0];
	}
	return NULL;
}

int runtime_signal_ready(const char *path)
{
	int fd;

	setting_up = 0;
	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		pp_err("--ready-file %s: %s", path, strerror(errno));
		return PP_EXIT_FAIL;
	}
	close(fd);
	return 0;
}
