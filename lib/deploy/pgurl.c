/* pgurl.c: a PostgreSQL URL split as libpq reads it, its password apart. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "deploy/pgurl.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s[0..len) into a malloc'd string; NULL with *why set on
 * a bad escape or an encoded NUL. what names the part ("the password").
 */
static char *
decode(const char *s, size_t len, const char *what, char **why)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int hi, lo;

	strbuf_add(&sb, "", 0);
	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			strbuf_addc(&sb, s[i]);
			continue;
		}
		if (i + 2 >= len)
			hi = lo = -1;
		else {
			hi = hexval(s[i + 1]);
			lo = hi < 0 ? -1 : hexval(s[i + 2]);
		}
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			struct strbuf m = STRBUF_INIT;

			strbuf_addf(&m, "%s in %s", hi < 0 || lo < 0 ?
			    "a bad %-escape" : "an encoded NUL byte (%00)", what);
			*why = strbuf_detach(&m, NULL);
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_addc(&sb, (char)(hi * 16 + lo));
		i += 2;
	}
	return strbuf_detach(&sb, NULL);
}

/* Replace *field with the decoding of s[0..len); 0, or -1 with *why. */
static int
set_decoded(char **field, const char *s, size_t len, const char *what,
    char **why)
{
	char *v = decode(s, len, what, why);

	if (v == NULL)
		return -1;
	free(*field);
	*field = v;
	return 0;
}

static int
port_ok(const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0)
		return 1;	/* "host:" is libpq's default port */
	if (len > 5)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/* The hosts list s[0..len): host[:port][,host[:port]...]; first kept. */
static int
parse_hosts(struct pgurl *u, const char *s, size_t len, char **why)
{
	const char *p = s, *end = s + len, *h, *hend, *close;
	int first = 1;

	while (p <= end) {
		const char *item_end = p;
		const char *port = NULL;

		if (p < end && *p == '[') {
			close = memchr(p, ']', (size_t)(end - p));
			if (close == NULL) {
				*why = xstrdup("an unterminated [IPv6 address] "
				    "in the host");
				return -1;
			}
			h = p + 1;
			hend = close;
			item_end = close + 1;
			if (item_end < end && *item_end == ':')
				port = item_end + 1;
			else if (item_end < end && *item_end != ',') {
				*why = xstrdup("unexpected text after an "
				    "[IPv6 address] in the host");
				return -1;
			}
		} else {
			h = p;
			while (item_end < end && *item_end != ',' &&
			    *item_end != ':')
				item_end++;
			hend = item_end;
			if (item_end < end && *item_end == ':')
				port = item_end + 1;
		}
		if (port) {
			item_end = port;
			while (item_end < end && *item_end != ',')
				item_end++;
			if (!port_ok(port, (size_t)(item_end - port))) {
				*why = xstrdup("a port that is not a number "
				    "from 1 to 65535");
				return -1;
			}
		}
		if (first) {
			if (hend > h && set_decoded(&u->host, h,
			    (size_t)(hend - h), "the host", why) != 0)
				return -1;
			if (port && item_end > port)
				u->port = xstrndup(port, (size_t)(item_end - port));
			first = 0;
		}
		if (item_end >= end)
			break;
		p = item_end + 1;	/* after ',' */
	}
	return 0;
}

/*
 * The query s[0..len) (after '?'): known keys noted, "password" taken
 * out; the other parameters are appended to safe as written.
 */
