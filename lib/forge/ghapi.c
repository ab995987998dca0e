/* ghapi.c: requests to GitHub's REST API and messages for its errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/cli.h"
#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/ghapi.h"

#define GH_MAX_WAIT (24 * 3600)	/* seconds: a longer Retry-After is a day */
#define MAX_REDIRECTS 5		/* same-origin ones, a renamed repository */
#define PROGRESS_MIN (8 << 20)	/* uploads this large report progress */
#define STALL_SECS 60L		/* an upload moving no byte for this long */

enum gh_repo_status
gh_repo_api_open(struct gh_repo_api *g, const char *url)
{
	const char *env = getenv("GITHUB_API_URL");
	const char *limit = getenv("RELTOOLS_HTTP_TIMEOUT");

	memset(g, 0, sizeof(*g));
	strbuf_init(&g->root);
	if (limit && *limit && (cli_parse_duration(limit, &g->api.timeout_ms)
	    != 0 || g->api.timeout_ms <= 0)) {
		g->error = xstrfmt("RELTOOLS_HTTP_TIMEOUT='%s' is not a "
		    "duration (seconds, or 500ms, 2m)", limit);
		return GH_REPO_BAD_TIMEOUT;
	}
	strbuf_adds(&g->root, env && *env ? env : "https://api.github.com");
	while (g->root.len && g->root.buf[g->root.len - 1] == '/')
		g->root.buf[--g->root.len] = '\0';
	g->api.root = g->root.buf;
	g->api.token = remote_github_token_env();
	if (url == NULL || remote_repo_parse(&g->repo, url) != 0)
		return GH_REPO_NONE;
	g->api.owner = g->repo.owner;
	g->api.name = g->repo.name;
	/* Another forge's owner/name would name some other GitHub project.
	 * An API root on the remote's own host (GitHub Enterprise) vouches
	 * for it. */
	return remote_host_trusted(g->repo.host) ? GH_REPO_OK :
	    GH_REPO_ELSEWHERE;
}

void
gh_repo_api_close(struct gh_repo_api *g)
{
	remote_repo_free(&g->repo);
	strbuf_release(&g->root);
	free(g->error);
	g->error = NULL;
	memset(&g->api, 0, sizeof(g->api));
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
gh_common_error(const struct gh_api *api, long status,
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
	} else if (status >= 500) {
		strbuf_addf(&sb, "GitHub failed (HTTP %ld): try again later",
		    status);
	} else {
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

char *
gh_answer_error(const struct gh_api *api, long status,
    const struct http_response *r)
{
	char *retry_after = gh_header(r, "retry-after");
	char *remaining = gh_header(r, "x-ratelimit-remaining");
	char *reset = gh_header(r, "x-ratelimit-reset");
	char *m = gh_common_error(api, status, retry_after, remaining, reset,
	    time(NULL));

	free(retry_after);
	free(remaining);
	free(reset);
	return m;
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

char *
gh_header(const struct http_response *r, const char *name)
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

/* Are the first nparts of scheme, host and port the same in a and b? */
static int
same_parts(const char *a, const char *b, size_t nparts)
{
	static const CURLUPart parts[] = {
		CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT
	};
	CURLU *u = curl_url();
	char *x, *y;
	size_t i;
	int same = u != NULL;

	for (i = 0; same && i < nparts; i++) {
		x = url_part(u, a, parts[i]);
		y = url_part(u, b, parts[i]);
		same = x && y && strcmp(x, y) == 0;
		free(x);
		free(y);
	}
	curl_url_cleanup(u);
	return same;
}

int
gh_upload_url_ok(const struct gh_api *api, const char *url)
{
	CURLU *u;
	char *host, *scheme;
	int ok;

	if (same_parts(api->root, url, 2))
		return 1;
	if ((u = curl_url()) == NULL)
		die_oom();
	host = url_part(u, url, CURLUPART_HOST);
	scheme = url_part(u, url, CURLUPART_SCHEME);
	ok = host && scheme && strcmp(host, "uploads.github.com") == 0 &&
	    strcmp(scheme, "https") == 0 &&
	    strcmp(api->root, "https://api.github.com") == 0;
	free(host);
	free(scheme);
	curl_url_cleanup(u);
	return ok;
}

/*
 * The target of a redirect that h got, when it stays on the origin of
 * from: NULL when there is none; -1 with *error set when it leaves.
 */
static int
redirect_target(const struct gh_api *api, const char *from, CURL *h,
    long status, char **to, char **error)
{
	struct strbuf msg = STRBUF_INIT;
	char *target = NULL, *shown, *root;

	*to = NULL;
	if (status / 100 != 3 || curl_easy_getinfo(h, CURLINFO_REDIRECT_URL,
	    &target) != CURLE_OK || target == NULL)
		return 0;
	if (same_parts(from, target, 3)) {
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

/* An upload being sent: its file and how far progress was said. */
struct sending {
	const struct gh_upload *up;
	int told;		/* tenths reported */
	int failed_errno;
};

static size_t
read_upload(char *buf, size_t size, size_t nitems, void *arg)
{
	struct sending *s = arg;
	ssize_t n;

	do
		n = read(s->up->fd, buf, size * nitems);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		s->failed_errno = errno;
		return CURL_READFUNC_ABORT;
	}
	return (size_t)n;
}

static int
upload_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct sending *s = arg;
	int tenths;

	(void)dltotal;
	(void)dlnow;
	if (ultotal <= 0)
		return 0;
	tenths = (int)(ulnow * 10 / ultotal);
	if (tenths > s->told) {
		s->told = tenths;
		progress("uploading %s: %d%% of %lld MiB", s->up->label,
		    tenths * 10, (long long)(ultotal >> 20));
	}
	return 0;
}

/* Set h up for req's method and body. */
static void
set_body(CURL *h, const struct gh_req *req, struct sending *s)
{
	if (strcmp(req->method, "GET") != 0 &&
	    strcmp(req->method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->upload) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
		curl_easy_setopt(h, CURLOPT_READDATA, s);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->upload->size);
		if (req->upload->size >= PROGRESS_MIN) {
			curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION,
			    upload_progress);
			curl_easy_setopt(h, CURLOPT_XFERINFODATA, s);
			curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		}
	} else if (req->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)req->body_len);
	}
}

