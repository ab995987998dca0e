/* tagforge.c: the GitHub repository and release notes of a tag. */
#include <stdlib.h>

#include "core/diag.h"
#include "git/gitremote.h"
#include "tag/tagforge.h"
#include "tag/tagmsg.h"

int
tagforge_open(struct gh_repo_api *g, git_repository *repo,
    const char *remote, const char *why)
{
	char *url = gitremote_config_url(repo, remote), *shown;
	enum gh_repo_status st = gh_repo_api_open(g, url);

	if (url == NULL) {
		errmsg("no remote '%s' to tell the GitHub repository from, to "
		    "%s", remote, why);
		return EXIT_USAGE;
	}
	if (st == GH_REPO_BAD_TIMEOUT) {
		errmsg("%s", g->error);
	} else if (st == GH_REPO_NONE) {
		shown = remote_url_redact(url);
		errmsg("the URL of remote '%s' ('%s') names no GitHub "
		    "repository, needed to %s: use a remote URL like "
		    "git@github.com:OWNER/NAME.git", remote, shown, why);
		free(shown);
	} else if (st == GH_REPO_ELSEWHERE) {
		errmsg("remote '%s' is on '%s', not on GitHub, needed to %s: "
		    "set GITHUB_API_URL for a GitHub Enterprise server",
		    remote, g->repo.host, why);
	}
	free(url);
	return st == GH_REPO_OK ? EXIT_OK : EXIT_USAGE;
}

char *
tagforge_notes(git_repository *repo, const git_oid *id)
{
	git_tag *tag = NULL;
	char *notes = NULL;

	if (git_tag_lookup(&tag, repo, id) == 0)
		notes = tagmsg_notes(git_tag_message(tag));
	git_tag_free(tag);
	return notes;
}
