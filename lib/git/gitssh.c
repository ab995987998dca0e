/* gitssh.c: the ssh command for a remote's git over ssh. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/words.h"
#include "core/xalloc.h"
#include "git/gitssh.h"

static const char *const schemes[] = { "ssh://", "git+ssh://", "ssh+git://" };

/* host[:port] of ssh://[user@]host[:port]/path, IPv6 in brackets. */
static int
parse_authority(const char *p, size_t len, struct gitssh_url *u)
{
	const char *at = memchr(p, '@', len), *h = at ? at + 1 : p;
	const char *end = p + len, *colon = NULL, *close;
	struct strbuf host = STRBUF_INIT;

	if (*h == '[') {
		if ((close = memchr(h, ']', (size_t)(end - h))) == NULL)
			return -1;
		if (close + 1 < end && close[1] == ':')
			colon = close + 1;
		else if (close + 1 != end)
			return -1;
		if (at)
			strbuf_add(&host, p, (size_t)(h - p));
		strbuf_add(&host, h + 1, (size_t)(close - h - 1));
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		strbuf_add(&host, p, (size_t)((colon ? colon : end) - p));
	}
	if (colon && (colon + 1 == end || strspn(colon + 1, "0123456789") <
	    (size_t)(end - colon - 1))) {
		strbuf_release(&host);
		return -1;
	}
	u->host = strbuf_detach(&host, NULL);
	u->port = colon ? xstrndup(colon + 1, (size_t)(end - colon - 1)) :
	    NULL;
	return 0;
}

int
gitssh_parse(const char *url, struct gitssh_url *u)
{
	const char *p = NULL, *slash, *colon;
	size_t i;

	memset(u, 0, sizeof(*u));
	if (url == NULL)
		return -1;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			p = url + strlen(schemes[i]);
	if (p) {
		if ((slash = strchr(p, '/')) == NULL || slash == p ||
		    slash[1] == '\0' || parse_authority(p, (size_t)(slash - p),
		    u) != 0)
			goto fail;
		/* ssh://host/~user/repo is ~user/repo, as git reads it */
		u->path = xstrdup(slash[1] == '~' ? slash + 1 : slash);
	} else {
		/* scp-like: a colon before any slash, and not a local path */
		colon = strchr(url, ':');
		slash = strchr(url, '/');
		if (strstr(url, "://") || colon == NULL || colon == url ||
		    (slash && slash < colon) || colon[1] == '\0')
			return -1;
		u->host = xstrndup(url, (size_t)(colon - url));
		u->path = xstrdup(colon + 1);
	}
	if (u->host[0] == '\0' || u->host[0] == '-' ||
	    u->host[strlen(u->host) - 1] == '@')
		goto fail;
	return 0;
fail:
	gitssh_url_free(u);
	return -1;
}

void
gitssh_url_free(struct gitssh_url *u)
{
	free(u->host);
	free(u->port);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

char **
gitssh_argv(const struct gitssh_url *u, const char *service,
    long long limit_ms)
{
	const char *cmd = getenv("GIT_SSH_COMMAND"), *prog = getenv("GIT_SSH");
	struct strbuf remote = STRBUF_INIT;
	char **argv = xcalloc(16, sizeof(*argv));
	size_t n = 0;

	if (cmd && *cmd) {
		/* git runs it through the shell, words and all */
		argv[n++] = xstrdup("sh");
		argv[n++] = xstrdup("-c");
		argv[n++] = xstrfmt("%s \"$@\"", cmd);
		argv[n++] = xstrdup("ssh");
	} else {
		argv[n++] = xstrdup(prog && *prog ? prog : "ssh");
	}
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup("BatchMode=yes");
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrfmt("ConnectTimeout=%lld", (limit_ms + 999) / 1000);
	if (u->port) {
		argv[n++] = xstrdup("-p");
		argv[n++] = xstrdup(u->port);
	}
	argv[n++] = xstrdup("--");
	argv[n++] = xstrdup(u->host);
	strbuf_addf(&remote, "%s ", service);
	words_quote(&remote, u->path);
	argv[n++] = strbuf_detach(&remote, NULL);
	argv[n] = NULL;
	return argv;
}
