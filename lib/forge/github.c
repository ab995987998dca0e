/* github.c: CI state of a commit from GitHub's check runs and statuses. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/github.h"
#include "forge/http.h"
#include "forge/remoteurl.h"
#include "core/strbuf.h"

#define GH_MAX_PAGES 100	/* a server whose links never end is lying */
#define GH_MAX_BODY (16 << 20)	/* bytes of one answer */
#define GH_MAX_WAIT (24 * 3600)	/* seconds: a longer Retry-After is a day */
#define MAX_REDIRECTS 5		/* same-origin ones, a renamed repository */
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

/* The seconds a Retry-After value (delta-seconds or an HTTP date) asks
 * for, at most GH_MAX_WAIT; -1 when it is neither. */
static long
retry_after_secs(const char *v, time_t now)
{
	char *end;
	unsigned long long n;
	time_t at;

	if (v == NULL)
		return -1;
	if (*v >= '0' && *v <= '9') {
		n = strtoull(v, &end, 10);
		if (*end != '\0')
			return -1;
		return n > GH_MAX_WAIT ? GH_MAX_WAIT : (long)n;
	}
	if ((at = curl_getdate(v, NULL)) == -1)
		return -1;
	return at <= now ? 0 : at - now > GH_MAX_WAIT ? GH_MAX_WAIT :
	    (long)(at - now);
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
	long secs = retry_after_secs(retry_after, now);

	if ((status == 403 || status == 429) && retry_after) {
		strbuf_addf(&sb, "GitHub asks to slow down (HTTP %ld, "
		    "secondary rate limit): wait ", status);
		if (secs < 0)
			strbuf_adds(&sb, "a minute");
		else
			strbuf_addf(&sb, "%ld s (Retry-After)", secs);
		strbuf_adds(&sb, " and try again");
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
	} else if (status == 422) {
		/* GitHub's answer for a SHA it has never seen */
		strbuf_addf(&sb, "GitHub knows no commit '%.12s' in '%s/%s' "
		    "(HTTP 422): push it and let CI run", sha, api->owner,
		    api->name);
	} else if (status >= 500) {
		strbuf_addf(&sb, "GitHub failed (HTTP %ld): try again later",
		    status);
	} else {
		strbuf_addf(&sb, "GitHub answered HTTP %ld", status);
	}
	return strbuf_detach(&sb, NULL);
}

long
gh_retry_wait(long status, const char *retry_after, const char *remaining,
    const char *reset, time_t now)
{
	long long at;

	if (status != 403 && status != 429)
		return -1;
	if (retry_after)
		return retry_after_secs(retry_after, now);
	if (remaining && strcmp(remaining, "0") == 0 && reset &&
	    (at = strtoll(reset, NULL, 10)) > 0)
		return at <= now ? 0 : at - now > GH_MAX_WAIT ? GH_MAX_WAIT :
		    (long)(at - now);
	return -1;
}

/* A header of r as a malloc'd string, or NULL when it has none. */
static char *
header(const struct http_response *r, const char *name)
{
	size_t vlen;
	const char *v = http_header_find(r->headers.buf, r->headers.len, name,
	    strlen(name), &vlen);

	return v ? xstrndup(v, vlen) : NULL;
}

/* A part of url ("host"), lower-cased, or NULL (free() it). */
static char *
url_part(CURLU *u, const char *url, CURLUPart part)
{
	char *v = NULL, *copy, *p;

	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, part, &v, CURLU_DEFAULT_PORT) != CURLUE_OK)
		return NULL;
	copy = xstrdup(v);
	curl_free(v);
	for (p = copy; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return copy;
}

/* Do a and b have the same scheme, host and port? */
static int
same_origin(const char *a, const char *b)
{
	static const CURLUPart parts[] = {
		CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT
	};
	CURLU *u = curl_url();
	char *x, *y;
	size_t i;
	int same = u != NULL;

	for (i = 0; same && i < sizeof(parts) / sizeof(parts[0]); i++) {
		x = url_part(u, a, parts[i]);
		y = url_part(u, b, parts[i]);
		same = x && y && strcmp(x, y) == 0;
		free(x);
		free(y);
	}
	curl_url_cleanup(u);
	return same;
}

