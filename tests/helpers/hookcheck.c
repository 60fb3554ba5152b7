// SPDX-License-Identifier: GPL-2.0
/*
 * hookcheck - does one attach mechanism work on this kernel?
 *
 *   hookcheck OBJ PROG [TRIGGER ARGS...]
 *
 * Loads only program PROG of the BPF object OBJ (tests/bpf/hooks.bpf.c),
 * attaches it, runs TRIGGER (a command that makes the hook fire), then reads
 * the object's global counter `hits`. Prints one line:
 *
 *   PROG: loaded, attached, N hits
 *
 * Exit 0 when the program loaded, attached and fired; 1 when it could not be
 * loaded or attached (libbpf's reason on stderr); 2 when it never fired; 3 on
 * a usage error or a failed trigger.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int run_trigger(char **argv)
{
	int status;
	pid_t pid;

	if (!argv[0])
		return 0;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "hookcheck: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static struct bpf_map *find_bss(struct bpf_object *obj)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t n = strlen(name);

		if (bpf_map__is_internal(map) && n >= 4 && !strcmp(name + n - 4, ".bss"))
			return map;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog, *want = NULL;
	struct bpf_link *link = NULL;
	struct bpf_object *obj;
	struct bpf_map *bss;
	__u64 hits = 0;
	int zero = 0, err, ret = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: hookcheck OBJ PROG [TRIGGER ARGS...]\n");
		return 3;
	}
	libbpf_set_print(print_libbpf);

	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "hookcheck: %s: %s\n", argv[1], strerror(errno));
		return 3;
	}
	bpf_object__for_each_program(prog, obj) {
		int me = !strcmp(bpf_program__name(prog), argv[2]);

		bpf_program__set_autoload(prog, me);
		if (me)
			want = prog;
	}
	if (!want) {
		fprintf(stderr, "hookcheck: %s has no program %s\n", argv[1], argv[2]);
		ret = 3;
		goto out;
	}

	err = bpf_object__load(obj);
	if (err) {
		printf("%s: load failed: %s\n", argv[2], strerror(-err));
		goto out;
	}
	link = bpf_program__attach(want);
	if (!link) {
		printf("%s: loaded, attach failed: %s\n", argv[2], strerror(errno));
		goto out;
	}
	if (run_trigger(argv + 3)) {
		fprintf(stderr, "hookcheck: trigger %s failed\n", argv[3]);
		ret = 3;
		goto out;
	}
	bss = find_bss(obj);
	if (!bss || bpf_map_lookup_elem(bpf_map__fd(bss), &zero, &hits)) {
		fprintf(stderr, "hookcheck: cannot read the hit counter\n");
		ret = 3;
		goto out;
	}
	printf("%s: loaded, attached, %llu hits\n", argv[2], (unsigned long long)hits);
	ret = hits ? 0 : 2;
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ret;
}
