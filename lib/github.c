/* github.c: CI state of a commit from GitHub's check runs and statuses. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "diag.h"
#include "github.h"
#include "strbuf.h"

#define GH_MAX_PAGES 100	/* a server whose links never end is lying */

static void
add_check(struct gh_check **list, size_t *n, const char *name,
    const char *state, const char *url)
{
	struct gh_check *c;

	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	c = &(*list)[(*n)++];
	c->name = xstrdup(name ? name : "(unnamed)");
	c->state = xstrdup(state ? state : "unknown");
	c->url = url ? xstrdup(url) : NULL;
}

static const char *
str_member(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static int
one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int
gh_ci_add_check_runs(struct gh_ci *ci, const char *body, size_t len)
{
	static const char *const green[] = {
		"success", "neutral", "skipped", NULL
	};
	json_t *doc = json_loadb(body, len, 0, NULL), *runs, *run;
	const char *status, *concl, *url;
	size_t i;
	int rc = -1;

	runs = json_object_get(doc, "check_runs");
	if (!json_is_array(runs))
		goto cleanup;
	json_array_foreach(runs, i, run) {
		if (!json_is_object(run))
			goto cleanup;
		ci->runs++;
		status = str_member(run, "status");
		concl = str_member(run, "conclusion");
		url = str_member(run, "html_url");
		if (url == NULL)
			url = str_member(run, "details_url");
		if (status == NULL || strcmp(status, "completed") != 0)
			add_check(&ci->pending, &ci->npending,
			    str_member(run, "name"), status, url);
		else if (!one_of(concl, green))
			add_check(&ci->failing, &ci->nfailing,
			    str_member(run, "name"), concl, url);
	}
	rc = 0;
cleanup:
	json_decref(doc);
	return rc;
}

int
gh_ci_add_combined_status(struct gh_ci *ci, const char *body, size_t len)
{
	static const char *const red[] = { "failure", "error", NULL };
	json_t *doc = json_loadb(body, len, 0, NULL), *list, *st;
	const char *state;
	size_t i;
	int rc = -1;

	list = json_object_get(doc, "statuses");
	if (!json_is_string(json_object_get(doc, "state")) ||
	    !json_is_array(list))
		goto cleanup;
	json_array_foreach(list, i, st) {
		if (!json_is_object(st))
			goto cleanup;
		ci->statuses++;
		state = str_member(st, "state");
		if (state && strcmp(state, "success") == 0)
			continue;
		if (one_of(state, red))
			add_check(&ci->failing, &ci->nfailing,
			    str_member(st, "context"), state,
			    str_member(st, "target_url"));
		else
			add_check(&ci->pending, &ci->npending,
			    str_member(st, "context"), state,
			    str_member(st, "target_url"));
	}
	rc = 0;
cleanup:
	json_decref(doc);
	return rc;
}

void
gh_ci_settle(struct gh_ci *ci)
{
	if (ci->nfailing)
		ci->state = GH_CI_RED;
	else if (ci->npending)
		ci->state = GH_CI_PENDING;
	else
		ci->state = GH_CI_GREEN;
}

static void
free_checks(struct gh_check *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].state);
		free(list[i].url);
	}
	free(list);
}

void
gh_ci_free(struct gh_ci *ci)
{
	free_checks(ci->failing, ci->nfailing);
	free_checks(ci->pending, ci->npending);
	memset(ci, 0, sizeof(*ci));
}

/* Does the parameter list p (up to end) say rel="... next ..."? */
static int
rel_is_next(const char *p, const char *end)
{
	const char *v, *ve;

	while (p < end) {
		while (p < end && (*p == ';' || isspace((unsigned char)*p)))
			p++;
		if (end - p > 4 && strncasecmp(p, "rel=", 4) == 0) {
			v = p + 4;
			if (v < end && *v == '"')
				v++;
			ve = v;
			while (ve < end && *ve != '"' && *ve != ';')
				ve++;
			/* rel may list several space-separated types */
			while (v < ve) {
				const char *w = v;

				while (w < ve && *w != ' ')
					w++;
				if (w - v == 4 && strncasecmp(v, "next", 4) == 0)
					return 1;
				v = w + (w < ve);
			}
		}
		while (p < end && *p != ';')
			p++;
	}
	return 0;
}

