/* remoteurl.c: owner and name of a forge repository from a remote URL. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "forgeurl.h"
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

int
remote_repo_parse(struct remote_repo *r, const char *url)
{
	char *base = forgeurl_from_remote(url);
	const char *host, *owner, *name;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	/* base is "https://host/path": path must be exactly OWNER/NAME */
	if (base == NULL || (host = strstr(base, "://")) == NULL)
		goto cleanup;
	host += 3;
	owner = strchr(host, '/');
	name = owner ? strchr(owner + 1, '/') : NULL;
	if (name == NULL || strchr(name + 1, '/') ||
	    !valid_part(host, owner - host) ||
	    !valid_part(owner + 1, name - owner - 1) ||
	    !valid_part(name + 1, strlen(name + 1)))
		goto cleanup;
	r->host = xstrndup(host, owner - host);
	r->owner = xstrndup(owner + 1, name - owner - 1);
	r->name = xstrdup(name + 1);
	rc = 0;
cleanup:
	free(base);
	return rc;
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
