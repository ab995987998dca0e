/*
 * httpd: a scriptable HTTP/1.1 server for the tests (tests/helpers/HTTPD.md
 * in the brief; this comment is the reference).
 *
 *	httpd -r ROUTES [-p PORTFILE] [-l LOGFILE] [-c CONNLOG] [-b BODYLOG] [-a ADDR] [-P PORT] [-n] [-g] [-G DIR]
 *
 * Listens on 127.0.0.1 (or ADDR) on a port chosen by the kernel (or PORT:
 * a test restarts a server on the port it had), writes
 * the port number and a newline to PORTFILE (temp file + rename) once it
 * accepts connections, and serves until SIGTERM or SIGINT (exit 0).
 * HTTP/1.1 with keep-alive; a request's "Connection: close" (or HTTP/1.0)
 * closes the connection after the response. One process, poll(2), many
 * connections at once; libc and lib/ only. The ROUTES file is read by
 * httpd/routes.c; this file serves the connections.
 *
 * ROUTES is re-read whenever its mtime, size or inode changes (rewrite it
 * with a temp file and mv so no request sees half a file); a file that
 * does not parse is reported on stderr and the previous routes stay.
 * Blank lines and lines whose first non-blank character is # are ignored.
 *
 *	GET /health                  a route: METHOD (or *) and a target
 *	  status 200                 directives indented
 *	  header Content-Type: application/json
 *	  body {"status":"healthy","version":"1.2.0"}
 *	then                         the next response for this route
 *	  status 503
 *	  body-file /path/to/file    body from a file (read at each response)
 *	GET /slow?x=1                with '?' the target matches path+query
 *	  delay 300ms                exactly; without '?', the path with any query
 *	  body ok
 *	GET /stall
 *	  body 0123456789
 *	  stall 2s                   headers and half the body, wait, the rest
 *	GET /drop
 *	  close                      close the connection without a response
 *	GET /rst
 *	  reset                      abort the connection (RST, SO_LINGER 0)
 *	GET /moved
 *	  status 302
 *	  header Location: /health
 *
 * A route with `then` blocks answers its Nth request with its Nth
 * response; the last one repeats. Counters reset when ROUTES is re-read.
 * The string $PORT in headers and bodies is replaced by the server's port.
 * Content-Length is added automatically. Unknown targets answer 404 with
 * an empty body. The first route that matches wins.
 *
 * With -l LOGFILE, each request appends (one write(2), so at once):
 *
 *	GET /repos/o/r/commits/abc/check-runs?per_page=100
 *	  Authorization: Bearer xyz
 *	  ...every request header, one per line, indented two spaces
 *
 * Additions beyond the brief:
 *  - `status N REASON` sets the reason phrase (default: the usual one).
 *  - Several `body` lines are joined with newlines (no final newline).
 *  - A route for GET also answers HEAD (headers only, the GET
 *    Content-Length) unless an earlier route matches HEAD.
 *  - `delay` applies before `close` and `reset` too.
 *  - `header Content-Length: N` replaces the automatic one (a server that
 *    lies about its length); `header Connection: close` closes after the
 *    response.
 *  - Durations as cli_parse_duration() takes them: 300ms, 2s, 1m, 1h, or a
 *    bare number of seconds (0.5).
 *  - With -c CONNLOG, each request appends "CONN METHOD TARGET", CONN
 *    being the connection's serial number from 1: tests count distinct
 *    connections to check reuse.
 *  - With -b BODYLOG, each request with a body appends "METHOD TARGET
 *    LENGTH", a newline, the body's bytes and a newline.
 *  - With -n, httpd listens with the smallest backlog and never accepts:
 *    once a connection or two fill the queue, further connects hang
 *    (tests of connect timeouts).
 *  - `raw-file PATH` sends the file's bytes as the whole response (status
 *    line, headers and body, nothing added, $PORT not replaced; the same
 *    bytes for HEAD): a server that breaks HTTP, such as a chunked body
 *    cut short or a body after a HEAD reply. A "Connection: close" line
 *    in its head closes the connection after it.
 *  - With -g, SIGTERM and SIGINT stop gracefully: the listener closes at
 *    once, idle connections are closed, requests already received are
 *    answered (their delays included), then httpd exits 0; after 10 s
 *    it exits anyway (an application server being stopped by a deploy).
 *  - `cgi PROGRAM` answers with a CGI program (httpd/cgi.h), such as a
 *    script running git http-backend; a chunked request body is
 *    decoded for it (any other request's chunked body is ignored).
 *  - `pass` (with -G): the response is not the route's but the release
 *    endpoints', as if no route matched: `then` blocks make one answer
 *    stale and let the next through.
 *  - With -G DIR, GitHub's release endpoints answer what no route takes
 *    (httpd/ghrel.h), or a route whose response is `pass`; uploads go
 *    to a second listener (its port in DIR/uploads.port), whose requests
 *    may have bodies of up to 256 MiB. Each request with a body then
 *    logs "  Body: LENGTH sha256:HEX" after its headers.
 *  - A malformed ROUTES at start, or a bad option, exits 2 with
 *    "httpd: ROUTES:LINE: message" on stderr.
 */