char *
gh_link_next(const char *link)
{
	const char *p = link, *lt, *gt, *end;
	int quoted;

	while (p && *p) {
		lt = strchr(p, '<');
		if (lt == NULL)
			return NULL;
		gt = strchr(lt + 1, '>');
		if (gt == NULL)
			return NULL;
		/* the parameters run to the next ',' outside quotes */
		quoted = 0;
		for (end = gt + 1; *end && (quoted || *end != ','); end++)
			if (*end == '"')
				quoted = !quoted;
		if (gt > lt + 1 && rel_is_next(gt + 1, end))
			return xstrndup(lt + 1, gt - lt - 1);
		p = *end ? end + 1 : end;
	}
	return NULL;
}

char *
gh_http_error(const struct gh_api *api, const char *sha, long status,
    const char *retry_after, const char *remaining, const char *reset,
    time_t now)
{
	struct strbuf sb = STRBUF_INIT;
	char when[32];
	time_t at;
	struct tm tm;

	if ((status == 403 || status == 429) && retry_after) {
		strbuf_addf(&sb, "GitHub asks to slow down (HTTP %ld, "
		    "secondary rate limit): wait %s s (Retry-After) and try "
		    "again", status, retry_after);
	} else if ((status == 403 || status == 429) && remaining &&
	    strcmp(remaining, "0") == 0) {
		at = reset ? (time_t)strtoll(reset, NULL, 10) : 0;
		if (at > 0 && gmtime_r(&at, &tm) &&
		    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
			strbuf_addf(&sb, "GitHub API rate limit exceeded "
			    "(HTTP %ld): it resets at %s, in %lld s; wait",
			    status, when, (long long)(at > now ? at - now : 0));
		else
			strbuf_addf(&sb, "GitHub API rate limit exceeded "
			    "(HTTP %ld): wait", status);
		strbuf_adds(&sb, api->token ? " and try again" :
		    ", or set GH_TOKEN for a higher limit");
	} else if (status == 401) {
		strbuf_addf(&sb, api->token ?
		    "GitHub rejected the token (HTTP 401): set GH_TOKEN or "
		    "GITHUB_TOKEN to a valid token that has not expired" :
		    "GitHub wants a token (HTTP 401): set GH_TOKEN or "
		    "GITHUB_TOKEN");
	} else if (status == 403) {
		strbuf_addf(&sb, "GitHub refused access to '%s/%s' (HTTP 403): "
		    "use a token with read access to its checks and commit "
		    "statuses", api->owner, api->name);
	} else if (status == 404) {
		strbuf_addf(&sb, "GitHub knows no repository '%s/%s' or commit "
		    "'%.12s' (HTTP 404): check the remote URL and that the "
		    "commit is pushed; for a private repository set GH_TOKEN",
		    api->owner, api->name, sha);
	} else if (status >= 500) {
		strbuf_addf(&sb, "GitHub failed (HTTP %ld): try again later",
		    status);
	} else {
		strbuf_addf(&sb, "GitHub answered HTTP %ld", status);
	}
	return strbuf_detach(&sb, NULL);
}

/* One HTTP exchange and the response headers we act on. */
struct gh_response {
	long status;
	struct strbuf body;
	char *link;
	char *retry_after;
	char *remaining;
	char *reset;
};

static void
response_clear(struct gh_response *r)
{
	free(r->link);
	free(r->retry_after);
	free(r->remaining);
	free(r->reset);
	r->link = r->retry_after = r->remaining = r->reset = NULL;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	strbuf_add(&((struct gh_response *)arg)->body, data, size * n);
	return size * n;
}

static void
keep_header(char **slot, const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *e;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	v = line + nl + 1;
	e = line + len;
	while (v < e && isspace((unsigned char)*v))
		v++;
	while (e > v && isspace((unsigned char)e[-1]))
		e--;
	free(*slot);
	*slot = xstrndup(v, e - v);
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct gh_response *r = arg;
	size_t len = size * n;

	/* A new status line (after a redirect): forget the old headers. */
	if (len > 5 && strncmp(data, "HTTP/", 5) == 0)
		response_clear(r);
	keep_header(&r->link, data, len, "link");
	keep_header(&r->retry_after, data, len, "retry-after");
	keep_header(&r->remaining, data, len, "x-ratelimit-remaining");
	keep_header(&r->reset, data, len, "x-ratelimit-reset");
	return len;
}

static int
http_get(const struct gh_api *api, const char *url, struct gh_response *r,
    char **error)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	struct strbuf auth = STRBUF_INIT;
	char cerr[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	int rc = -1;

	if (h == NULL)
		die_oom();
	strbuf_reset(&r->body);
	strbuf_add(&r->body, "", 0);
	response_clear(r);
	hdrs = curl_slist_append(hdrs, "Accept: application/vnd.github+json");
	hdrs = curl_slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28");
	if (api->token) {
		strbuf_addf(&auth, "Authorization: Bearer %s", api->token);
		hdrs = curl_slist_append(hdrs, auth.buf);
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "reltools/" RELTOOLS_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* Redirects (renamed repositories) stay on one origin: curl does
	 * not send a custom Authorization header to another host. */
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "cannot reach GitHub at '%s': %s", api->root,
		    *cerr ? cerr : curl_easy_strerror(cc));
		*error = strbuf_detach(&sb, NULL);
		goto cleanup;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	rc = 0;
cleanup:
	curl_slist_free_all(hdrs);
	/* the token was in auth: wipe it before freeing */
	if (auth.buf)
		memset(auth.buf, 0, auth.len);
	strbuf_release(&auth);
	curl_easy_cleanup(h);
	return rc;
}

/* GET url; an answer that is not 200 becomes *error. */
static int
api_get(const struct gh_api *api, const char *sha, const char *url,
    struct gh_response *r, char **error)
{
	if (http_get(api, url, r, error) != 0)
		return -1;
	if (r->status == 200)
		return 0;
	*error = gh_http_error(api, sha, r->status, r->retry_after,
	    r->remaining, r->reset, time(NULL));
	return -1;
}

static char *
malformed(const struct gh_api *api, const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "GitHub's answer for the %s of '%s/%s' is not the "
	    "documented JSON", what, api->owner, api->name);
	return strbuf_detach(&sb, NULL);
}

