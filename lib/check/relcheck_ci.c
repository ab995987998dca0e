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

/* Owner and name from the remote's configured URL, on GitHub or the host
 * of GITHUB_API_URL; 0 or -1 (reported). */
static int
forge_repo(struct relcheck *rc, struct remote_repo *repo)
{
	char *url = gitremote_config_url(rc->repo, rc->o->remote), *shown;

	if (url == NULL) {
		relcheck_add(rc, "ci", "fail", "no remote '%s' to tell the "
		    "GitHub repository from", rc->o->remote);
		return -1;
	}
	if (remote_repo_parse(repo, url) != 0) {
		shown = remote_url_redact(url);
		relcheck_add(rc, "ci", "fail", "the URL of remote '%s' ('%s') "
		    "names no GitHub repository: give --no-ci or a remote "
		    "URL like git@github.com:OWNER/NAME.git", rc->o->remote,
		    shown);
		free(shown);
		free(url);
		return -1;
	}
	free(url);
	/* Another forge's owner/name would name some other GitHub project,
	 * whose CI could be green. An API root on the remote's own host
	 * (GitHub Enterprise) vouches for it. */
	if (!remote_host_trusted(repo->host)) {
		relcheck_add(rc, "ci", "fail", "remote '%s' is on '%s', not on "
		    "GitHub, the only forge whose CI rel-check reads: give "
		    "--no-ci, or GITHUB_API_URL for a GitHub Enterprise server",
		    rc->o->remote, repo->host);
		remote_repo_free(repo);
		return -1;
	}
	return 0;
}

void
relcheck_ci(struct relcheck *rc)
{
	struct remote_repo repo = REMOTE_REPO_INIT;
	struct gh_api api;
	struct gh_ci ci = GH_CI_INIT;
	struct strbuf root = STRBUF_INIT, names = STRBUF_INIT;
	char sha[GIT_OID_HEXSZ + 1], *error = NULL;
	long long deadline = clock_ms() + rc->o->ci_wait_ms, interval, left;
	long wait;
	int silent = 0;
	const char *env = getenv("GITHUB_API_URL");

	if (rc->o->no_ci) {
		relcheck_add(rc, "ci", "skip", "--no-ci");
		return;
	}
	if (!rc->have_head) {
		relcheck_add(rc, "ci", "fail", "no commit on HEAD");
		return;
	}
	if (forge_repo(rc, &repo) != 0)
		return;
	strbuf_adds(&root, env && *env ? env : "https://api.github.com");
	while (root.len && root.buf[root.len - 1] == '/')
		root.buf[--root.len] = '\0';
	api.root = root.buf;
	api.token = remote_github_token_env();
	api.owner = repo.owner;
	api.name = repo.name;
	/* With --ci-wait, no request runs past the end of the wait. */
	api.deadline = rc->o->ci_wait_ms ? deadline : 0;
	git_oid_tostr(sha, sizeof(sha), &rc->head);
	for (interval = POLL_FIRST_MS;;) {
		gh_ci_free(&ci);
		if (gh_ci_fetch(&api, sha, &ci, &error, &wait) != 0) {
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
			    "waiting", sha, repo.owner, repo.name);
		else
			progress("CI pending for %.8s on '%s/%s' (%zu checks): "
			    "waiting", sha, repo.owner, repo.name, ci.npending);
		clock_sleep_ms(interval < left ? interval : left);
		interval = interval * 2 > POLL_MAX_MS ? POLL_MAX_MS :
		    interval * 2;
	}
	if (silent) {
		relcheck_add(rc, "ci", "warn", "no check run and no status for "
		    "%.8s on '%s/%s': no CI has reported on it%s", sha,
		    repo.owner, repo.name, rc->o->ci_wait_ms ? " within the "
		    "wait" : " yet (--ci-wait SECONDS waits for it)");
	} else if (ci.state == GH_CI_GREEN) {
		relcheck_add(rc, "ci", "pass", "green for %.8s on '%s/%s' "
		    "(%zu check runs, %zu statuses)", sha, repo.owner,
		    repo.name, ci.runs, ci.statuses);
	} else if (ci.state == GH_CI_RED) {
		name_checks(&names, ci.failing, ci.nfailing);
		relcheck_add(rc, "ci", "fail", "red for %.8s on '%s/%s': %s",
		    sha, repo.owner, repo.name, names.buf);
	} else {
		name_checks(&names, ci.pending, ci.npending);
		relcheck_add(rc, "ci", "fail", "pending for %.8s on '%s/%s'%s: "
		    "%s", sha, repo.owner, repo.name, rc->o->ci_wait_ms ?
		    " when the wait was over" : " (give --ci-wait SECONDS to "
		    "wait)", names.buf);
	}
cleanup:
	free(error);
	gh_ci_free(&ci);
	strbuf_release(&root);
	strbuf_release(&names);
	remote_repo_free(&repo);
}