#define _GNU_SOURCE	/* memmem, accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/readfile.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/sha256.h"
#include "httpd/cgi.h"
#include "httpd/ghrel.h"
#include "httpd/routes.h"

#define MAX_REQUEST (64 * 1024)
#define MAX_UPLOAD (256 << 20)	/* -G: a request to the upload listener */
/* -g: how long a graceful stop waits for requests in flight. */
#define GRACE_MS 10000

/* httpd's one failure status (documented above). */
enum { EXIT_FAIL = 2 };

enum conn_state { READING, DELAYING, WRITING, STALLING, DEAD };

struct conn {
	int fd;
	unsigned long id;
	enum conn_state state;
	char *in;
	size_t in_len;
	char *out;		/* the response being sent */
	size_t out_len, out_off;
	size_t stall_at;	/* stop here for stall_ms, once; 0: none */
	long long stall_ms;
	long long wake_at;
	int action;		/* after the delay: ACT_SEND, ACT_DROP, ACT_RESET */
	int close_after;
	int eof;		/* the client closed its side */
	int uploads;		/* accepted on the upload listener (-G) */
	size_t max_request;
};

enum { ACT_SEND, ACT_DROP, ACT_RESET };

static const char *log_path, *connlog_path, *bodylog_path, *ghrel_dir;
static struct routes routes = ROUTES_INIT;
static unsigned port;
static volatile sig_atomic_t stopping;
static const char usage[] = "usage: httpd -r routes [-p portfile] "
    "[-l logfile] [-c connlog] [-b bodylog] [-a addr] [-P port] [-n] [-g] "
    "[-G dir]";

static const char *
reason_phrase(int status)
{
	static const struct { int code; const char *text; } tab[] = {
		{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
		{ 204, "No Content" }, { 301, "Moved Permanently" },
		{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
		{ 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 422, "Unprocessable Entity" }, { 429, "Too Many Requests" },
		{ 500, "Internal Server Error" }, { 502, "Bad Gateway" },
		{ 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].code == status)
			return tab[i].text;
	return "Status";
}

/* The value of header name in "Name: value\r\n" lines, or NULL. */
static const char *
header_value(const char *headers, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = headers; p && *p; p = strstr(p, "\r\n") + 2) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			for (p += n + 1; *p == ' '; p++)
				;
			return p;
		}
	}
	return NULL;
}

