/*
 * ancestry.h: the ids and dates of the commits a tip reaches, newest
 * first, from git's commit-graph file where it has them.
 *
 *	The order is commitwalk.h's (and git log's): by committer date,
 *	newest first, then in the order the commits were found. Commits
 *	the commit-graph holds (commitgraph.h) are walked without reading
 *	their objects, as git tag --merged does; the others (made since
 *	git gc wrote the file, or all of them without one) are read and
 *	inflated once each. For what needs only the shape of history: which
 *	tags a tip contains. What needs messages walks with commitwalk.h.
 */
#ifndef RELTOOLS_ANCESTRY_H
#define RELTOOLS_ANCESTRY_H

#include <git2.h>

struct ancestry;

/*
 * Start at tip. Returns the walk, or NULL on a git error
 * (gitrepo_errmsg()), tip not being a commit say.
 */
struct ancestry *ancestry_start(git_repository *repo, const git_oid *tip);

/*
 * The next commit: 1 with its id and committer date, 0 at the end, -1 on
 * a git error such as a missing object.
 */
int ancestry_next(struct ancestry *w, git_oid *id, long long *date);

/*
 * The committer date of commit id, walked or not: 0 with *date set, -1
 * on a git error.
 */
int ancestry_date(struct ancestry *w, const git_oid *id, long long *date);

/* Free w (may be NULL). */
void ancestry_end(struct ancestry *w);

#endif
