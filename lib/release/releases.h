/*
 * releases.h: every release of a history, in one walk (rel-gitlog
 * --releases).
 *
 *	struct releases rs;
 *	if ((rc = releases_open(&rs, repo, &opts)) == EXIT_OK)
 *		walked = releases_walk(&rs, write_entry, arg);
 *	releases_close(&rs);
 *
 * The releases are the release tags (reltags.h) that TO contains, one
 * a commit (the highest final one there), pre-releases only when asked
 * for: otherwise a final release spans its pre-releases. The history of
 * TO is walked once, newest first by commit date (commitwalk.h), each
 * commit read and parsed once and given to the oldest release (lowest
 * version) that contains it, or to the unreleased entry when none does;
 * so release 1.2.0 lists what 1.1.0 does not contain, as rel-gitlog
 * --from v1.1.0 --to v1.2.0 does when 1.1.0 is its base.
 *
 * The entries are handed out newest first (the unreleased one first,
 * then by version), each as soon as it is complete: no commit still to
 * come can be its, and the release before it is known. Only the commits
 * of the entries not yet complete are held, so memory grows with the
 * widest range (and, as for any walk, a few bytes per commit walked).
 * A commit's children are walked before it, trusting commit dates as
 * git log does; a tag whose commit is dated after where the walk is,
 * five commits further, is taken as not contained.
 */
#ifndef RELTOOLS_RELEASES_H
#define RELTOOLS_RELEASES_H

#include <git2.h>

#include "core/strbuf.h"
#include "release/logsummary.h"
#include "release/reltags.h"

struct releases_opts {
	const char *to;		/* a revision, or NULL: HEAD */
	const char *since;	/* a release tag: only the releases above it */
	const char *prefix;	/* the release tag prefix, "v" */
	const char *pre;	/* the unreleased entry's next as CORE-pre.N */
	int pre_releases;	/* pre-releases are releases of their own */
	int merges;		/* merge commits too */
	const char *const *paths;	/* only commits touching these */
	size_t npaths;			/* (treepaths.h); 0: all */
	int abbrev;		/* hex digits of "short" */
};

/* One entry, complete. */
struct releases_entry {
	const struct reltag *tag;	/* NULL: the unreleased commits */
	long long date;		/* the tag's when annotated, else its
				   commit's (committer date); with no tag 0 */
	const struct reltag *from;	/* the release before, or NULL */
	const struct strbuf *commits;	/* each commit as rel-gitlog writes
					   it, closed, newest first */
	size_t ncommits;
	const struct logsummary *summary;
	const char *current;	/* from's version, or NULL */
	const char *next;	/* the version the commits lead to, or NULL */
	enum semver_bump bump;	/* from current to next */
};

struct releases_cand;
struct releases_tag;

struct releases {
	git_repository *repo;
	const struct releases_opts *o;
	const char *to_name;
	git_oid to;
	const struct reltag *since;	/* in tags, or NULL */
	struct reltags tags;		/* ignored filled after the walk */
	struct releases_tag *at;	/* per tag of tags, and by commit */
	struct releases_cand *cands;	/* the releases, lowest first, and
					   the unreleased entry last */
	size_t ncands;			/* without the unreleased entry */
};

/*
 * Read the tags and resolve TO and --since. Returns EXIT_OK, or an exit
 * status after a message on stderr (unknown revision, --since not a
 * release tag, a shallow clone...). releases_close() either way.
 */
int releases_open(struct releases *rs, git_repository *repo,
    const struct releases_opts *o);

/*
 * Walk, calling fn(entry, arg) for each entry newest first (nonzero
 * from fn stops the walk). Returns 0, fn's nonzero value, or -1 on a
 * git error (gitrepo_errmsg()). Afterwards rs->tags.ignored lists the
 * release tags that are not releases of the document, with reasons as
 * reltags.h gives them.
 */
int releases_walk(struct releases *rs,
    int (*fn)(const struct releases_entry *e, void *arg), void *arg);

void releases_close(struct releases *rs);

#endif