/* Build c's response to method/target from res (NULL: 404). */
static void
conn_respond(struct conn *c, const char *method, const struct response *res,
    const struct cgi_request *req)
{
	struct strbuf raw = STRBUF_INIT;
	char head[512], *body = NULL, *hdrs = NULL, *end;
	size_t body_len = 0, hdrs_len = 0, head_len;
	const char *v;
	int status = res ? res->status : 404;

	c->action = res ? (res->reset ? ACT_RESET : res->drop ? ACT_DROP : ACT_SEND) : ACT_SEND;
	c->wake_at = clock_ms() + (res ? res->delay_ms : 0);
	c->state = DELAYING;
	c->out_off = 0;
	c->stall_ms = 0;
	c->stall_at = 0;
	if (res && res->cgi) {
		cgi_run(res->cgi, req, &raw);
		free(c->out);
		c->out = strbuf_detach(&raw, &c->out_len);
		return;
	}
	if (res && res->raw_file) {
		if (readfile(res->raw_file, &raw) == 0) {
			free(c->out);
			c->out = strbuf_detach(&raw, &c->out_len);
			end = memmem(c->out, c->out_len, "\r\n\r\n", 4);
			if (end && memmem(c->out, (size_t)(end - c->out) + 2,
			    "\r\nConnection: close\r\n", 21))
				c->close_after = 1;
			return;
		}
		fprintf(stderr, "httpd: %s: %s\n", res->raw_file, strerror(errno));
		strbuf_reset(&raw);
		status = 500;
	}
	if (res && res->body_file) {
		if (readfile(res->body_file, &raw) != 0) {
			fprintf(stderr, "httpd: %s: %s\n", res->body_file, strerror(errno));
			status = 500;
		} else {
			body = res->verbatim ? xstrndup(raw.buf, raw.len) :
			    subst_port(raw.buf, raw.len, port, &body_len);
			if (res->verbatim)
				body_len = raw.len;
		}
	} else if (res && res->body && res->verbatim) {
		body_len = strlen(res->body);
		body = xstrndup(res->body, body_len);
	} else if (res && res->body) {
		body = subst_port(res->body, strlen(res->body), port, &body_len);
	}
	if (res && res->headers && res->verbatim) {
		hdrs_len = strlen(res->headers);
		hdrs = xstrndup(res->headers, hdrs_len);
	} else if (res && res->headers) {
		hdrs = subst_port(res->headers, strlen(res->headers), port,
		    &hdrs_len);
		v = header_value(hdrs, "Connection");
		if (v && strncasecmp(v, "close\r\n", 7) == 0)
			c->close_after = 1;
	}
	head_len = (size_t)snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n",
	    status, res && res->reason ? res->reason : reason_phrase(status));
	if (head_len >= sizeof(head))
		head_len = sizeof(head) - 1;
	if (!header_value(hdrs, "Content-Length"))
		head_len += (size_t)snprintf(head + head_len, sizeof(head) - head_len,
		    "Content-Length: %zu\r\n", body_len);
	if (c->close_after && !header_value(hdrs, "Connection"))
		head_len += (size_t)snprintf(head + head_len, sizeof(head) - head_len,
		    "Connection: close\r\n");
	if (strcmp(method, "HEAD") == 0)
		body_len = 0;
	c->out_len = head_len + hdrs_len + 2 + body_len;
	c->out = xrealloc(c->out, c->out_len);
	memcpy(c->out, head, head_len);
	if (hdrs)
		memcpy(c->out + head_len, hdrs, hdrs_len);
	memcpy(c->out + head_len + hdrs_len, "\r\n", 2);
	if (body_len)
		memcpy(c->out + head_len + hdrs_len + 2, body, body_len);
	c->out_off = 0;
	c->stall_ms = res ? res->stall_ms : 0;
	c->stall_at = c->stall_ms ? c->out_len - body_len + body_len / 2 : 0;
	free(body);
	free(hdrs);
	strbuf_release(&raw);
}

