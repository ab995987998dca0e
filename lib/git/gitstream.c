/* gitstream.c: libgit2's socket stream, with a bounded wait. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/stream.h>

#include "core/cli.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "core/strbuf.h"
#include "git/gitstream.h"

struct bounded {
	git_stream parent;
	char *host, *port;
	int fd;
};

static long long limit_ms = GITSTREAM_DEFAULT_SECS * 1000LL;
static struct strbuf timed_out = STRBUF_INIT;

void
gitstream_say_timed_out(const char *where, const char *what)
{
	strbuf_reset(&timed_out);
	strbuf_addf(&timed_out, "no answer from %s within %.3g s (%s; "
	    "RELTOOLS_GIT_TIMEOUT sets the limit)", where,
	    (double)limit_ms / 1000, what);
	git_error_set_str(GIT_ERROR_NET, timed_out.buf);
}

static void
say_timed_out(struct bounded *b, const char *what)
{
	char *where = xstrfmt("%s:%s", b->host, b->port);

	gitstream_say_timed_out(where, what);
	free(where);
}

/* Wait for events on b's socket until deadline; 1 ready, 0 timed out,
   -1 failed. */
static int
wait_for(struct bounded *b, short events, long long deadline)
{
	struct pollfd p = { b->fd, events, 0 };
	long long left;
	int n;

	for (;;) {
		left = deadline - clock_ms();
		if (left <= 0)
			return 0;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

static int
try_connect(struct bounded *b, const struct addrinfo *ai, long long deadline)
{
	socklen_t len = sizeof(int);
	int err = 0, ready;

	b->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (b->fd < 0)
		return -1;
	if (connect(b->fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		goto fail;
	if ((ready = wait_for(b, POLLOUT, deadline)) <= 0) {
		if (ready == 0)
			errno = ETIMEDOUT;
		goto fail;
	}
	if (getsockopt(b->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		goto fail;
	if (err == 0)
		return 0;
	errno = err;
fail:
	err = errno;
	close(b->fd);
	b->fd = -1;
	errno = err;
	return -1;
}

static int
bounded_connect(git_stream *s)
{
	struct bounded *b = (struct bounded *)s;
	struct addrinfo hints, *list = NULL, *ai;
	long long deadline = clock_ms() + limit_ms;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(b->host, b->port, &hints, &list)) != 0) {
		git_error_set(GIT_ERROR_NET, "cannot resolve '%s': %s",
		    b->host, gai_strerror(rc));
		return -1;
	}
	errno = ECONNREFUSED;
	for (ai = list; ai; ai = ai->ai_next)
		if (try_connect(b, ai, deadline) == 0 || errno == ETIMEDOUT)
			break;
	freeaddrinfo(list);
	if (b->fd >= 0)
		return 0;
	if (errno == ETIMEDOUT)
		say_timed_out(b, "waiting to connect");
	else
		git_error_set(GIT_ERROR_NET, "cannot connect to %s:%s: %s",
		    b->host, b->port, strerror(errno));
	return -1;
}

/* recv or send, waiting at most the limit for the socket to be ready. */
static ssize_t
bounded_io(struct bounded *b, int sending, void *buf, size_t len)
{
	long long deadline = clock_ms() + limit_ms;
	ssize_t n;
	int ready;

	for (;;) {
		n = sending ? send(b->fd, buf, len, MSG_NOSIGNAL) :
		    recv(b->fd, buf, len, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			break;
		ready = wait_for(b, sending ? POLLOUT : POLLIN, deadline);
		if (ready == 0) {
			say_timed_out(b, sending ? "waiting to send, the "
			    "server reads nothing" : "waiting for its reply");
			return -1;
		}
		if (ready < 0)
			break;
	}
	git_error_set(GIT_ERROR_NET, "cannot %s %s:%s: %s", sending ?
	    "write to" : "read from", b->host, b->port, strerror(errno));
	return -1;
}

static ssize_t
bounded_read(git_stream *s, void *buf, size_t len)
{
	return bounded_io((struct bounded *)s, 0, buf, len);
}

static ssize_t
bounded_write(git_stream *s, const char *data, size_t len, int flags)
{
	(void)flags;
	return bounded_io((struct bounded *)s, 1, (void *)data, len);
}

static int
bounded_close(git_stream *s)
{
	struct bounded *b = (struct bounded *)s;

	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	return 0;
}

static void
bounded_free(git_stream *s)
{
	struct bounded *b = (struct bounded *)s;

	bounded_close(s);
	free(b->host);
	free(b->port);
	free(b);
}

static int
bounded_new(git_stream **out, const char *host, const char *port)
{
	struct bounded *b = xcalloc(1, sizeof(*b));

	b->parent.version = GIT_STREAM_VERSION;
	b->parent.connect = bounded_connect;
	b->parent.read = bounded_read;
	b->parent.write = bounded_write;
	b->parent.close = bounded_close;
	b->parent.free = bounded_free;
	b->host = xstrdup(host);
	b->port = xstrdup(port);
	b->fd = -1;
	*out = &b->parent;
	return 0;
}

int
gitstream_use(char **error)
{
	git_stream_registration reg;
	const char *env = getenv("RELTOOLS_GIT_TIMEOUT");
	struct strbuf sb = STRBUF_INIT;
	long long ms = GITSTREAM_DEFAULT_SECS * 1000LL;

	strbuf_reset(&timed_out);
	if (env && *env && (cli_parse_duration(env, &ms) != 0 || ms <= 0)) {
		strbuf_addf(&sb, "RELTOOLS_GIT_TIMEOUT='%s' is not a duration "
		    "(seconds, or 500ms, 2m)", env);
		*error = strbuf_detach(&sb, NULL);
		return -1;
	}
	limit_ms = ms;
	memset(&reg, 0, sizeof(reg));
	reg.version = GIT_STREAM_VERSION;
	reg.init = bounded_new;
	git_stream_register(GIT_STREAM_STANDARD, &reg);
	return 0;
}

long long
gitstream_limit_ms(void)
{
	return limit_ms;
}

const char *
gitstream_timed_out(void)
{
	return timed_out.len ? timed_out.buf : NULL;
}
