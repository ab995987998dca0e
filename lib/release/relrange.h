/*
 * relrange.h: the range of commits a release covers, and the version it
 * leads to: rel-gitlog's questions, for any tool that asks them.
 *
 * The range is base..to. to defaults to HEAD; the base is the commit of
 * the last release (reltags.h), or a revision given by the user (--from).
 * Every failure is reported on stderr ("PROG: unknown revision 'x'") and
 * returned as an exit status:
 *
 *	EXIT_USAGE	unknown revision, or a revision that is not a commit
 *	EXIT_ENV	shallow clone, HEAD with no commits yet, git errors
 */
#ifndef RELTOOLS_RELRANGE_H
#define RELTOOLS_RELRANGE_H

#include <git2.h>
#include <jansson.h>

#include "release/reltags.h"

struct relrange_opts {
	const char *from;	/* a revision, or NULL: the last release */
	const char *to;		/* a revision, or NULL: HEAD */
	const char *prefix;	/* the release tag prefix, "v" */
};

struct relrange {
	const char *to_name;	/* the revision as given, "HEAD" */
	git_oid to;
	int has_base;		/* 0: the whole history of to */
	git_oid base;
	const struct reltag *release;	/* the release at base, or NULL */
	struct reltags tags;
};

/* Resolve the range; 0 (EXIT_OK) or an exit status after a message. */
int relrange_resolve(struct relrange *r, git_repository *repo,
    const struct relrange_opts *o);

void relrange_free(struct relrange *r);

/*
 * The next version for commits calling for level (semver.h, from
 * logsummary_level()), as a pre-release "CORE-PRE.N" when pre is not
 * NULL (N one past the highest release tag CORE-PRE.N, from 1). Sets
 * *bump to the increment applied to the current release. NULL when level
 * is SEMVER_BUMP_NONE (no commit counts).
 */
char *relrange_next(const struct relrange *r, enum semver_bump level,
    const char *pre, enum semver_bump *bump);

/*
 * The same, given the tags, the current release (NULL: none) and the
 * core a pre-release announces (NULL or major NULL: none).
 */
char *relrange_next_after(const struct reltags *rt,
    const struct semver *current, const struct semver *announced,
    enum semver_bump level, const char *pre, enum semver_bump *bump);

/*
 * The steps of relrange_resolve() for any walk: the repository is not a
 * shallow clone, and HEAD has commits when to_name is "HEAD"; rev names
 * a commit (into out). EXIT_OK or an exit status after a message.
 */
int relrange_check_repo(git_repository *repo, const char *to_name);
int relrange_resolve_rev(git_oid *out, git_repository *repo, const char *rev);

/* {tag, version, commit}: tag and version null without a release; null
   when the range has no base. */
json_t *relrange_from_json(const struct relrange *r);

/* {ref, commit} */
json_t *relrange_to_json(const struct relrange *r);

/* [{tag, reason}] */
json_t *relrange_ignored_json(const struct relrange *r);

/* "other_prefix": {"prefix", "tags"} when no tag is under the prefix
   but some are under the one that differs by a final 'v' (reltags.h);
   else null. */
json_t *relrange_other_prefix_json(const struct relrange *r);

/* The same of any reltags' ignored list. */
json_t *relrange_tags_ignored_json(const struct reltags *rt);

#endif