static int
fetch_check_runs(const struct gh_api *api, const char *sha,
    struct gh_ci *ci, struct gh_response *r, char **error)
{
	struct strbuf url = STRBUF_INIT;
	char *next = NULL;
	int page, rc = -1;

	strbuf_addf(&url, "%s/repos/%s/%s/commits/%s/check-runs?per_page=100",
	    api->root, api->owner, api->name, sha);
	for (page = 0; page < GH_MAX_PAGES; page++) {
		if (api_get(api, sha, url.buf, r, error) != 0)
			goto cleanup;
		if (gh_ci_add_check_runs(ci, r->body.buf, r->body.len) != 0) {
			*error = malformed(api, "check runs");
			goto cleanup;
		}
		next = r->link ? gh_link_next(r->link) : NULL;
		if (next == NULL) {
			rc = 0;
			goto cleanup;
		}
		/* The token must not follow a link to another origin. */
		if (strncmp(next, api->root, strlen(api->root)) != 0 ||
		    (next[strlen(api->root)] != '/' &&
		    next[strlen(api->root)] != '\0')) {
			*error = malformed(api, "check runs (a next page "
			    "outside the API root)");
			goto cleanup;
		}
		strbuf_reset(&url);
		strbuf_adds(&url, next);
		free(next);
		next = NULL;
	}
	*error = malformed(api, "check runs (more than 100 pages)");
cleanup:
	free(next);
	strbuf_release(&url);
	return rc;
}

int
gh_ci_fetch(const struct gh_api *api, const char *sha, struct gh_ci *ci,
    char **error)
{
	struct gh_response r;
	struct strbuf url = STRBUF_INIT;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	*error = NULL;
	if (fetch_check_runs(api, sha, ci, &r, error) != 0)
		goto cleanup;
	strbuf_addf(&url, "%s/repos/%s/%s/commits/%s/status", api->root,
	    api->owner, api->name, sha);
	if (api_get(api, sha, url.buf, &r, error) != 0)
		goto cleanup;
	if (gh_ci_add_combined_status(ci, r.body.buf, r.body.len) != 0) {
		*error = malformed(api, "combined status");
		goto cleanup;
	}
	gh_ci_settle(ci);
	rc = 0;
cleanup:
	response_clear(&r);
	strbuf_release(&r.body);
	strbuf_release(&url);
	return rc;
}
