/*
 * ghapi.h: requests to GitHub's REST API over libcurl, and the messages
 * for its error answers.
 *
 *	struct gh_repo_api g;
 *	if (gh_repo_api_open(&g, remote_url) != GH_REPO_OK) ...
 *	http_response_init(&r, GH_MAX_BODY);
 *	struct gh_req req = { "GET", url };
 *	if (gh_request(&g.api, &req, &r, &status, &error) != 0) ...
 *	gh_repo_api_close(&g);
 *
 * The token goes only into the Authorization header of requests to the
 * API root's origin, or to an upload URL gh_upload_url_ok() accepts; it
 * never reaches a message. Redirects are followed on the request's own
 * origin only (a renamed repository). Call curl_global_init() before and
 * curl_global_cleanup() after.
 */
#ifndef RELTOOLS_GHAPI_H
#define RELTOOLS_GHAPI_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "core/strbuf.h"
#include "forge/http.h"
#include "forge/remoteurl.h"

#define GH_MAX_BODY (16 << 20)	/* bytes of one answer kept */

struct gh_api {
	const char *root;	/* "https://api.github.com", no final '/' */
	const char *token;	/* NULL: anonymous */
	const char *owner;
	const char *name;
	long long deadline;	/* clock_ms() at which requests end (one
				 * made later gets a second); 0: each has
				 * its own limits (10 s to connect, and
				 * timeout_ms) */
	long long timeout_ms;	/* one request's limit, uploads but for
				 * their stalls; 0: 30 s */
};

/* An API for the repository a remote URL names, owning its strings. */
struct gh_repo_api {
	struct gh_api api;
	struct remote_repo repo;
	struct strbuf root;
	char *error;		/* why, with GH_REPO_BAD_TIMEOUT */
};

enum gh_repo_status {
	GH_REPO_OK,
	GH_REPO_NONE,		/* the URL names no OWNER/NAME repository */
	GH_REPO_ELSEWHERE,	/* on a host that is neither GitHub's nor
				 * that of GITHUB_API_URL (repo.host) */
	GH_REPO_BAD_TIMEOUT	/* RELTOOLS_HTTP_TIMEOUT is no duration
				 * (error says so) */
};

/*
 * Fill g for the repository of the remote URL url: the API root from
 * GITHUB_API_URL (default https://api.github.com), the token from
 * GH_TOKEN or GITHUB_TOKEN, each request's limit from
 * RELTOOLS_HTTP_TIMEOUT (seconds, or a duration as 500ms or 2m). Close g with gh_repo_api_close() whatever
 * this returns.
 */
enum gh_repo_status gh_repo_api_open(struct gh_repo_api *g, const char *url);

void gh_repo_api_close(struct gh_repo_api *g);

/* A request body streamed from a file (uploads). */
struct gh_upload {
	int fd;			/* read from offset 0 again at each try */
	off_t size;
	const char *label;	/* the name progress lines give */
};

struct gh_req {
	const char *method;	/* "GET", "POST", "PATCH", "DELETE" */
	const char *url;
	const char *content_type;	/* of the body; NULL: JSON */
	const char *body;	/* NULL: none, or upload */
	size_t body_len;
	const struct gh_upload *upload;	/* the body from a file: no total
					 * time limit, progress on stderr
					 * past 8 MiB */
};

/*
 * Send req, its answer into r (reset first) and its status into *status.
 * Returns 0 when an answer came (any status), or -1 with *error set to a
 * malloc'd message that says what to do (no connection, a timeout, a
 * redirect to another origin).
 */
int gh_request(const struct gh_api *api, const struct gh_req *req,
    struct http_response *r, long *status, char **error);

/*
 * May the token go to url, an upload URL the API gave? Yes on the API
 * root's host (any port: GitHub Enterprise, or a test server) and, for
 * api.github.com, on uploads.github.com; over https, or http as the
 * root is.
 */
int gh_upload_url_ok(const struct gh_api *api, const char *url);

/* A header of r as a malloc'd string, or NULL when it has none. */
char *gh_header(const struct http_response *r, const char *name);

/*
 * The message for the answers every endpoint shares: 401, rate limits
 * (403 or 429 with Retry-After or x-ratelimit-remaining 0), 5xx.
 * retry_after, remaining and reset are the Retry-After,
 * x-ratelimit-remaining and x-ratelimit-reset header values (NULL when
 * absent); now is the current time. Malloc'd; NULL for any other
 * answer, which only the caller can explain.
 */
char *gh_common_error(const struct gh_api *api, long status,
    const char *retry_after, const char *remaining, const char *reset,
    time_t now);

/* gh_common_error() of an answer in r. */
char *gh_answer_error(const struct gh_api *api, long status,
    const struct http_response *r);

/*
 * Seconds to wait before retrying an error answer: Retry-After, else the
 * time until x-ratelimit-reset when x-ratelimit-remaining is 0; -1 when
 * status is not 403 or 429 or neither applies.
 */
long gh_retry_wait(long status, const char *retry_after,
    const char *remaining, const char *reset, time_t now);

#endif
