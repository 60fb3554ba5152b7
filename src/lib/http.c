// SPDX-License-Identifier: GPL-2.0
/*
 * http.c - see http.h. Each connection goes READING (until the blank line
 * that ends the headers) -> WRITING (the whole answer, built at once) ->
 * LINGERING (our side shut down; what the client still sends is read and
 * thrown away, so closing does not reset the connection under an answer
 * the client has not read yet) -> closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "log.h"
#include "session.h"

const int http_codes[HTTP_CODES] = { 200, 400, 404, 405, 408, 431, 500, 505 };

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 431: return "Request Header Fields Too Large";
	case 505: return "HTTP Version Not Supported";
	}
	return "Internal Server Error";
}

/* "ADDR:PORT" or "[ADDR]:PORT" into host and port; false when malformed. */
static bool split_spec(const char *spec, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon = strrchr(spec, ':'), *h = spec;
	size_t n;

	if (!colon || !colon[1] || strlen(colon + 1) >= plen)
		return false;
	n = colon - spec;
	if (*h == '[') {
		if (n < 2 || spec[n - 1] != ']')
			return false;
		h++;
		n -= 2;
	} else if (memchr(spec, ':', n)) {
		return false; /* an IPv6 address needs its brackets */
	}
	if (!n || n >= hlen)
		return false;
	memcpy(host, h, n);
	host[n] = 0;
	strcpy(port, colon + 1);
	return strspn(port, "0123456789") == strlen(port) && atoi(port) > 0 && atoi(port) < 65536;
}

int http_listen(struct http_server *s, const char *spec, http_handler handler, void *ctx)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	char host[64], port[8];
	int one = 1, err;

	memset(s, 0, sizeof(*s));
	s->listen_fd = -1;
	s->handler = handler;
	s->ctx = ctx;
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++)
		s->conns[i].fd = -1;
	if (!split_spec(spec, host, sizeof(host), port, sizeof(port)) ||
	    getaddrinfo(host, port, &hints, &ai)) {
		pp_err("--listen %s: expected ADDRESS:PORT with a numeric address, "
		       "e.g. 127.0.0.1:9464 or [::1]:9464",
		       spec);
		return PP_EXIT_USAGE;
	}
	s->listen_fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0 ||
	    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s->listen_fd, ai->ai_addr, ai->ai_addrlen) || listen(s->listen_fd, 64)) {
		err = errno;
		freeaddrinfo(ai);
		pp_err("--listen %s: %s", spec, strerror(err));
		return PP_EXIT_FAIL;
	}
	freeaddrinfo(ai);
	return 0;
}

static void conn_close(struct http_conn *c)
{
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->state = HTTP_FREE;
}

static void count_answer(struct http_server *s, int status)
{
	for (int i = 0; i < HTTP_CODES; i++)
		if (http_codes[i] == status)
			s->answers[i]++;
}

/* Build the whole answer; HEAD gets the headers alone. */
static void answer(struct http_server *s, struct http_conn *c, struct http_response *r,
		   bool head)
{
	char hdr[256];
	int n;

	if (!r->body && r->status != 200) {
		r->content_type = "text/plain; charset=utf-8";
		n = asprintf(&r->body, "%d %s\n", r->status, reason_phrase(r->status));
		r->len = n > 0 ? (size_t)n : 0;
	}
	n = snprintf(hdr, sizeof(hdr),
		     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
		     "Connection: close\r\n\r\n",
		     r->status, reason_phrase(r->status), r->content_type, r->len,
		     r->status == 405 ? "Allow: GET, HEAD\r\n" : "");
	c->out = malloc(n + (head ? 0 : r->len));
	if (c->out) {
		memcpy(c->out, hdr, n);
		if (!head && r->len)
			memcpy(c->out + n, r->body, r->len);
		c->out_len = n + (head ? 0 : r->len);
	}
	free(r->body);
	count_answer(s, r->status);
	c->out_off = 0;
	c->state = c->out ? HTTP_WRITING : HTTP_LINGERING;
	c->deadline = session_now() + HTTP_WRITE_TIMEOUT_S;
}

/* The request line: "METHOD SP TARGET SP HTTP/1.x". Returns the status the
 * request gets (0: for the handler) and the path (without query) in place. */
static int parse_request_line(char *line, bool *head, char **path)
{
	char *sp1 = strchr(line, ' '), *sp2;

	if (!sp1 || sp1 == line)
		return 400;
	*sp1 = 0;
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || sp2 == sp1 + 1 || strchr(sp2 + 1, ' '))
		return 400;
	*sp2 = 0;
	if (strncmp(sp2 + 1, "HTTP/", 5))
		return 400;
	if (strcmp(sp2 + 1, "HTTP/1.0") && strcmp(sp2 + 1, "HTTP/1.1"))
		return 505;
	if (strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(line))
		return 400;
	*path = sp1 + 1;
	if (**path != '/')
		return 400;
	(*path)[strcspn(*path, "?#")] = 0;
	*head = !strcmp(line, "HEAD");
	return strcmp(line, "GET") && !*head ? 405 : 0;
}

