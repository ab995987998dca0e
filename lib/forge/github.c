/* github.c: CI state of a commit from GitHub's check runs and statuses. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/xalloc.h"
#include "forge/ghapi.h"
#include "forge/github.h"
#include "core/strbuf.h"

#define GH_MAX_PAGES 100	/* a server whose links never end is lying */
#define UNLISTED "(combined status, statuses not listed)"

static void
add_check(struct gh_check **list, size_t *n, size_t *alloc,
    const char *name, const char *state, const char *url)
{
	struct gh_check *c;

	ALLOC_GROW(*list, *n + 1, *alloc);
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
			    &ci->alloc_pending, str_member(run, "name"), status,
			    url);
		else if (!one_of(concl, green))
			add_check(&ci->failing, &ci->nfailing,
			    &ci->alloc_failing, str_member(run, "name"), concl,
			    url);
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
	const char *state, *combined;
	size_t i, failing, pending, listed;
	json_int_t total;
	int unlisted, rc = -1;

	list = json_object_get(doc, "statuses");
	combined = str_member(doc, "state");
	if (combined == NULL || !json_is_array(list))
		goto cleanup;
	failing = ci->nfailing;
	pending = ci->npending;
	json_array_foreach(list, i, st) {
		if (!json_is_object(st))
			goto cleanup;
		ci->statuses++;
		state = str_member(st, "state");
		if (state && strcmp(state, "success") == 0)
			continue;
		if (one_of(state, red))
			add_check(&ci->failing, &ci->nfailing,
			    &ci->alloc_failing, str_member(st, "context"), state,
			    str_member(st, "target_url"));
		else
			add_check(&ci->pending, &ci->npending,
			    &ci->alloc_pending, str_member(st, "context"), state,
			    str_member(st, "target_url"));
	}
	/*
	 * The list holds one page of statuses (30 by default, 100 at most);
	 * the combined state covers them all. A state the listed statuses
	 * do not explain comes from the ones not listed.
	 */
	total = json_integer_value(json_object_get(doc, "total_count"));
	listed = json_array_size(list);
	unlisted = 1;
	if (total > 0 && one_of(combined, red) && ci->nfailing == failing)
		add_check(&ci->failing, &ci->nfailing, &ci->alloc_failing,
		    UNLISTED, combined, NULL);
	else if (total > 0 && strcmp(combined, "success") != 0 &&
	    !one_of(combined, red) && ci->nfailing == failing &&
	    ci->npending == pending)
		add_check(&ci->pending, &ci->npending, &ci->alloc_pending,
		    UNLISTED, combined, NULL);
	else
		unlisted = 0;
	/* Count them all; an unlisted entry stands for one at least. */
	if (total > (json_int_t)listed)
		ci->statuses += total - listed;
	else if (unlisted)
		ci->statuses++;
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
	char *common = gh_common_error(api, status, retry_after, remaining,
	    reset, now);

	if (common)
		return common;
	if (status == 403)
		strbuf_addf(&sb, "GitHub refused access to '%s/%s' (HTTP 403): "
		    "use a token with read access to its checks and commit "
		    "statuses", api->owner, api->name);
	else if (status == 404)
		strbuf_addf(&sb, "GitHub knows no repository '%s/%s' or commit "
		    "'%.12s' (HTTP 404): check the remote URL and that the "
		    "commit is pushed; for a private repository set GH_TOKEN",
		    api->owner, api->name, sha);
	else if (status == 422)
		/* GitHub's answer for a SHA it has never seen */
		strbuf_addf(&sb, "GitHub knows no commit '%.12s' in '%s/%s' "
		    "(HTTP 422): push it and let CI run", sha, api->owner,
		    api->name);
	else
		strbuf_addf(&sb, "GitHub answered HTTP %ld", status);
	return strbuf_detach(&sb, NULL);
}

/* GET url; an answer that is not 200 becomes *error (and *wait). */
static int
api_get(const struct gh_api *api, const char *sha, const char *url,
    struct http_response *r, char **error, long *wait)
{
	struct gh_req req = { "GET", url, NULL, NULL, 0, NULL };
	char *retry_after, *remaining, *reset;
	long status = 0;

	if (gh_request(api, &req, r, &status, error) != 0)
		return -1;
	if (status == 200 && r->size <= r->body_max)
		return 0;
	if (status == 200) {
		*error = xstrdup("GitHub's answer is larger than 16 MiB: "
		    "is GITHUB_API_URL right?");
		return -1;
	}
	retry_after = gh_header(r, "retry-after");
	remaining = gh_header(r, "x-ratelimit-remaining");
	reset = gh_header(r, "x-ratelimit-reset");
	*error = gh_http_error(api, sha, status, retry_after, remaining, reset,
	    time(NULL));
	*wait = gh_retry_wait(status, retry_after, remaining, reset,
	    time(NULL));
	free(retry_after);
	free(remaining);
	free(reset);
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
    struct gh_ci *ci, struct http_response *r, char **error, long *wait)
{
	struct strbuf url = STRBUF_INIT;
	char *next = NULL, *link = NULL;
	int page, rc = -1;

	strbuf_addf(&url, "%s/repos/%s/%s/commits/%s/check-runs?per_page=100",
	    api->root, api->owner, api->name, sha);
	for (page = 0; page < GH_MAX_PAGES; page++) {
		if (api_get(api, sha, url.buf, r, error, wait) != 0)
			goto cleanup;
		if (gh_ci_add_check_runs(ci, r->body.buf,
		    r->body.len) != 0) {
			*error = malformed(api, "check runs");
			goto cleanup;
		}
		free(link);
		link = gh_header(r, "link");
		next = link ? gh_link_next(link) : NULL;
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
	free(link);
	free(next);
	strbuf_release(&url);
	return rc;
}

int
gh_ci_fetch(const struct gh_api *api, const char *sha, struct gh_ci *ci,
    char **error, long *wait)
{
	struct http_response r;
	struct strbuf url = STRBUF_INIT;
	int rc = -1;

	http_response_init(&r, GH_MAX_BODY);
	*error = NULL;
	*wait = -1;
	if (fetch_check_runs(api, sha, ci, &r, error, wait) != 0)
		goto cleanup;
	strbuf_addf(&url, "%s/repos/%s/%s/commits/%s/status?per_page=100",
	    api->root, api->owner, api->name, sha);
	if (api_get(api, sha, url.buf, &r, error, wait) != 0)
		goto cleanup;
	if (gh_ci_add_combined_status(ci, r.body.buf,
	    r.body.len) != 0) {
		*error = malformed(api, "combined status");
		goto cleanup;
	}
	gh_ci_settle(ci);
	rc = 0;
cleanup:
	http_response_release(&r);
	strbuf_release(&url);
	return rc;
}
