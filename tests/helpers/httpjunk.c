// SPDX-License-Identifier: GPL-2.0
/*
 * httpjunk - malformed, oversized, slow and random HTTP requests against
 * pktpath export, each checked against the answer it must get.
 *
 *   httpjunk --port P [--random N] [--seed S]
 *
 * Crafted requests expect one exact status; random ones (N of them, from a
 * seeded generator) expect a well-formed status line, or a close without an
 * answer when they never finished their headers. A silent connection is
 * held open the whole time and must get 408; 40 clients at once (more than
 * the server serves together) must all get 200. Exits 0 when every answer
 * was right, 1 after naming the first wrong one.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int port;

static int connect_local(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("httpjunk: connect");
		exit(1);
	}
	return fd;
}

/* Everything the server sends until it closes, or timeout_ms passes. */
static size_t read_all(int fd, char *buf, size_t len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	while (got < len - 1 && poll(&p, 1, timeout_ms) > 0) {
		n = read(fd, buf + got, len - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	buf[got] = 0;
	return got;
}

/* The status of an answer: 0 for none, -1 for a malformed status line. */
static int status_of(const char *answer, size_t len)
{
	int status;

	if (!len)
		return 0;
	if (sscanf(answer, "HTTP/1.1 %3d ", &status) != 1 || !strstr(answer, "\r\n\r\n"))
		return -1;
	return status;
}

/* Send req (len bytes), shut our side, return the answer's status. */
static int ask(const char *req, size_t len, char *answer, size_t alen)
{
	int fd = connect_local(), status;
	size_t got;

	if (len && send(fd, req, len, MSG_NOSIGNAL) < 0) {
		close(fd);
		return 0; /* the server gave up on us (431 while we were sending) */
	}
	shutdown(fd, SHUT_WR);
	got = read_all(fd, answer, alen, 3000);
	status = status_of(answer, got);
	close(fd);
	return status;
}

struct crafted {
	const char *what, *req;
	size_t len; /* 0: strlen(req) */
	int status;
};

static const struct crafted crafted[] = {
	{ "GET", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", 0, 200 },
	{ "GET, LF only", "GET /metrics HTTP/1.0\n\n", 0, 200 },
	{ "GET with a query", "GET /metrics?x=1 HTTP/1.1\r\n\r\n", 0, 200 },
	{ "HEAD", "HEAD /metrics HTTP/1.0\r\n\r\n", 0, 200 },
	{ "the index", "GET / HTTP/1.1\r\n\r\n", 0, 200 },
	{ "unknown path", "GET /nope HTTP/1.1\r\n\r\n", 0, 404 },
	{ "POST", "POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 0, 405 },
	{ "DELETE", "DELETE / HTTP/1.1\r\n\r\n", 0, 405 },
	{ "HTTP/2.0", "GET /metrics HTTP/2.0\r\n\r\n", 0, 505 },
	{ "HTTP/0.9 style", "GET /metrics\r\n\r\n", 0, 400 },
	{ "no version", "GET /metrics HTTPS/1.1\r\n\r\n", 0, 400 },
	{ "two spaces", "GET  /metrics HTTP/1.1\r\n\r\n", 0, 400 },
	{ "relative path", "GET metrics HTTP/1.1\r\n\r\n", 0, 400 },
	{ "lower-case method", "get /metrics HTTP/1.1\r\n\r\n", 0, 400 },
	{ "NUL in the path", "GET /me\0trics HTTP/1.1\r\n\r\n", 26, 400 },
	{ "control character", "GET /\x01 HTTP/1.1\r\n\r\n", 0, 400 },
	{ "empty lines", "\r\n\r\n", 0, 400 },
	{ "garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n\n", 13, 400 },
	{ "trailing junk", "GET /metrics HTTP/1.1 x\r\n\r\n", 0, 400 },
};

static int check_crafted(void)
{
	static char answer[1 << 20];

	for (size_t i = 0; i < sizeof(crafted) / sizeof(crafted[0]); i++) {
		const struct crafted *c = &crafted[i];
		int st = ask(c->req, c->len ? c->len : strlen(c->req), answer, sizeof(answer));

		if (st != c->status) {
			fprintf(stderr, "httpjunk: %s: got %d, expected %d\n", c->what, st,
				c->status);
			return 1;
		}
		if (!strcmp(c->what, "HEAD") && strstr(answer, "\r\n\r\n")[4]) {
			fprintf(stderr, "httpjunk: HEAD: the answer has a body\n");
			return 1;
		}
	}
	return 0;
}

/* Headers that never end: 431 once the server has read its limit. */
static int check_oversized(void)
{
	static char req[64 * 1024], answer[4096];
	int st;

	memset(req, 'A', sizeof(req));
	memcpy(req, "GET /metrics HTTP/1.1\r\nX: ", 26);
	st = ask(req, sizeof(req), answer, sizeof(answer));
	if (st != 431 && st != 0) {
		fprintf(stderr, "httpjunk: 64 KiB of headers: got %d, expected 431\n", st);
		return 1;
	}
	return 0;
}

static int check_random(unsigned int n, unsigned int seed)
{
	static const char *const starts[] = { "GET / HTTP/1.1\r\n", "GET /metrics HTTP/1.1\r\n",
					      "HEAD ", "GET ", "", "\r\n", "POST /metrics " };
	static char req[12000], answer[1 << 20];

	srand(seed);
	for (unsigned int i = 0; i < n; i++) {
		const char *start = starts[rand() % 7];
		size_t len = strlen(start), extra = rand() % 10000;
		int st;

		memcpy(req, start, len);
		for (size_t k = 0; k < extra; k++)
			req[len++] = rand() % 4 ? (char)(rand() % 256) : "\r\n :/"[rand() % 5];
		if (rand() % 2) {
			memcpy(req + len, "\r\n\r\n", 4);
			len += 4;
		}
		st = ask(req, len, answer, sizeof(answer));
		if (st < 0 || (st && st != 200 && st != 400 && st != 404 && st != 405 &&
			       st != 431 && st != 505)) {
			fprintf(stderr, "httpjunk: random request %u (seed %u): '%.60s'\n", i, seed,
				answer);
			return 1;
		}
	}
	return 0;
}

/* More clients at once than the server serves together: all are answered. */
static int check_crowd(void)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\n\r\n";
	static char answer[1 << 20];
	int fds[40];

	for (int i = 0; i < 40; i++) {
		fds[i] = connect_local();
		if (send(fds[i], req, sizeof(req) - 1, MSG_NOSIGNAL) < 0)
			return 1;
	}
	for (int i = 0; i < 40; i++) {
		size_t got = read_all(fds[i], answer, sizeof(answer), 5000);

		close(fds[i]);
		if (status_of(answer, got) != 200) {
			fprintf(stderr, "httpjunk: client %d of 40 at once: '%.60s'\n", i, answer);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", 1, 0, 'p' }, { "random", 1, 0, 'r' }, { "seed", 1, 0, 's' }, { 0 }
	};
	unsigned int n = 200, seed = 1;
	char answer[4096];
	int c, silent, st;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'p')
			port = atoi(optarg);
		else if (c == 'r')
			n = atoi(optarg);
		else if (c == 's')
			seed = atoi(optarg);
		else
			return 2;
	}
	if (!port) {
		fprintf(stderr, "usage: httpjunk --port P [--random N] [--seed S]\n");
		return 2;
	}
	silent = connect_local(); /* says nothing: must be timed out */
	if (send(silent, "GET /metr", 9, 0) < 0 || check_crafted() || check_oversized() ||
	    check_crowd() || check_random(n, seed))
		return 1;
	st = status_of(answer, read_all(silent, answer, sizeof(answer), 8000));
	if (st != 408) {
		fprintf(stderr, "httpjunk: a request left half-sent: got %d, expected 408\n", st);
		return 1;
	}
	printf("httpjunk: %zu crafted, 1 oversized, 40 at once, %u random, 1 slow: all answered "
	       "right\n",
	       sizeof(crafted) / sizeof(crafted[0]), n);
	return 0;
}
