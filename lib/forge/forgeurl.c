/* forgeurl.c: forge web addresses from git remotes and changelog links. */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"
#include "core/strbuf.h"

/* "https://" + host + "/" + path, without ".git" or a final "/". */
static char *
web_base(const char *scheme, const char *host, size_t hostlen,
    const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	while (*path == '/')
		path++;
	n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	if (n >= 4 && memcmp(path + n - 4, ".git", 4) == 0)
		n -= 4;
	if (hostlen == 0 || n == 0 || memchr(path, '/', n) == NULL)
		return NULL;
	strbuf_addf(&sb, "%s://%.*s/%.*s", scheme, (int)hostlen, host, (int)n,
	    path);
	return strbuf_detach(&sb, NULL);
}

char *
forgeurl_from_remote(const char *remote)
{
	const char *scheme = "https", *p, *host, *end, *at, *colon;

	if (strncmp(remote, "https://", 8) == 0)
		p = remote + 8;
	else if (strncmp(remote, "http://", 7) == 0)
		p = remote + 7, scheme = "http";
	else if (strncmp(remote, "ssh://", 6) == 0)
		p = remote + 6;
	else if (strncmp(remote, "git://", 6) == 0)
		p = remote + 6;
	else if ((colon = strchr(remote, ':')) != NULL &&
	    memchr(remote, '/', colon - remote) == NULL && colon != remote &&
	    strncmp(colon, "://", 3) != 0) {
		/* scp-like: [user@]host:owner/repo.git (file:// is not) */
		at = memchr(remote, '@', colon - remote);
		host = at ? at + 1 : remote;
		return web_base(scheme, host, colon - host, colon + 1);
	} else
		return NULL;
	end = p + strcspn(p, "/");
	at = memchr(p, '@', end - p);
	host = at ? at + 1 : p;
	/* A port belongs to the transport, not to the web address. */
	colon = memchr(host, ':', end - host);
	return web_base(scheme, host, (colon ? colon : end) - host, end);
}

char *
forgeurl_from_web(const char *url)
{
	struct strbuf sb = STRBUF_INIT;
	const char *host = strstr(url, "://"), *at, *end;
	size_t n;

	host = host ? host + 3 : url;
	for (at = host + strcspn(host, "/"); at > host && at[-1] != '@'; at--)
		;
	end = url + strlen(url);
	while (end > at && end[-1] == '/')
		end--;
	n = (size_t)(end - at);
	if (n >= 4 && memcmp(end - 4, ".git", 4) == 0)
		n -= 4;
	strbuf_add(&sb, url, host - url);
	strbuf_add(&sb, at, n);
	return strbuf_detach(&sb, NULL);
}

static const char *const link_markers[] = {
	"/-/compare/", "/compare/", "/releases/tag/", "/-/tags/", NULL
};

char *
forgeurl_base_of_link(const char *url, size_t len)
{
	const char *const *m;
	size_t i, n;

	for (m = link_markers; *m; m++) {
		n = strlen(*m);
		for (i = 0; i + n <= len; i++)
			if (memcmp(url + i, *m, n) == 0 && i > 0)
				return xstrndup(url, i);
	}
	return NULL;
}

char *
forgeurl_base_of_root(const char *url, size_t len)
{
	const char *p, *end = url + len;
	char *copy, *base;
	int segments = 0;

	if (len > 8 && memcmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (len > 7 && memcmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return NULL;
	while (end > p && end[-1] == '/')
		end--;
	for (; p < end; p++) {
		if (*p == '?' || *p == '#' || *p == ' ' ||
		    (*p == '/' && p[-1] == '/'))
			return NULL;
		if ((segments += *p == '/') > 2)
			return NULL;
	}
	if (segments != 2)
		return NULL;
	copy = xstrndup(url, end - url);
	base = forgeurl_from_web(copy);
	free(copy);
	return base;
}

char *
forgeurl_base_of_commits(const char *url, size_t len)
{
	static const char *const marks[] = { "/-/commits/", "/commits/",
	    NULL };
	const char *const *m, *p;
	size_t n;

	if (len < 2)
		return NULL;
	for (m = marks; *m; m++) {
		/* The first mark after the first byte, if more follows it
		   (a later one would end later). */
		n = strlen(*m);
		p = memmem(url + 1, len - 1, *m, n);
		if (p && (size_t)(p - url) + n < len)
			return xstrndup(url, (size_t)(p - url));
	}
	return NULL;
}

char *
forgeurl_base_of_commit(const char *url, size_t len)
{
	static const char *const marks[] = { "/-/commit/", "/commit/",
	    NULL };
	const char *const *m;
	size_t i, n, k;

	if (len < 8 || (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0))
		return NULL;
	for (m = marks; *m; m++) {
		n = strlen(*m);
		for (i = 1; i + n < len; i++) {
			if (memcmp(url + i, *m, n) != 0)
				continue;
			for (k = i + n; k < len && isxdigit((unsigned char)url[k]);
			    k++)
				;
			if (k - (i + n) >= 7)
				return xstrndup(url, i);
		}
	}
	return NULL;
}

int
forgeurl_is_gitlab(const char *base)
{
	const char *host = strstr(base, "://");
	size_t n;

	host = host ? host + 3 : base;
	n = strcspn(host, "/");
	for (; n >= 6; host++, n--)
		if (strncmp(host, "gitlab", 6) == 0)
			return 1;
	return 0;
}

char *
forgeurl_compare(const char *base, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%scompare/%s...%s", base,
	    forgeurl_is_gitlab(base) ? "-/" : "", from, to);
	return strbuf_detach(&sb, NULL);
}

char *
forgeurl_tag(const char *base, const char *tag)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s%s", base,
	    forgeurl_is_gitlab(base) ? "-/tags/" : "releases/tag/", tag);
	return strbuf_detach(&sb, NULL);
}

char *
forgeurl_commit(const char *base, const char *id)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%scommit/%s", base,
	    forgeurl_is_gitlab(base) ? "-/" : "", id);
	return strbuf_detach(&sb, NULL);
}
