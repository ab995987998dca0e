/* remoteurl.c: owner and name of a forge repository from a remote URL. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "remoteurl.h"
#include "strbuf.h"

static int
valid_part(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* "owner/name[.git][/]" into r->owner and r->name. */
static int
parse_path(struct remote_repo *r, const char *p)
{
	const char *slash, *end;
	size_t len = strlen(p);

	while (len && p[len - 1] == '/')
		len--;
	if (len > 4 && memcmp(p + len - 4, ".git", 4) == 0)
		len -= 4;
	end = p + len;
	slash = memchr(p, '/', len);
	if (slash == NULL || memchr(slash + 1, '/', end - slash - 1) ||
	    !valid_part(p, slash - p) || !valid_part(slash + 1, end - slash - 1))
		return -1;
	r->owner = xstrndup(p, slash - p);
	r->name = xstrndup(slash + 1, end - slash - 1);
	return 0;
}

/* Host of "[user[:pw]@]host[:port]" (len bytes); 0 or -1. */
static int
parse_authority(struct remote_repo *r, const char *a, size_t len)
{
	const char *at = NULL, *colon, *p;

	for (p = a; p < a + len; p++)
		if (*p == '@')
			at = p;
	if (at) {
		len -= at + 1 - a;
		a = at + 1;
	}
	colon = memchr(a, ':', len);
	if (colon)
		len = colon - a;
	if (!valid_part(a, len))
		return -1;
	r->host = xstrndup(a, len);
	return 0;
}

int
remote_repo_parse(struct remote_repo *r, const char *url)
{
	static const char *const schemes[] = {
		"https://", "http://", "ssh://", "git://", "git+ssh://",
		"ssh+git://", NULL
	};
	const char *rest = NULL, *slash, *colon;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; schemes[i]; i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			rest = url + strlen(schemes[i]);
	if (rest) {
		slash = strchr(rest, '/');
		if (slash == NULL || parse_authority(r, rest, slash - rest) ||
		    parse_path(r, slash + 1))
			goto fail;
		return 0;
	}
	/* scp-like "[user@]host:path": a ':' before any '/', no "://". */
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon == NULL || strstr(url, "://") || (slash && slash < colon) ||
	    parse_authority(r, url, colon - url) || parse_path(r, colon + 1))
		goto fail;
	return 0;
fail:
	remote_repo_free(r);
	return -1;
}

void
remote_repo_free(struct remote_repo *r)
{
	free(r->host);
	free(r->owner);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

char *
remote_url_redact(const char *url)
{
	const char *scheme = strstr(url, "://"), *auth, *end, *at, *colon;
	struct strbuf sb = STRBUF_INIT;

	if (scheme == NULL)
		return xstrdup(url);
	auth = scheme + 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (colon = auth; colon < end; colon++)
		if (*colon == '@')
			at = colon;
	colon = at ? memchr(auth, ':', at - auth) : NULL;
	if (colon == NULL)
		return xstrdup(url);
	strbuf_add(&sb, url, colon + 1 - url);
	strbuf_adds(&sb, "***");
	strbuf_adds(&sb, at);
	return strbuf_detach(&sb, NULL);
}
