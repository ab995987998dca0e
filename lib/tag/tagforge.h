/*
 * tagforge.h: the GitHub side of a release tag, for rel-tag: the API of
 * the remote's repository, and the release notes a tag carries.
 */
#ifndef RELTOOLS_TAGFORGE_H
#define RELTOOLS_TAGFORGE_H

#include <git2.h>

#include "forge/ghapi.h"

/*
 * Open g (close it with gh_repo_api_close() whatever this returns) for
 * the GitHub repository that remote's URL names: EXIT_OK, or EXIT_USAGE
 * said on stderr (no such remote, no GitHub repository, a host other
 * than GitHub's or GITHUB_API_URL's), with why as the reason for the
 * step that needs it ("publish the release").
 */
int tagforge_open(struct gh_repo_api *g, git_repository *repo,
    const char *remote, const char *why);

/* The release notes of the annotated tag object id (see
 * tagmsg_notes()); NULL when it cannot be read. */
char *tagforge_notes(git_repository *repo, const git_oid *id);

#endif
