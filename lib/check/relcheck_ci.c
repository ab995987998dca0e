/* relcheck_ci.c: rel-check's CI check: is HEAD green on GitHub? */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/diag.h"
#include "forge/github.h"
#include "git/gitremote.h"
#include "check/relcheck_ci.h"
#include "forge/remoteurl.h"
#include "core/strbuf.h"

#define POLL_FIRST_MS 1000	/* polls back off from 1 s ... */
#define POLL_MAX_MS 15000	/* ... to at most 15 s */
#define NAMED_CHECKS 10

/* "name (state) URL, ..." */
static void
name_checks(struct strbuf *sb, const struct gh_check *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < NAMED_CHECKS; i++) {
		strbuf_addf(sb, "%s'%s' (%s)", i ? ", " : "", list[i].name,
		    list[i].state);
		if (list[i].url)
			strbuf_addf(sb, " %s", list[i].url);
	}
	if (n > NAMED_CHECKS)
		strbuf_addf(sb, " and %zu more", n - NAMED_CHECKS);
}

/* The API for the GitHub repository of the remote's configured URL, on
 * GitHub or the host of GITHUB_API_URL; 0 or -1 (reported). */
static int
forge_repo(struct relcheck *rc, struct gh_repo_api *g)
{
	char *url = gitremote_config_url(rc->repo, rc->o->remote), *shown;
	enum gh_repo_status st = gh_repo_api_open(g, url);

	if (url == NULL) {
		relcheck_add(rc, "ci", "fail", "no remote '%s' to tell the "
		    "GitHub repository from", rc->o->remote);
		return -1;
	}
	if (st == GH_REPO_BAD_TIMEOUT) {
		relcheck_add(rc, "ci", "fail", "%s", g->error);
	} else if (st == GH_REPO_NONE) {
		shown = remote_url_redact(url);
		relcheck_add(rc, "ci", "fail", "the URL of remote '%s' ('%s') "
		    "names no GitHub repository: give --no-ci or a remote "
		    "URL like git@github.com:OWNER/NAME.git", rc->o->remote,
		    shown);
		free(shown);
	} else if (st == GH_REPO_ELSEWHERE) {
		relcheck_add(rc, "ci", "fail", "remote '%s' is on '%s', not on "
		    "GitHub, the only forge whose CI rel-check reads: give "
		    "--no-ci, or GITHUB_API_URL for a GitHub Enterprise server",
		    rc->o->remote, g->repo.host);
	}
	free(url);
	return st == GH_REPO_OK ? 0 : -1;
}

void
relcheck_ci(struct relcheck *rc)
{
	struct gh_repo_api g;
	struct gh_ci ci = GH_CI_INIT;
	struct strbuf names = STRBUF_INIT;
	char sha[GIT_OID_HEXSZ + 1], *error = NULL;
	long long deadline = clock_ms() + rc->o->ci_wait_ms, interval, left;
	long wait;
	int silent = 0;

	if (rc->o->no_ci) {
		relcheck_add(rc, "ci", "skip", "--no-ci");
		return;
	}
	if (!rc->have_head) {
		relcheck_add(rc, "ci", "fail", "no commit on HEAD");
		return;
	}
	if (forge_repo(rc, &g) != 0)
		goto cleanup;
	/* With --ci-wait, no request runs past the end of the wait. */
	g.api.deadline = rc->o->ci_wait_ms ? deadline : 0;
	git_oid_tostr(sha, sizeof(sha), &rc->head);
	for (interval = POLL_FIRST_MS;;) {
		gh_ci_free(&ci);
		if (gh_ci_fetch(&g.api, sha, &ci, &error, &wait) != 0) {
			/* Rate limited: wait as GitHub asks, if time allows. */
			left = deadline - clock_ms();
			if (wait < 0 || wait * 1000 >= left) {
				relcheck_add(rc, "ci", "fail", "%s", error);
				goto cleanup;
			}
			progress("%s: waiting", error);
			free(error);
			error = NULL;
			clock_sleep_ms(wait * 1000 + 100);
			continue;
		}
		/* Nothing reported may be CI that has not started yet. */
		silent = ci.state == GH_CI_GREEN && ci.runs + ci.statuses == 0;
		left = deadline - clock_ms();
		if ((ci.state != GH_CI_PENDING && !silent) || left <= 0)
			break;
		if (silent)
			progress("no CI reported yet for %.8s on '%s/%s': "
			    "waiting", sha, g.repo.owner, g.repo.name);
		else
			progress("CI pending for %.8s on '%s/%s' (%zu checks): "
			    "waiting", sha, g.repo.owner, g.repo.name, ci.npending);
		clock_sleep_ms(interval < left ? interval : left);
		interval = interval * 2 > POLL_MAX_MS ? POLL_MAX_MS :
		    interval * 2;
	}
	if (silent) {
		relcheck_add(rc, "ci", "warn", "no check run and no status for "
		    "%.8s on '%s/%s': no CI has reported on it%s", sha,
		    g.repo.owner, g.repo.name, rc->o->ci_wait_ms ? " within the "
		    "wait" : " yet (--ci-wait SECONDS waits for it)");
	} else if (ci.state == GH_CI_GREEN) {
		relcheck_add(rc, "ci", "pass", "green for %.8s on '%s/%s' "
		    "(%zu check runs, %zu statuses)", sha, g.repo.owner,
		    g.repo.name, ci.runs, ci.statuses);
	} else if (ci.state == GH_CI_RED) {
		name_checks(&names, ci.failing, ci.nfailing);
		relcheck_add(rc, "ci", "fail", "red for %.8s on '%s/%s': %s",
		    sha, g.repo.owner, g.repo.name, names.buf);
	} else {
		name_checks(&names, ci.pending, ci.npending);
		relcheck_add(rc, "ci", "fail", "pending for %.8s on '%s/%s'%s: "
		    "%s", sha, g.repo.owner, g.repo.name, rc->o->ci_wait_ms ?
		    " when the wait was over" : " (give --ci-wait SECONDS to "
		    "wait)", names.buf);
	}
cleanup:
	free(error);
	gh_ci_free(&ci);
	strbuf_release(&names);
	gh_repo_api_close(&g);
}
