// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

#define MAX_ARGS 32

extern char **environ;

/* Start argv with stdin from /dev/null; stdout to out_fd (-1: /dev/null,
 * -2: inherited), stderr likewise silenced unless inherited. */
static pid_t start(int out_fd, const char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC), err;
	pid_t pid;

	if (null_fd < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, null_fd, 0);
	if (out_fd != -2) {
		posix_spawn_file_actions_adddup2(&fa, out_fd >= 0 ? out_fd : null_fd, 1);
		posix_spawn_file_actions_adddup2(&fa, null_fd, 2);
	}
	fflush(NULL);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(null_fd);
	return err ? -1 : pid;
}

static int finish(pid_t pid)
{
	int status;

	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void collect(const char *argv[], const char *arg0, va_list ap)
{
	int n = 0;

	argv[n++] = arg0;
	while (n < MAX_ARGS && (argv[n] = va_arg(ap, const char *)))
		n++;
	argv[MAX_ARGS] = NULL;
}

int spawn_run(int show, const char *arg0, ...)
{
	const char *argv[MAX_ARGS + 1];
	va_list ap;

	va_start(ap, arg0);
	collect(argv, arg0, ap);
	va_end(ap);
	return finish(start(show ? -2 : -1, argv));
}

int spawn_argv(int show, const char *const argv[])
{
	return finish(start(show ? -2 : -1, argv));
}

int spawn_capture(char *buf, unsigned long len, const char *arg0, ...)
{
	const char *argv[MAX_ARGS + 1];
	unsigned long got = 0;
	char sink[512];
	int pfd[2];
	ssize_t r;
	pid_t pid;
	va_list ap;

	va_start(ap, arg0);
	collect(argv, arg0, ap);
	va_end(ap);
	buf[0] = 0;
	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = start(pfd[1], argv);
	close(pfd[1]);
	/* Read to the end before waiting, so a long output cannot block it. */
	while ((r = read(pfd[0], got + 1 < len ? buf + got : sink,
			 got + 1 < len ? len - 1 - got : sizeof(sink))) > 0)
		if (got + 1 < len)
			got += r;
	buf[got] = 0;
	close(pfd[0]);
	return finish(pid);
}
