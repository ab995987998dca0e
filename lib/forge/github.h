/*
 * github.h: is CI green for a commit? GitHub's REST API over libcurl.
 *
 * Two documented endpoints are read:
 *
 *	GET {root}/repos/{owner}/{name}/commits/{sha}/check-runs?per_page=100
 *	    {"total_count": N, "check_runs": [{name, status, conclusion,
 *	    html_url, details_url, ...}]}, more pages named by the Link
 *	    header's rel="next"
 *	GET {root}/repos/{owner}/{name}/commits/{sha}/status
 *	    {"state": ..., "total_count": N, "statuses": [{context, state,
 *	    target_url, ...}]}
 *
 * Green: every check run completed with success, neutral or skipped, and
 * every commit status success (no statuses at all is fine: GitHub then
 * reports the combined state "pending" with total_count 0). Red: any
 * check run completed otherwise, or a status failure or error. Anything
 * else is pending.
 *
 * Requests go through gh_request() (ghapi.h); a next-page link to
 * another origin is refused.
 */
#ifndef RELTOOLS_GITHUB_H
#define RELTOOLS_GITHUB_H

#include <stddef.h>
#include <time.h>

#include "forge/ghapi.h"

/* One check run or commit status that is not green. */
struct gh_check {
	char *name;	/* check run name, or status context */
	char *state;	/* "failure", "timed_out", "in_progress", "pending" */
	char *url;	/* html_url or target_url; NULL when none */
};

enum gh_ci_state { GH_CI_GREEN, GH_CI_PENDING, GH_CI_RED };

struct gh_ci {
	enum gh_ci_state state;	/* set by gh_ci_settle() */
	size_t runs;		/* check runs seen */
	size_t statuses;	/* commit statuses seen */
	struct gh_check *failing;
	size_t nfailing, alloc_failing;
	struct gh_check *pending;
	size_t npending, alloc_pending;
};

#define GH_CI_INIT { GH_CI_GREEN, 0, 0, NULL, 0, 0, NULL, 0, 0 }

/*
 * Read every page of check runs and the combined status of sha, and
 * settle ci. Returns 0, or -1 with *error set to a malloc'd message for
 * people that says what to do (401, 403, rate limits, 404, 5xx, network,
 * malformed answers) and *wait to the seconds after which GitHub said a
 * retry may succeed (rate limits), or -1.
 */
int gh_ci_fetch(const struct gh_api *api, const char *sha, struct gh_ci *ci,
    char **error, long *wait);

void gh_ci_free(struct gh_ci *ci);

/*
 * The parsers behind gh_ci_fetch(), for tests and fuzzing. Each adds what
 * one answer body (len bytes, any content) says to ci; -1 when the body
 * is not the documented shape (ci then holds what was added before).
 */
int gh_ci_add_check_runs(struct gh_ci *ci, const char *body, size_t len);
int gh_ci_add_combined_status(struct gh_ci *ci, const char *body,
    size_t len);

/* Set ci->state from what was added. */
void gh_ci_settle(struct gh_ci *ci);

/*
 * The target of rel="next" in a Link header value
 * ('<https://...&page=2>; rel="next", <...>; rel="last"'), malloc'd, or
 * NULL when there is none.
 */
char *gh_link_next(const char *link);

/*
 * The message for an HTTP error answer about sha: gh_common_error()'s
 * (ghapi.h), or one for 403, 404 and 422 on checks. Malloc'd.
 */
char *gh_http_error(const struct gh_api *api, const char *sha, long status,
    const char *retry_after, const char *remaining, const char *reset,
    time_t now);

#endif