static int
parse_query(struct pgurl *u, struct strbuf *safe, const char *s, size_t len,
    char **why)
{
	const char *p = s, *end = s + len, *amp, *eq;
	int kept = 0;

	while (p < end) {
		size_t klen;

		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp == p) {
			p = amp + 1;
			continue;
		}
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq == NULL || eq == p) {
			*why = xstrdup(eq == p ? "an empty parameter name in "
			    "the query" : "a query parameter without '='");
			return -1;
		}
		klen = (size_t)(eq - p);
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(p, k, klen) == 0)
		if (KEY("password")) {
			if (set_decoded(&u->password, eq + 1,
			    (size_t)(amp - eq - 1), "the password", why) != 0)
				return -1;
		} else {
			char **field = KEY("host") ? &u->host : KEY("dbname") ?
			    &u->dbname : KEY("user") ? &u->user : KEY("port") ?
			    &u->port : NULL;

			if (field && set_decoded(field, eq + 1,
			    (size_t)(amp - eq - 1), "a query parameter",
			    why) != 0)
				return -1;
			strbuf_addc(safe, kept++ ? '&' : '?');
			strbuf_add(safe, p, (size_t)(amp - p));
		}
#undef KEY
		p = amp + 1;
	}
	return 0;
}

int
pgurl_parse(struct pgurl *u, const char *url, char **error)
{
	struct strbuf safe = STRBUF_INIT;
	const char *p, *at, *colon, *hosts, *hosts_end, *q;
	size_t scheme;
	char *why = NULL;

	*error = NULL;
	memset(u, 0, sizeof(*u));
	if (strncmp(url, "postgresql://", 13) == 0)
		scheme = 13;
	else if (strncmp(url, "postgres://", 11) == 0)
		scheme = 11;
	else {
		why = xstrdup("not a postgresql:// or postgres:// URL");
		goto cleanup;
	}
	strbuf_add(&safe, url, scheme);
	p = url + scheme;
	/*
	 * User information ends at the first '@' before any '/' (as libpq)
	 * or '?' (libpq would take "h?k=a@b" for a user name: we for a host
	 * and a query, so a query never hides in the user name).
	 */
	at = p + strcspn(p, "@/?");
	if (*at == '@') {
		colon = memchr(p, ':', (size_t)(at - p));
		if (set_decoded(&u->user, p, (size_t)((colon ? colon : at) - p),
		    "the user name", &why) != 0)
			goto cleanup;
		if (colon && set_decoded(&u->password, colon + 1,
		    (size_t)(at - colon - 1), "the password", &why) != 0)
			goto cleanup;
		if (u->user[0] == '\0') {
			free(u->user);
			u->user = NULL;
		}
		strbuf_add(&safe, p, (size_t)((colon ? colon : at) - p));
		strbuf_addc(&safe, '@');
		p = at + 1;
	}
	hosts = p;
	hosts_end = hosts;
	/* An [IPv6] host may hold ':' but never '/' or '?'. */
	while (*hosts_end && *hosts_end != '/' && *hosts_end != '?')
		hosts_end++;
	/* An unencoded '@' in a password would leave its end in the host. */
	if (memchr(hosts, '@', (size_t)(hosts_end - hosts)) != NULL) {
		why = xstrdup("an '@' after the user information (write '@' "
		    "in a password as %40)");
		goto cleanup;
	}
	if (parse_hosts(u, hosts, (size_t)(hosts_end - hosts), &why) != 0)
		goto cleanup;
	p = hosts_end;
	q = p + strcspn(p, "?");
	if (*p == '/' && q > p + 1 && set_decoded(&u->dbname, p + 1,
	    (size_t)(q - p - 1), "the database name", &why) != 0)
		goto cleanup;
	strbuf_add(&safe, hosts, (size_t)(q - hosts));
	if (*q == '?' && strchr(q + 1, '?') != NULL) {
		why = xstrdup("a second '?' in the query");
		goto cleanup;
	}
	if (*q == '?' && parse_query(u, &safe, q + 1, strlen(q + 1), &why) != 0)
		goto cleanup;
	u->safe = strbuf_detach(&safe, NULL);
cleanup:
	strbuf_release(&safe);
	if (why) {
		*error = why;
		pgurl_release(u);
		return -1;
	}
	return 0;
}

void
pgurl_release(struct pgurl *u)
{
	free(u->safe);
	if (u->password)
		memset(u->password, 0, strlen(u->password));
	free(u->password);
	free(u->user);
	free(u->host);
	free(u->port);
	free(u->dbname);
	memset(u, 0, sizeof(*u));
}
