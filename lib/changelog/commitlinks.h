/*
 * commitlinks.h: the commits of new items as links to their pages,
 * "([555e658](https://github.com/o/r/commit/555e658...))", as
 * git-cliff's templates write them (rel-changelog release
 * --commit-links, or by itself in a file whose items link their
 * commits already).
 */
#ifndef RELTOOLS_COMMITLINKS_H
#define RELTOOLS_COMMITLINKS_H

#include "changelog/changelog.h"
#include "changelog/changelog_merge.h"

/*
 * The web base under which the file's items link a commit
 * ("[1a2b3c4](BASE/commit/ID)", GitLab's "BASE/-/commit/ID"), the first
 * one found; NULL when no item links a commit. Free it.
 */
char *changelog_commit_link_base(const struct changelog *cl);

/* Nonzero when an item of plan names its commit by its short id. */
int changelog_plan_has_ids(const struct cl_plan *plan);

/*
 * Make the "(short-id)" of each item of plan "([short-id](URL))", URL
 * its commit's page under base (forgeurl_commit()); "(#N)" items, and
 * those whose id is not hex digits, are left as they are.
 */
void changelog_plan_link(struct cl_plan *plan, const char *base);

#endif
