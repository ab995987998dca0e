/*
 * tagreach.h: which release tags a commit contains, in one walk.
 *
 * Asking libgit2 tag by tag (git_graph_descendant_of()) walks the history
 * once per tag: seconds with a few hundred tags, most of them on branches
 * never merged. Instead, as git tag --merged does, the history of the tip
 * is walked once, newest first by commit date (ancestry.h: from git's
 * commit-graph file where it has the commits, reading no object), marking
 * the tags' commits as it passes them. The walk stops as soon as the
 * answer is settled: the highest final release reached is known, and
 * every tag above it (or of its version) is reached or dated after where
 * the walk is, so that it cannot be reached any more. Like git log, the
 * walk trusts commit dates, walking COMMITWALK_SLOP commits further
 * before it stops.
 */
#ifndef RELTOOLS_TAGREACH_H
#define RELTOOLS_TAGREACH_H

#include <git2.h>

#include "release/reltags.h"

/*
 * For each of the n tags (highest first, as reltags.h sorts them) set
 * reached[i] to 1 when tip contains tags[i].commit, else 0 (a tag below
 * the base may be marked 0 without being looked for). Returns 0, or -1
 * on a git error (gitrepo_errmsg()).
 */
int tagreach_mark(git_repository *repo, const git_oid *tip,
    const struct reltag *tags, size_t n, unsigned char *reached);

#endif
