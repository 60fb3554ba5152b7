/* SPDX-License-Identifier: GPL-2.0 */
/*
 * http.h - the smallest HTTP/1.0 and 1.1 server that serves metrics: one
 * thread, poll(), non-blocking sockets, one request per connection (the
 * answer says "Connection: close"). It is written for untrusted clients:
 * a request is at most HTTP_MAX_REQUEST bytes, a connection that does not
 * finish its request in HTTP_READ_TIMEOUT_S seconds is closed, at most
 * HTTP_MAX_CLIENTS are served at once (more wait in the listen backlog),
 * and anything that is not a well-formed GET or HEAD gets a 4xx/5xx answer.
 */
#ifndef PP_HTTP_H
#define PP_HTTP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_MAX_REQUEST 8192   /* request line and headers */
#define HTTP_MAX_CLIENTS 32
#define HTTP_READ_TIMEOUT_S 5.0
#define HTTP_WRITE_TIMEOUT_S 10.0
#define HTTP_LINGER_S 1.0       /* reading what the client still sends after our answer */

/* What the handler answers; body is malloc()ed and freed by the server. */
struct http_response {
	int status;
	const char *content_type;
	char *body;
	size_t len;
};

/* path has no query string; the handler fills resp (status 200 or 404...). */
typedef void (*http_handler)(void *ctx, const char *path, struct http_response *resp);

enum http_conn_state { HTTP_FREE, HTTP_READING, HTTP_WRITING, HTTP_LINGERING };

struct http_conn {
	int fd;
	enum http_conn_state state;
	double deadline;            /* monotonic seconds */
	char req[HTTP_MAX_REQUEST + 1];
	size_t req_len;
	char *out;                  /* the whole answer: headers and body */
	size_t out_len, out_off;
};

/* Answers by status code, for the exporter's own metrics. */
#define HTTP_CODES 8
extern const int http_codes[HTTP_CODES]; /* 200 400 404 405 408 431 500 505 */

struct http_server {
	int listen_fd;
	http_handler handler;
	void *ctx;
	struct http_conn conns[HTTP_MAX_CLIENTS];
	uint64_t answers[HTTP_CODES]; /* by http_codes[] */
	uint64_t timeouts;            /* connections closed for being slow */
};

/*
 * Listen on "ADDR:PORT" ("[ADDR]:PORT" for IPv6): numeric addresses only,
 * so nothing is resolved. Returns 0, or an exit code after one line:
 * PP_EXIT_USAGE for a malformed spec, PP_EXIT_FAIL when the address cannot
 * be bound (in use, not local).
 */
int http_listen(struct http_server *s, const char *spec, http_handler handler, void *ctx);

/* Fill fds (at least HTTP_MAX_CLIENTS + 1) for poll(); returns how many. */
int http_pollfds(struct http_server *s, struct pollfd *fds);

/* Serve what poll() reported in the fds http_pollfds() filled, and close
 * connections past their deadline. */
void http_serve(struct http_server *s, const struct pollfd *fds, int n);

void http_close(struct http_server *s);

#endif
