/* test-github.c: GitHub answers to CI states, Link headers, error advice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forge/github.h"
#include "tap.h"

static char *
slurp(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *buf = malloc(1 << 16);

	snprintf(path, sizeof(path), "tests/fixtures/github/%s", name);
	f = fopen(path, "rb");
	*len = f ? fread(buf, 1, (1 << 16) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[*len] = '\0';
	return buf;
}

static enum gh_ci_state
state_of(const char *runs, const char *status, struct gh_ci *ci)
{
	size_t len;
	char *body;

	gh_ci_free(ci);
	body = slurp(runs, &len);
	ok(gh_ci_add_check_runs(ci, body, len) == 0, "%s parses", runs);
	free(body);
	body = slurp(status, &len);
	ok(gh_ci_add_combined_status(ci, body, len) == 0, "%s parses", status);
	free(body);
	gh_ci_settle(ci);
	return ci->state;
}

/* The state of a combined status: state over total statuses, of which
 * one is listed, in state listed. */
static enum gh_ci_state
combined_state(struct gh_ci *ci, const char *state, int total,
    const char *listed)
{
	char body[256];

	gh_ci_free(ci);
	snprintf(body, sizeof(body), "{\"state\":\"%s\",\"total_count\":%d,"
	    "\"statuses\":[{\"context\":\"a\",\"state\":\"%s\"}]}", state,
	    total, listed);
	ok(gh_ci_add_combined_status(ci, body, strlen(body)) == 0,
	    "combined %s of %d parses", state, total);
	gh_ci_settle(ci);
	return ci->state;
}

static void
links(void)
{
	static const struct {
		const char *link, *next;
	} cases[] = {
		{ "<https://api.github.com/x?page=2>; rel=\"next\", "
		  "<https://api.github.com/x?page=5>; rel=\"last\"",
		  "https://api.github.com/x?page=2" },
		{ "<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; "
		  "rel=\"next\"", "https://a/x?page=3" },
		{ "<https://a/x?page=3>; rel=\"last\"", NULL },
		{ "<https://a/x?page=3>;rel=next", "https://a/x?page=3" },
		{ "<https://a/x?p=3>; title=\"a, b\"; rel=\"prefetch next\"",
		  "https://a/x?p=3" },
		{ "<https://a/x?p=3>; rel=\"nextish\"", NULL },
		{ "", NULL },
		{ "<>; rel=\"next\"", NULL },
		{ "<https://a/x; rel=\"next\"", NULL },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		got = gh_link_next(cases[i].link);
		if (cases[i].next)
			is_str(got ? got : "(null)", cases[i].next,
			    "next of '%s'", cases[i].link);
		else
			ok(got == NULL, "no next in '%s'", cases[i].link);
		free(got);
	}
}

static void
errors(void)
{
	struct gh_api anon = { "https://api.github.com", NULL, "acme", "w", 0,
	    0 };
	struct gh_api auth = { "https://api.github.com", "t0ken", "acme", "w", 0,
	    0 };
	char *m;

	m = gh_http_error(&auth, "abc", 401, NULL, NULL, NULL, 0);
	ok(strstr(m, "rejected the token") && strstr(m, "GH_TOKEN") &&
	    !strstr(m, "t0ken"), "401 with a token: %s", m);
	free(m);
	m = gh_http_error(&anon, "abc", 401, NULL, NULL, NULL, 0);
	ok(strstr(m, "wants a token") != NULL, "401 without: %s", m);
	free(m);
	m = gh_http_error(&anon, "abc", 403, NULL, "0", "1767225960",
	    1767225600);
	ok(strstr(m, "rate limit exceeded") &&
	    strstr(m, "2026-01-01T00:06:00Z, in 360 s") &&
	    strstr(m, "set GH_TOKEN"), "403 rate limit: %s", m);
	free(m);
	m = gh_http_error(&auth, "abc", 429, "42", NULL, NULL, 0);
	ok(strstr(m, "secondary rate limit") && strstr(m, "wait 42 s"),
	    "429 Retry-After: %s", m);
	free(m);
	m = gh_http_error(&auth, "abc", 403, NULL, "17", NULL, 0);
	ok(strstr(m, "refused access to 'acme/w'") != NULL, "403: %s", m);
	free(m);
	m = gh_http_error(&auth, "abcdef0123456789", 404, NULL, NULL, NULL, 0);
	ok(strstr(m, "'acme/w'") && strstr(m, "'abcdef012345'") &&
	    strstr(m, "pushed"), "404: %s", m);
	free(m);
	is_int(gh_retry_wait(403, "30", NULL, NULL, 0), 30, "wait: Retry-After");
	is_int(gh_retry_wait(429, NULL, "0", "1000", 400), 600,
	    "wait: until the reset");
	is_int(gh_retry_wait(403, NULL, "0", "1000", 2000), 0,
	    "wait: a reset in the past");
	is_int(gh_retry_wait(403, NULL, "12", "1000", 400), -1,
	    "wait: not rate limited");
	is_int(gh_retry_wait(500, "30", NULL, NULL, 0), -1,
	    "wait: only for 403 and 429");
	is_int(gh_retry_wait(403, "Wed, 21 Oct 2026 07:28:00 GMT", NULL, NULL,
	    1792567680 - 30), 30, "wait: until an HTTP date");
	is_int(gh_retry_wait(429, "Wed, 21 Oct 2026 07:28:00 GMT", NULL, NULL,
	    1792567680 + 5), 0, "wait: an HTTP date in the past");
	is_int(gh_retry_wait(403, "99999999999999999999999", NULL, NULL, 0),
	    24 * 3600, "wait: a huge Retry-After is capped at a day");
	is_int(gh_retry_wait(403, "soon", NULL, NULL, 0), -1,
	    "wait: a Retry-After that is neither");
	is_int(gh_retry_wait(403, NULL, "0", "99999999999999", 0), 24 * 3600,
	    "wait: a far reset is capped at a day");
	m = gh_http_error(&auth, "abc", 429, "Wed, 21 Oct 2026 07:28:00 GMT",
	    NULL, NULL, 1792567680 - 30);
	ok(strstr(m, "wait 30 s (Retry-After)") != NULL, "429 date: %s", m);
	free(m);
	m = gh_http_error(&auth, "abc", 403, "soon", NULL, NULL, 0);
	ok(strstr(m, "wait a minute and try again") != NULL,
	    "403 odd Retry-After: %s", m);
	free(m);
	m = gh_http_error(&auth, "abcdef0123456789", 422, NULL, NULL, NULL, 0);
	ok(strstr(m, "no commit 'abcdef012345' in 'acme/w'") &&
	    strstr(m, "push it"), "422: %s", m);
	free(m);
	m = gh_http_error(&auth, "abc", 502, NULL, NULL, NULL, 0);
	ok(strstr(m, "HTTP 502") && strstr(m, "later"), "502: %s", m);
	free(m);
}

