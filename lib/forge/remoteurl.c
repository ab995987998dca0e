/* remoteurl.c: owner and name of a forge repository from a remote URL. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"
#include "forge/remoteurl.h"
#include "core/strbuf.h"

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
remote_url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end, *host, *colon;
	char *h;
	size_t i;

	if (p == NULL)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (host = end; host > p && host[-1] != '@'; host--)
		;
	colon = memchr(host, ':', end - host);
	if (colon)
		end = colon;
	if (end == host)
		return NULL;
	h = xstrndup(host, end - host);
	for (i = 0; h[i]; i++)
		h[i] = tolower((unsigned char)h[i]);
	return h;
}

int
remote_host_is_github(const char *host)
{
	return strcasecmp(host, "github.com") == 0 ||
	    strcasecmp(host, "www.github.com") == 0 ||
	    strcasecmp(host, "ssh.github.com") == 0;
}

const char *
remote_github_token_env(void)
{
	const char *t = getenv("GH_TOKEN");

	if (t == NULL || *t == '\0')
		t = getenv("GITHUB_TOKEN");
	return t && *t ? t : NULL;
}

int
remote_host_trusted(const char *host)
{
	const char *api = getenv("GITHUB_API_URL");
	char *api_host;
	int ours;

	if (remote_host_is_github(host))
		return 1;
	if (api == NULL || (api_host = remote_url_host(api)) == NULL)
		return 0;
	/* GitHub Actions sets GITHUB_API_URL to GitHub's own API in every
	 * job: that vouches for no other host. GitHub Enterprise serves its
	 * API on its own host (/api/v3), or on "api." and its host (ghe.com). */
	ours = strcasecmp(api_host, "api.github.com") != 0 &&
	    (strcasecmp(host, api_host) == 0 ||
	    (strncasecmp(api_host, "api.", 4) == 0 &&
	    strcasecmp(host, api_host + 4) == 0));
	free(api_host);
	return ours;
}

const char *
remote_github_token(const char *url)
{
	const char *token = remote_github_token_env();
	char *host = remote_url_host(url);
	int ours;

	ours = token && host && remote_host_trusted(host);
	free(host);
	return ours ? token : NULL;
}

char *
remote_url_redact(const char *url)
{
	const char *scheme = strstr(url, "://"), *auth, *end, *at, *p;
	struct strbuf sb = STRBUF_INIT;

	if (scheme == NULL)
		return xstrdup(url);
	auth = scheme + 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	/* The whole userinfo: a token is often the user name alone
	 * ("https://ghp_...@github.com/..."). */
	if (at == NULL)
		return xstrdup(url);
	strbuf_add(&sb, url, auth - url);
	strbuf_adds(&sb, "***");
	strbuf_adds(&sb, at);
	return strbuf_detach(&sb, NULL);
}
