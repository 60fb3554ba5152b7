// SPDX-License-Identifier: GPL-2.0
/*
 * lib/names: one rule for a name that is unavailable ("ifN", "ns:INODE",
 * "-" or null for no object), the device cache, one-number kernel files,
 * and the report head and foot every mode's table report shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/counters.h"
#include "lib/json.h"
#include "lib/names.h"
#include "lib/report.h"

static int bad;

static void expect_str(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		fprintf(stderr, "%s:\n  got  %s\n  want %s\n", what, got, want);
		bad = 1;
	}
}

static void expect_long(const char *what, long got, long want)
{
	if (got != want) {
		fprintf(stderr, "%s: got %ld, want %ld\n", what, got, want);
		bad = 1;
	}
}

/* A device as a mode keeps it: the name first, then the mode's own. */
struct mode_dev {
	struct dev_name dev;
	unsigned long extra[4];
};

static void dev_cache(void)
{
	struct dev_names c = { 0 };
	struct pp_dev_id a = { .netns = 7, .ifindex = 3 }, b = { .netns = 8, .ifindex = 3 };
	struct mode_dev *d;

	expect_long("not found, not added", dev_names_find(&c, sizeof(*d), &a, false) != NULL, 0);
	d = dev_names_find(&c, sizeof(*d), &a, true);
	expect_str("a new device", d->dev.info.name, "if3");
	expect_long("not named yet", d->dev.named, 0);
	expect_long("the mode's part zeroed", d->extra[0] | d->extra[3], 0);
	d->extra[3] = 42;
	dev_names_find(&c, sizeof(*d), &b, true); /* same ifindex, other namespace */
	d = dev_names_find(&c, sizeof(*d), &a, true);
	expect_long("found again, as left", d->extra[3], 42);
	expect_long("two devices", c.n, 2);
	expect_long("equal", names_dev_equal(&a, &a), 1);
	expect_long("other namespace", names_dev_equal(&a, &b), 0);
	dev_names_free(&c);
	expect_long("freed", c.n + c.cap + (c.entries != NULL), 0);
}

static void taken_name(void)
{
	char row[PP_IFNAMSIZ] = "", cpu0[PP_IFNAMSIZ] = "", cpu1[PP_IFNAMSIZ];
	char cpu2[PP_IFNAMSIZ] = "eth0";

	memset(cpu1, 'x', sizeof(cpu1)); /* unterminated, as a map may hold it */
	names_dev_take(row, cpu0);
	expect_str("no CPU knows it", row, "");
	names_dev_take(row, cpu1);
	expect_long("terminated", strlen(row), PP_IFNAMSIZ - 1);
	names_dev_take(row, cpu2);
	expect_long("the first CPU's stays", row[0], 'x');
}

static void one_number_files(void)
{
	char path[] = "/tmp/pp-names-XXXXXX";
	int fd = mkstemp(path);
	long v = -7;
	FILE *f;

	if (fd < 0) {
		perror("mkstemp");
		exit(1);
	}
	close(fd);
	f = fopen(path, "w");
	fputs("  4096\n", f);
	fclose(f);
	expect_long("a number", names_read_long(path, &v), 0);
	expect_long("its value", v, 4096);
	f = fopen(path, "w");
	fputs("on\n", f);
	fclose(f);
	v = -7;
	expect_long("no number", names_read_long(path, &v), -1);
	expect_long("default kept", v, -7);
	unlink(path);
	expect_long("no file", names_read_long(path, &v), -1);
	expect_long("default kept", v, -7);
	/* An independent truth: sysfs, as `getconf` does not see it. */
	expect_long("kernel_max", names_read_long("/sys/devices/system/cpu/kernel_max", &v), 0);
	expect_long("kernel_max >= 0", v >= 0, 1);
}

static char *json_of(void (*fn)(struct json_writer *w, const void *arg), const void *arg)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_init(&w, f);
	fn(&w, arg);
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static void dev_json(struct json_writer *w, const void *arg)
{
	json_object_start(w);
	names_dev_json(w, arg, "eth0");
	json_object_end(w);
}

static void report(struct json_writer *w, const void *arg)
{
	struct report_clock *c = (struct report_clock *)arg;
	struct pp_counters cnt = { 0 };
	struct report r = report_now(w, false, c);

	report_begin(&r, NULL);
	report_end(&r, &cnt);
	expect_long("the next interval starts at this report", c->last_ns == r.now_ns, 1);
}

int main(void)
{
	struct pp_dev_id none = { 0 }, gone = { .netns = 1, .ifindex = 5 };
	struct report_clock clock;
	char *s;

	dev_cache();
	taken_name();
	one_number_files();
	expect_str("no namespace", names_netns(0), "-");
	/* No namespace has inode 1: a namespace nobody names. */
	expect_str("unnamed namespace", names_netns(1), "ns:1");
	expect_str("asked again within a second", names_netns(1), "ns:1");
	s = json_of(dev_json, &none);
	expect_str("no device", s, "{\"dev\":null,\"ifindex\":0,\"netns\":null,\"netns_inode\":0}");
	free(s);
	s = json_of(dev_json, &gone);
	expect_str("a device", s, "{\"dev\":\"eth0\",\"ifindex\":5,\"netns\":\"ns:1\",\"netns_inode\":1}");
	free(s);
	report_clock_start(&clock, 0);
	clock.start_ns -= 3000000000ULL; /* started 3 s ago, last report 1 s ago */
	clock.last_ns -= 1000000000ULL;
	s = json_of(report, &clock);
	if (strncmp(s, "{\"type\":\"interval\",\"time\":\"", 27) || !strstr(s, "\"elapsed_s\":3.") ||
	    !strstr(s, "\"period_s\":1.") || !strstr(s, "\"losses\":{")) {
		fprintf(stderr, "report head and foot: %s\n", s);
		bad = 1;
	}
	free(s);
	return bad;
}
