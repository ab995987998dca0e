/* drain.c: established connections on a local port, from /proc/net/tcp{,6}. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/readfile.h"
#include "core/strbuf.h"
#include "deploy/drain.h"

/* The kernel's TCP_ESTABLISHED, as the "st" column writes it. */
#define ST_ESTABLISHED 0x01

/*
 * One socket line: "  sl  local_address rem_address   st ...", the local
 * address as HEX_IP:HEX_PORT. Returns 1 when it is established on port.
 */
static int
line_counts(const char *line, const char *end, unsigned port)
{
	char buf[512], *p, *colon, *q;
	unsigned long lport, st;
	size_t len = (size_t)(end - line);

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, line, len);
	buf[len] = '\0';
	p = strchr(buf, ':');			/* after "sl" */
	if (p == NULL)
		return 0;
	p++;
	while (*p == ' ')
		p++;
	q = strchr(p, ' ');			/* end of local_address */
	if (q == NULL)
		return 0;
	*q = '\0';
	colon = strrchr(p, ':');
	if (colon == NULL)
		return 0;
	errno = 0;
	lport = strtoul(colon + 1, &p, 16);
	if (errno || *p != '\0' || p == colon + 1)
		return 0;
	p = q + 1;
	while (*p == ' ')
		p++;
	q = strchr(p, ' ');			/* skip rem_address */
	if (q == NULL)
		return 0;
	st = strtoul(q + 1, &p, 16);
	if (p == q + 1 || *p != ' ')
		return 0;
	return lport == port && st == ST_ESTABLISHED;
}

int
drain_count_text(const char *text, size_t len, unsigned port)
{
	const char *p = text, *end = text + len, *nl;
	int n = 0, first = 1;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (!first)
			n += line_counts(p, nl, port);
		first = 0;
	}
	return n;
}

/* Count in one file; a missing file counts none when missing_ok. */
static int
count_file(const char *path, unsigned port, int missing_ok)
{
	struct strbuf sb = STRBUF_INIT;
	int n;

	if (readfile(path, &sb) != 0) {
		int err = errno;

		strbuf_release(&sb);
		if (missing_ok && err == ENOENT)
			return 0;
		errno = err;
		return -1;
	}
	n = drain_count_text(sb.buf ? sb.buf : "", sb.len, port);
	strbuf_release(&sb);
	return n;
}

int
drain_count(unsigned port)
{
	int v4, v6;

	if (port == 0 || port > 65535) {
		errno = EINVAL;
		return -1;
	}
	if ((v4 = count_file("/proc/net/tcp", port, 0)) < 0)
		return -1;
	if ((v6 = count_file("/proc/net/tcp6", port, 1)) < 0)
		return -1;
	return v4 + v6;
}

int
drain_wait(unsigned port, long long timeout_ms, long long poll_ms)
{
	long long deadline = clock_ms() + timeout_ms;
	int n;

	if (poll_ms <= 0)
		poll_ms = 100;
	while ((n = drain_count(port)) > 0 && clock_ms() < deadline)
		clock_sleep_ms(poll_ms);
	return n;
}