/* Set h's limits: within a deadline, what is left of it; an upload has
 * none but a stall. */
static void
set_limits(CURL *h, const struct gh_api *api, const struct gh_req *req)
{
	long limit = api->timeout_ms ? (long)api->timeout_ms : 30000L;
	long left = limit;

	if (api->deadline && api->deadline - clock_ms() < left)
		left = (long)(api->deadline - clock_ms());
	if (left < 1000 && left < limit)
		left = limit < 1000 ? limit : 1000;
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, left < 10000 ? left :
	    10000L);
	if (req->upload) {
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, STALL_SECS);
	} else {
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, left);
	}
}

/* The message for a request that got no answer. */
static char *
no_answer(const struct gh_api *api, const struct gh_req *req, CURLcode cc,
    const char *cerr, const struct sending *s)
{
	struct strbuf msg = STRBUF_INIT;
	char *shown = remote_url_redact(api->root);

	if (s->failed_errno)
		strbuf_addf(&msg, "cannot read '%s' to upload it: %s",
		    req->upload->label, strerror(s->failed_errno));
	else if (cc == CURLE_OPERATION_TIMEDOUT)
		strbuf_addf(&msg, "cannot reach GitHub at '%s': %s; check the "
		    "network and GITHUB_API_URL, then run again "
		    "(RELTOOLS_HTTP_TIMEOUT sets the limit)", shown,
		    *cerr ? cerr : curl_easy_strerror(cc));
	else
		strbuf_addf(&msg, "cannot reach GitHub at '%s': %s", shown,
		    *cerr ? cerr : curl_easy_strerror(cc));
	free(shown);
	return strbuf_detach(&msg, NULL);
}

int
gh_request(const struct gh_api *api, const struct gh_req *req,
    struct http_response *r, long *status, char **error)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	struct strbuf auth = STRBUF_INIT, ctype = STRBUF_INIT;
	struct sending s = { req->upload, 0, 0 };
	char cerr[CURL_ERROR_SIZE] = "", *next = NULL;
	CURLcode cc;
	int rc = -1, hops;

	if (h == NULL)
		die_oom();
	http_response_reset(r);
	hdrs = curl_slist_append(hdrs, "Accept: application/vnd.github+json");
	hdrs = curl_slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28");
	/* no "Expect: 100-continue" wait before a large body */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (req->body || req->upload) {
		strbuf_addf(&ctype, "Content-Type: %s", req->content_type ?
		    req->content_type : "application/json");
		hdrs = curl_slist_append(hdrs, ctype.buf);
	}
	/* The token goes to the API's origin and the upload host only. */
	if (api->token && (same_parts(api->root, req->url, 3) ||
	    gh_upload_url_ok(api, req->url))) {
		strbuf_addf(&auth, "Authorization: Bearer %s", api->token);
		hdrs = curl_slist_append(hdrs, auth.buf);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "reltools/" RELTOOLS_VERSION);
	http_response_attach(h, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	set_limits(h, api, req);
	set_body(h, req, &s);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	for (hops = 0;; hops++) {
		curl_easy_setopt(h, CURLOPT_URL, next ? next : req->url);
		if (req->upload && lseek(req->upload->fd, 0, SEEK_SET) != 0) {
			s.failed_errno = errno;
			cc = CURLE_READ_ERROR;
			break;
		}
		if ((cc = curl_easy_perform(h)) != CURLE_OK)
			break;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
		free(next);
		if (redirect_target(api, req->url, h, *status, &next,
		    error) != 0)
			goto cleanup;
		if (next == NULL || hops == MAX_REDIRECTS)
			break;
		http_response_reset(r);
	}
	if (cc != CURLE_OK) {
		*error = no_answer(api, req, cc, cerr, &s);
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
	strbuf_release(&ctype);
	curl_easy_cleanup(h);
	return rc;
}