static void handle_request(struct http_server *s, struct http_conn *c)
{
	struct http_response r = { .status = 400, .content_type = "text/plain" };
	char *eol = memchr(c->req, '\n', c->req_len), *path = NULL;
	bool head = false;
	int status = 0;

	if (eol > c->req && eol[-1] == '\r')
		eol--;
	*eol = 0;
	/* NUL bytes or control characters in the request line: garbage. */
	for (const char *p = c->req; p < eol; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			status = 400;
	if (!status)
		status = parse_request_line(c->req, &head, &path);
	if (status) {
		r.status = status;
		answer(s, c, &r, false);
		return;
	}
	s->handler(s->ctx, path, &r);
	answer(s, c, &r, head);
}

static void conn_read(struct http_server *s, struct http_conn *c)
{
	ssize_t n = recv(c->fd, c->req + c->req_len, HTTP_MAX_REQUEST - c->req_len, 0);
	/* Search only what is new, and the 3 bytes an end could straddle: a
	 * client sending a byte at a time costs no more than one sending all. */
	size_t from = c->req_len > 3 ? c->req_len - 3 : 0;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->req_len += n;
	c->req[c->req_len] = 0;
	/* The headers end with an empty line; tolerate bare LF as RFC 9112 allows. */
	if (memmem(c->req + from, c->req_len - from, "\r\n\r\n", 4) ||
	    memmem(c->req + from, c->req_len - from, "\n\n", 2)) {
		handle_request(s, c);
	} else if (c->req_len == HTTP_MAX_REQUEST) {
		struct http_response r = { .status = 431 };

		answer(s, c, &r, false);
	}
}

static void conn_write(struct http_conn *c)
{
	ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		conn_close(c);
		return;
	}
	c->out_off += n;
	if (c->out_off < c->out_len)
		return;
	shutdown(c->fd, SHUT_WR);
	c->state = HTTP_LINGERING;
	c->deadline = session_now() + HTTP_LINGER_S;
}

static void conn_linger(struct http_conn *c)
{
	char sink[4096];
	ssize_t n = recv(c->fd, sink, sizeof(sink), 0);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		conn_close(c);
}

/* What the connection's state wants. An answer is sent at once, without
 * waiting for poll() to say the socket has room (it nearly always has):
 * each round trip through poll() is a wake-up, which a loaded CPU delays. */
static void conn_step(struct http_server *s, struct http_conn *c)
{
	if (c->state == HTTP_READING)
		conn_read(s, c);
	if (c->state == HTTP_WRITING)
		conn_write(c);
	else if (c->state == HTTP_LINGERING)
		conn_linger(c);
}

static void accept_one(struct http_server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++) {
		struct http_conn *c = &s->conns[i];

		if (c->state != HTTP_FREE)
			continue;
		c->fd = fd;
		c->state = HTTP_READING;
		c->req_len = 0;
		c->deadline = session_now() + HTTP_READ_TIMEOUT_S;
		conn_step(s, c); /* the request may be here already */
		return;
	}
	close(fd); /* not reached: the listener is not polled while full */
}

int http_pollfds(struct http_server *s, struct pollfd *fds)
{
	int n = 0;
	bool room = false;

	for (int i = 0; i < HTTP_MAX_CLIENTS; i++) {
		struct http_conn *c = &s->conns[i];

		if (c->state == HTTP_FREE) {
			room = true;
			continue;
		}
		fds[n].fd = c->fd;
		fds[n].events = c->state == HTTP_WRITING ? POLLOUT : POLLIN;
		fds[n++].revents = 0;
	}
	/* Full: new clients wait in the backlog until a slot frees. */
	fds[n].fd = room ? s->listen_fd : -1;
	fds[n].events = POLLIN;
	fds[n++].revents = 0;
	return n;
}

static struct http_conn *conn_of(struct http_server *s, int fd)
{
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++)
		if (s->conns[i].state != HTTP_FREE && s->conns[i].fd == fd)
			return &s->conns[i];
	return NULL;
}

void http_serve(struct http_server *s, const struct pollfd *fds, int n)
{
	double now = session_now();

	for (int i = 0; i < n; i++) {
		struct http_conn *c;

		if (fds[i].fd < 0 || !fds[i].revents)
			continue;
		if (fds[i].fd == s->listen_fd) {
			accept_one(s);
			continue;
		}
		c = conn_of(s, fds[i].fd);
		if (!c)
			continue;
		conn_step(s, c);
	}
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++) {
		struct http_conn *c = &s->conns[i];

		if (c->state == HTTP_FREE || now < c->deadline)
			continue;
		if (c->state == HTTP_READING) {
			/* Slow or silent: say so once, without waiting to be read. */
			static const char msg[] = "HTTP/1.1 408 Request Timeout\r\n"
						  "Content-Length: 0\r\nConnection: close\r\n\r\n";

			if (send(c->fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) > 0)
				count_answer(s, 408);
			s->timeouts++;
		} else if (c->state == HTTP_WRITING) {
			s->timeouts++;
		}
		conn_close(c);
	}
}

void http_close(struct http_server *s)
{
	for (int i = 0; i < HTTP_MAX_CLIENTS; i++)
		if (s->conns[i].state != HTTP_FREE)
			conn_close(&s->conns[i]);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	s->listen_fd = -1;
}
