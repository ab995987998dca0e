/* hostspec.c: [user@]host[:port] and lists of them. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "deploy/hostspec.h"

#define NAME_BYTES "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789._-"
#define SPEC_MAX 255

static int
bad(char **error, const char *spec, const char *why)
{
	*error = xstrfmt("'%.80s' is not a host: %s ([user@]host[:port])",
	    spec, why);
	return -1;
}

/* A port of 1 to 65535 digits only; -1 when not. */
static int
parse_port(const char *s)
{
	long port = 0;

	if (*s == '\0' || strlen(s) > 5 || s[strspn(s, "0123456789")] != '\0')
		return -1;
	port = strtol(s, NULL, 10);
	return port >= 1 && port <= 65535 ? (int)port : -1;
}

int
deploy_host_parse(struct deploy_host *h, const char *spec, char **error)
{
	const char *at, *host, *end, *colon;
	size_t ulen = 0, hlen;
	int port = 0;

	memset(h, 0, sizeof(*h));
	*error = NULL;
	if (*spec == '\0')
		return bad(error, spec, "empty");
	if (strlen(spec) > SPEC_MAX)
		return bad(error, spec, "longer than 255 bytes");
	at = strchr(spec, '@');
	host = spec;
	if (at != NULL) {
		ulen = (size_t)(at - spec);
		if (ulen == 0 || spec[strspn(spec, NAME_BYTES)] != '@')
			return bad(error, spec, "the user is not letters, "
			    "digits, '.', '_' or '-'");
		if (*spec == '-')
			return bad(error, spec, "the user starts with '-'");
		host = at + 1;
	}
	if (*host == '[') {
		end = strchr(host, ']');
		if (end == NULL || end == host + 1 ||
		    host + 1 + strspn(host + 1, "0123456789abcdefABCDEF:.") != end
		    || memchr(host, ':', (size_t)(end - host)) == NULL)
			return bad(error, spec, "not an IPv6 address in brackets");
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return bad(error, spec, "text after ']'");
		host++;
		hlen = (size_t)(end - host);
	} else {
		hlen = strspn(host, NAME_BYTES);
		if (hlen == 0)
			return bad(error, spec, "no host name");
		colon = host[hlen] == ':' ? host + hlen : NULL;
		if (host[hlen] != '\0' && colon == NULL)
			return bad(error, spec, "the host name is not letters, "
			    "digits, '.', '_' or '-'");
		if (*host == '-' || *host == '.')
			return bad(error, spec, "the host name starts with '-' "
			    "or '.'");
	}
	if (colon != NULL && (port = parse_port(colon + 1)) < 0)
		return bad(error, spec, "the port is not a number from 1 to "
		    "65535");
	h->spec = xstrdup(spec);
	h->dest = xstrfmt("%.*s%s%.*s", (int)ulen, spec, ulen ? "@" : "",
	    (int)hlen, host);
	h->port = port;
	return 0;
}

void
deploy_host_release(struct deploy_host *h)
{
	free(h->spec);
	free(h->dest);
	memset(h, 0, sizeof(*h));
}

void
deploy_hosts_release(struct deploy_host *hosts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		deploy_host_release(&hosts[i]);
	free(hosts);
}

int
deploy_hosts_parse(const char *list, struct deploy_host **hosts, size_t *n,
    char **error)
{
	struct deploy_host *v = NULL;
	const char *p = list;
	char *one;
	size_t count = 0, len, i;
	int rc;

	*hosts = NULL;
	*n = 0;
	*error = NULL;
	for (;;) {
		len = strcspn(p, ",");
		one = xstrndup(p, len);
		v = xrealloc(v, (count + 1) * sizeof(*v));
		rc = deploy_host_parse(&v[count], one, error);
		free(one);
		if (rc != 0)
			goto fail;
		for (i = 0; i < count; i++)
			if (strcmp(v[i].dest, v[count].dest) == 0 &&
			    v[i].port == v[count].port) {
				*error = xstrfmt("'%s' is given twice",
				    v[count].spec);
				count++;
				goto fail;
			}
		count++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*hosts = v;
	*n = count;
	return 0;
fail:
	deploy_hosts_release(v, count);
	return -1;
}