static void
log_append(const char *path, const char *text, size_t len)
{
	int fd;

	if (path == NULL)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		fprintf(stderr, "httpd: %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* Value of header name in the request head (NUL-terminated lines), or NULL. */
static const char *
request_header(char *const *lines, size_t n, const char *name)
{
	size_t i, len = strlen(name);
	const char *v;

	for (i = 0; i < n; i++) {
		if (strncasecmp(lines[i], name, len) == 0 && lines[i][len] == ':') {
			for (v = lines[i] + len + 1; *v == ' ' || *v == '\t'; v++)
				;
			return v;
		}
	}
	return NULL;
}

/*
 * The chunked body at p (avail bytes) decoded into body; its length on
 * the wire, or 0 while it is incomplete (or malformed: never complete).
 */
static size_t
dechunk(const char *p, size_t avail, struct strbuf *body)
{
	const char *at = p, *end = p + avail, *eol;
	unsigned long size;
	char *num_end;

	strbuf_reset(body);
	for (;;) {
		eol = memmem(at, (size_t)(end - at), "\r\n", 2);
		if (eol == NULL)
			return 0;
		size = strtoul(at, &num_end, 16);
		if (num_end == at)
			return 0;
		at = eol + 2;
		if (size == 0)
			break;
		if ((size_t)(end - at) < size + 2)
			return 0;
		strbuf_add(body, at, size);
		at += size + 2;
	}
	/* no trailers: the blank line */
	if (end - at < 2 || memcmp(at, "\r\n", 2) != 0)
		return 0;
	return (size_t)(at + 2 - p);
}

/* "  Body: LENGTH sha256:HEX" into log. */
static void
log_body(struct strbuf *log, const struct strbuf *body)
{
	struct sha256 h;
	char hex[SHA256_HEX_SIZE];

	sha256_init(&h);
	sha256_update(&h, body->buf, body->len);
	sha256_hex(&h, hex);
	strbuf_addf(log, "  Body: %zu sha256:%s\n", body->len, hex);
}

/*
 * Parse one complete request from c->in, log it and prepare the response.
 * Returns 1 when a request was taken, 0 when more bytes are needed.
 */
static int
conn_take_request(struct conn *c)
{
	char *end, *head, *line, *save = NULL, *lsave = NULL;
	char *method, *target, *version;
	char *lines[256];
	size_t nlines = 0, head_len, body_len = 0, i;
	const char *v;
	struct strbuf log = STRBUF_INIT, body = STRBUF_INIT;
	struct cgi_request req;
	const struct response *res;
	struct response *gres = NULL;
	int chunked;

	end = c->in_len ? memmem(c->in, c->in_len, "\r\n\r\n", 4) : NULL;
	if (end == NULL) {
		if (c->in_len > MAX_REQUEST || c->eof)
			c->state = DEAD;
		return 0;
	}
	head_len = (size_t)(end - c->in) + 4;
	head = xstrndup(c->in, head_len - 4);
	line = strtok_r(head, "\r\n", &save);
	method = line ? strtok_r(line, " ", &lsave) : NULL;
	target = method ? strtok_r(NULL, " ", &lsave) : NULL;
	version = target ? strtok_r(NULL, " ", &lsave) : NULL;
	while ((line = strtok_r(NULL, "\r\n", &save)) != NULL && nlines < 256)
		lines[nlines++] = line;
	if ((v = request_header(lines, nlines, "Content-Length")) != NULL)
		body_len = strtoul(v, NULL, 10);
	if (version == NULL || body_len > c->max_request) {
		free(head);
		c->state = DEAD;
		return 0;
	}
	v = request_header(lines, nlines, "Transfer-Encoding");
	chunked = v && strcasecmp(v, "chunked") == 0;
	if (chunked && (body_len = dechunk(c->in + head_len,
	    c->in_len - head_len, &body)) == 0) {
		free(head);
		strbuf_release(&body);
		if (c->eof || c->in_len > c->max_request)
			c->state = DEAD;
		return 0;
	}
	if (c->in_len < head_len + body_len) {
		free(head);
		if (c->eof)
			c->state = DEAD;
		return 0;
	}
	if (!chunked)
		strbuf_add(&body, c->in + head_len, body_len);
	routes_refresh(&routes);
	strbuf_addf(&log, "%s %s\n", method, target);
	for (i = 0; i < nlines; i++)
		strbuf_addf(&log, "  %s\n", lines[i]);
	if (ghrel_dir && body.len)
		log_body(&log, &body);
	log_append(log_path, log.buf, log.len);
	strbuf_reset(&log);
	strbuf_addf(&log, "%lu %s %s\n", c->id, method, target);
	log_append(connlog_path, log.buf, log.len);
	if (body_len > 0) {
		strbuf_reset(&log);
		strbuf_addf(&log, "%s %s %zu\n", method, target, body_len);
		strbuf_add(&log, c->in + head_len, body_len);
		strbuf_addc(&log, '\n');
		log_append(bodylog_path, log.buf, log.len);
	}
	strbuf_release(&log);

	v = request_header(lines, nlines, "Connection");
	c->close_after = strcmp(version, "HTTP/1.1") != 0 ||
	    (v && strcasecmp(v, "close") == 0);
	req.method = method;
	req.target = target;
	req.content_type = request_header(lines, nlines, "Content-Type");
	req.git_protocol = request_header(lines, nlines, "Git-Protocol");
	req.body = strbuf_str(&body);
	req.body_len = body.len;
	res = routes_answer(&routes, method, target);
	if (ghrel_dir && (res == NULL || res->pass))
		res = gres = ghrel_answer(method, target, req.content_type,
		    body.buf, body.len, c->uploads);
	conn_respond(c, method, res, &req);
	ghrel_response_free(gres);
	strbuf_release(&body);
	free(head);
	c->in_len -= head_len + body_len;
	memmove(c->in, c->in + head_len + body_len, c->in_len);
	return 1;
}

static void
conn_abort(struct conn *c, int rst)
{
	struct linger lg = { 1, 0 };

	if (rst)
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(c->fd);
	c->fd = -1;
	c->state = DEAD;
}

/* Move c forward as far as it can go without blocking. */
static void
conn_step(struct conn *c)
{
	size_t limit;
	ssize_t n;

	for (;;) {
		switch (c->state) {
		case READING:
			if (!conn_take_request(c))
				return;
			break;
		case DELAYING:
		case STALLING:
			if (clock_ms() < c->wake_at)
				return;
			if (c->state == STALLING || c->action == ACT_SEND) {
				c->state = WRITING;
				break;
			}
			conn_abort(c, c->action == ACT_RESET);
			return;
		case WRITING:
			limit = c->stall_at ? c->stall_at : c->out_len;
			while (c->out_off < limit) {
				n = send(c->fd, c->out + c->out_off,
				    limit - c->out_off, MSG_NOSIGNAL);
				if (n < 0 && (errno == EAGAIN || errno == EINTR))
					return;
				if (n <= 0) {
					c->state = DEAD;
					return;
				}
				c->out_off += (size_t)n;
			}
			if (c->stall_at) {
				c->stall_at = 0;
				c->wake_at = clock_ms() + c->stall_ms;
				c->state = STALLING;
				return;
			}
			if (c->close_after) {
				c->state = DEAD;
				return;
			}
			c->state = READING;
			break;
		case DEAD:
			return;
		}
	}
}

/* Read what is there; a closed or broken connection becomes DEAD. */
static void
conn_read(struct conn *c)
{
	ssize_t n;

	c->in = xrealloc(c->in, c->in_len + 65536);
	n = recv(c->fd, c->in + c->in_len, 65536, 0);
	if (n > 0)
		c->in_len += (size_t)n;
	else if (n == 0)
		c->eof = 1;
	else if (errno != EAGAIN && errno != EINTR)
		c->state = DEAD;
}

static int
listen_on(const char *addr, unsigned want_port, int backlog)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	int fd, one = 1;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)want_port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		die(EXIT_FAIL, "'%s' is not an IPv4 address", addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die(EXIT_FAIL, "socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, backlog) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &salen) != 0)
		die(EXIT_FAIL, "%s: %s", addr, strerror(errno));
	port = ntohs(sa.sin_port);
	return fd;
}

static void
write_portfile(const char *path)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (f == NULL || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0 ||
	    rename(tmp, path) != 0)
		die(EXIT_FAIL, "%s: %s", path, strerror(errno));
}

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

int
main(int argc, char **argv)
{
	const char *addr = "127.0.0.1", *portfile = NULL, *routes_path = NULL;
	struct conn *conns = NULL;
	struct pollfd *pfd = NULL;
	size_t nconns = 0, i, j;
	unsigned long serial = 0;
	struct sigaction sa;
	long long wait, now;
	int opt, lfd, ufd = -1, fd, one = 1, k;
	unsigned want_port = 0;
	int never_accept = 0, graceful = 0;
	long long give_up = 0;

	set_progname("httpd");
	while ((opt = getopt(argc, argv, "r:p:l:c:b:a:P:ngG:")) != -1) {
		switch (opt) {
		case 'r':
			routes_path = optarg;
			break;
		case 'p':
			portfile = optarg;
			break;
		case 'l':
			log_path = optarg;
			break;
		case 'b':
			bodylog_path = optarg;
			break;
		case 'c':
			connlog_path = optarg;
			break;
		case 'a':
			addr = optarg;
			break;
		case 'P':
			want_port = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			never_accept = 1;
			break;
		case 'g':
			graceful = 1;
			break;
		case 'G':
			ghrel_dir = optarg;
			break;
		default:
			die(EXIT_FAIL, "%s", usage);
		}
	}
	if (routes_path == NULL || optind != argc)
		die(EXIT_FAIL, "%s", usage);
	if (routes_open(&routes, routes_path) != 0)
		die(EXIT_FAIL, "cannot load routes from '%s'", routes_path);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lfd = listen_on(addr, want_port, never_accept ? 0 : 1024);
	if (ghrel_dir) {
		unsigned api_port = port;
		char *upath = xstrfmt("%s/uploads.port", ghrel_dir);

		ufd = listen_on(addr, 0, 1024);
		write_portfile(upath);
		free(upath);
		ghrel_init(ghrel_dir, api_port, port);
		port = api_port;
	}
	if (portfile)
		write_portfile(portfile);

	while (!stopping || (graceful && nconns > 0 &&
	    (give_up == 0 || clock_ms() < give_up))) {
		if (stopping && lfd >= 0) {
			close(lfd);
			lfd = -1;
			give_up = clock_ms() + GRACE_MS;
		}
		/* Stopping: a connection with no request pending is done. */
		for (i = 0; stopping && i < nconns; i++)
			if (conns[i].state == READING && conns[i].in_len == 0) {
				close(conns[i].fd);
				conns[i].fd = -1;
				conns[i].state = DEAD;
			}
		pfd = xrealloc(pfd, (nconns + 2) * sizeof(*pfd));
		pfd[0].fd = lfd;
		pfd[0].events = never_accept || lfd < 0 ? 0 : POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = stopping ? -1 : ufd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		wait = -1;
		now = clock_ms();
		for (i = 0; i < nconns; i++) {
			pfd[i + 2].fd = conns[i].fd;
			pfd[i + 2].revents = 0;
			pfd[i + 2].events = conns[i].eof ||
			    conns[i].in_len > 2 * conns[i].max_request ? 0 : POLLIN;
			if (conns[i].state == WRITING)
				pfd[i + 2].events |= POLLOUT;
			if ((conns[i].state == DELAYING || conns[i].state == STALLING) &&
			    (wait < 0 || conns[i].wake_at - now < wait))
				wait = conns[i].wake_at > now ? conns[i].wake_at - now : 0;
		}
		if (stopping && (wait < 0 || wait > 100))
			wait = 100;
		if (poll(pfd, nconns + 2, (int)wait) < 0 && errno != EINTR)
			die(EXIT_FAIL, "poll: %s", strerror(errno));
		for (i = 0; i < nconns; i++) {
			if (pfd[i + 2].revents & (POLLIN | POLLHUP | POLLERR))
				conn_read(&conns[i]);
			conn_step(&conns[i]);
		}
		for (k = 0; k < 2; k++)
			while (!stopping && (pfd[k].revents & POLLIN) &&
			    (fd = accept4(pfd[k].fd, NULL, NULL,
			    SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
				    sizeof(one));
				conns = xrealloc(conns, (nconns + 1) *
				    sizeof(*conns));
				memset(&conns[nconns], 0, sizeof(*conns));
				conns[nconns].fd = fd;
				conns[nconns].id = ++serial;
				conns[nconns].state = READING;
				conns[nconns].uploads = k == 1;
				conns[nconns].max_request = k == 1 ? MAX_UPLOAD :
				    MAX_REQUEST;
				nconns++;
			}
		for (i = j = 0; i < nconns; i++) {
			if (conns[i].state == DEAD) {
				if (conns[i].fd >= 0)
					close(conns[i].fd);
				free(conns[i].in);
				free(conns[i].out);
			} else {
				conns[j++] = conns[i];
			}
		}
		nconns = j;
	}
	for (i = 0; i < nconns; i++) {
		if (conns[i].fd >= 0)
			close(conns[i].fd);
		free(conns[i].in);
		free(conns[i].out);
	}
	free(conns);
	free(pfd);
	routes_free(&routes);
	if (lfd >= 0)
		close(lfd);
	if (ufd >= 0)
		close(ufd);
	return 0;
}