/*
 * The target of a redirect that h got, when it stays on the API's
 * origin: NULL when there is none; -1 with *error set when it leaves.
 */
static int
redirect_target(const struct gh_api *api, CURL *h, long status, char **to,
    char **error)
{
	struct strbuf msg = STRBUF_INIT;
	char *target = NULL, *shown, *root;

	*to = NULL;
	if (status / 100 != 3 || curl_easy_getinfo(h, CURLINFO_REDIRECT_URL,
	    &target) != CURLE_OK || target == NULL)
		return 0;
	if (same_origin(api->root, target)) {
		*to = xstrdup(target);
		return 0;
	}
	/* Another host's answer would be trusted for GitHub's. */
	shown = remote_url_redact(target);
	root = remote_url_redact(api->root);
	strbuf_addf(&msg, "GitHub's API at '%s' redirects (HTTP %ld) to '%s', "
	    "another origin: refused (is GITHUB_API_URL right?)", root, status,
	    shown);
	free(shown);
	free(root);
	*error = strbuf_detach(&msg, NULL);
	return -1;
}

/* GET url into r; 0, or -1 with *error set when no answer came. */
static int
http_get(const struct gh_api *api, const char *url, struct http_response *r,
    long *status, char **error)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	struct strbuf auth = STRBUF_INIT, msg = STRBUF_INIT;
	char cerr[CURL_ERROR_SIZE] = "", *shown, *next = NULL;
	long left = 30000;
	CURLcode cc;
	int rc = -1, hops;

	if (h == NULL)
		die_oom();
	http_response_reset(r);
	hdrs = curl_slist_append(hdrs, "Accept: application/vnd.github+json");
	hdrs = curl_slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28");
	if (api->token) {
		strbuf_addf(&auth, "Authorization: Bearer %s", api->token);
		hdrs = curl_slist_append(hdrs, auth.buf);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "reltools/" RELTOOLS_VERSION);
	http_response_attach(h, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	/* Within rel-check's --ci-wait, a request gets what is left of it,
	   and the last one, at its end, a second. */
	if (api->deadline)
		left = (long)(api->deadline - clock_ms());
	if (left < 1000)
		left = 1000;
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, left < 10000 ? left :
	    10000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, left < 30000 ? left : 30000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Redirects (renamed repositories) are followed here, on the API's
	 * origin only. */
	for (hops = 0;; hops++) {
		curl_easy_setopt(h, CURLOPT_URL, next ? next : url);
		if ((cc = curl_easy_perform(h)) != CURLE_OK)
			break;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
		free(next);
		if (redirect_target(api, h, *status, &next, error) != 0)
			goto cleanup;
		if (next == NULL || hops == MAX_REDIRECTS)
			break;
		http_response_reset(r);
	}
	if (cc != CURLE_OK) {
		shown = remote_url_redact(api->root);
		strbuf_addf(&msg, "cannot reach GitHub at '%s': %s", shown,
		    *cerr ? cerr : curl_easy_strerror(cc));
		free(shown);
		*error = strbuf_detach(&msg, NULL);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(next);
	curl_slist_free_all(hdrs);
	/* the token was in auth: wipe it before freeing */
	if (auth.buf)
		memset(auth.buf, 0, auth.len);
	strbuf_release(&auth);
	curl_easy_cleanup(h);
	return rc;
}

/* GET url; an answer that is not 200 becomes *error (and *wait). */
static int
api_get(const struct gh_api *api, const char *sha, const char *url,
    struct http_response *r, char **error, long *wait)
{
	char *retry_after, *remaining, *reset;
	long status = 0;

	if (http_get(api, url, r, &status, error) != 0)
		return -1;
	if (status == 200 && r->size <= r->body_max)
		return 0;
	if (status == 200) {
		*error = xstrdup("GitHub's answer is larger than 16 MiB: "
		    "is GITHUB_API_URL right?");
		return -1;
	}
	retry_after = header(r, "retry-after");
	remaining = header(r, "x-ratelimit-remaining");
	reset = header(r, "x-ratelimit-reset");
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
		link = header(r, "link");
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
