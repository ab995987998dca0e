/*
 * reltags.h: finding the release a range of commits starts from.
 *
 * A release tag is PREFIX followed by a SemVer 2.0.0 version ("v1.2.0"
 * with the default prefix "v"; the prefix is case-sensitive and may be
 * empty). Lightweight and annotated tags count alike; annotated tags are
 * peeled, so every commit below is a commit, never a tag object.
 *
 * The base of TO is the highest final release (no pre-release part) whose
 * commit is TO or one of its ancestors. Pre-releases are never the base: a
 * final release spans its pre-releases, so 1.2.0 after 1.2.0-rc.3 starts
 * at 1.1.0. An ancestor pre-release above the base still announces its
 * core (1.0.0-rc.2 over 0.9.0 announces 1.0.0).
 *
 * The tags that were not chosen are explained in `ignored`, so a user can
 * see why, with one of these reasons:
 *
 *	"not under prefix 'v'"		the name lacks the prefix
 *	"not semver"			prefix, then no SemVer version
 *	"not a commit"			the tag names a tree or blob
 *	"not an ancestor of HEAD"	higher than the base, not reachable
 *	"pre-release of 1.2.0"		a reachable pre-release above the base
 *	"not higher than v1.2.0 on the same commit"
 *	"same version as v1.2.0+b, on a later commit"	(the later is the base)
 *	"same version as v1.2.0, not on a later commit"
 *
 * Release tags below the base that are ancestors (or whose ancestry was
 * not needed) are not listed: a long history would list every old release.
 *
 * When no tag is under the prefix but some are under the same prefix
 * with its final 'v' dropped or added ("0.1.0" for the prefix "v",
 * "v0.1.0" for "", "pkg-1.0.0" for "pkg-v"), the prefix is taken for a
 * mistake, not for a project without releases: every tool says so, and
 * rel-check fails (reltags_other_prefix()). Prefixes that differ
 * otherwise ("pkg-a-v", "pkg-b-v" in a monorepo) are other packages'.
 */
#ifndef RELTOOLS_RELTAGS_H
#define RELTOOLS_RELTAGS_H

#include <git2.h>

#include "core/strbuf.h"
#include "release/semver.h"

struct reltag {
	char *name;		/* the tag name without "refs/tags/" */
	struct semver version;
	git_oid commit;		/* peeled */
};

struct reltag_ignored {
	char *name;
	char *reason;
};

struct reltags {
	struct reltag *tags;	/* every release tag, highest first */
	size_t ntags;
	const struct reltag *base;	/* in tags, or NULL: no release */
	struct semver announced;	/* core of the highest ancestor
					   pre-release above base; major NULL
					   when none */
	struct reltag_ignored *ignored;	/* sorted by name */
	size_t nignored;
	char *other_prefix;	/* no tag under prefix, nother under this
				   one (reltags_other_prefix()); or NULL */
	size_t nother;
};

/*
 * Read the tags of repo under prefix and find the base of the commit to,
 * named to_name in the reasons ("HEAD"). Returns 0, or -1 on a git error
 * (gitrepo_errmsg() says which). Free with reltags_free() either way.
 */
int reltags_find(struct reltags *rt, git_repository *repo, const char *prefix,
    const git_oid *to, const char *to_name);

/*
 * Read the tags of repo under prefix without choosing a base: tags
 * sorted, the tags that are not release tags ("not under prefix", "not
 * semver", "not a commit") in ignored. Returns 0, or -1 on a git error.
 */
int reltags_collect(struct reltags *rt, git_repository *repo,
    const char *prefix);

/* Add a tag to ignored, which stays sorted by name. */
void reltags_ignore(struct reltags *rt, const char *name, const char *reason);

void reltags_free(struct reltags *rt);

/*
 * When no release tag of repo is under prefix, and count > 0 are under
 * the prefix that differs from it by a final 'v', that prefix (malloc'd)
 * into *other; else NULL. Reads tag names only, without finding a base
 * (rel-tag). 0, or -1 on a git error (gitrepo_errmsg() says which).
 */
int reltags_other_prefix(git_repository *repo, const char *prefix,
    char **other, size_t *count);

/*
 * Say it for people, the same in every tool: "no release tag is under
 * the prefix 'v', but 2 are under '': give --tag-prefix ''".
 */
void reltags_other_prefix_hint(struct strbuf *sb, const char *prefix,
    const char *other, size_t count);

/* The highest final release tag on commit, or NULL. */
const struct reltag *reltags_on_commit(const struct reltags *rt,
    const git_oid *commit);

/*
 * The highest N among release tags "CORE-ID.N" with core's
 * MAJOR.MINOR.PATCH, reachable or not (a tag name is taken either way),
 * as a malloc'd digit string; NULL when there is none.
 */
char *reltags_last_pre(const struct reltags *rt,
    const struct semver *core, const char *id);

#endif