int
main(void)
{
	struct gh_ci ci = GH_CI_INIT;
	size_t len;
	char *body;

	is_int(state_of("check-runs-green.json", "status-success.json", &ci),
	    GH_CI_GREEN, "green runs and statuses are green");
	is_int(ci.runs, 2, "two runs counted");
	is_int(state_of("check-runs-green.json", "status-none.json", &ci),
	    GH_CI_GREEN, "no statuses at all (state pending, 0) is green");
	is_int(state_of("check-runs-empty.json", "status-none.json", &ci),
	    GH_CI_GREEN, "nothing at all is green");
	is_int(state_of("check-runs-pending.json", "status-success.json",
	    &ci), GH_CI_PENDING, "a run in progress is pending");
	is_str(ci.pending[0].name, "build", "the pending run named");
	is_str(ci.pending[0].state, "in_progress", "with its status");
	is_int(state_of("check-runs-green.json", "status-pending.json", &ci),
	    GH_CI_PENDING, "a pending status is pending");
	is_int(state_of("check-runs-red.json", "status-success.json", &ci),
	    GH_CI_RED, "failure and timed_out are red");
	is_int(ci.nfailing, 2, "skipped is not a failure");
	is_str(ci.failing[1].url,
	    "https://github.com/acme/widget/actions/runs/302",
	    "failing run's html_url");
	is_int(state_of("check-runs-pending.json", "status-failure.json",
	    &ci), GH_CI_RED, "red wins over pending");
	is_str(ci.failing[0].name, "ci/security", "failing status context");
	is_str(ci.failing[0].url, "https://ci.example.com/ci/security/4",
	    "failing status target_url");

	/* Only one page of statuses listed: the combined state decides. */
	is_int(combined_state(&ci, "failure", 40, "success"), GH_CI_RED,
	    "failure beyond the listed page is red");
	is_int(ci.statuses, 40, "every status counted");
	is_str(ci.failing[0].state, "failure", "the combined state named");
	is_int(combined_state(&ci, "pending", 40, "success"), GH_CI_PENDING,
	    "pending beyond the listed page");
	is_int(combined_state(&ci, "failure", 2, "pending"), GH_CI_RED,
	    "failure beyond a listed pending is red");

	gh_ci_free(&ci);
	ok(gh_ci_add_check_runs(&ci, "{\"check_runs\":{}}", 17) == -1,
	    "check_runs not an array");
	ok(gh_ci_add_check_runs(&ci, "[1]", 3) == -1, "not an object");
	ok(gh_ci_add_check_runs(&ci, "{\"check_runs\":[1]}", 18) == -1,
	    "a run that is not an object");
	ok(gh_ci_add_combined_status(&ci, "{\"statuses\":[]}", 15) == -1,
	    "status without state");
	ok(gh_ci_add_combined_status(&ci, "<html>", 6) == -1, "HTML");
	body = slurp("check-runs-green.json", &len);
	ok(gh_ci_add_combined_status(&ci, body, len) == -1,
	    "check runs are no combined status");
	free(body);
	gh_ci_free(&ci);
	links();
	errors();
	return tap_done();
}
