/*
 * reltag.h: the release commit, its annotated tag and the push (rel-tag).
 *
 * Every step first looks at what is already there, so a run after any
 * partial failure (commit made but no tag; tag made but the push failed;
 * the branch pushed but not the tag) finishes the release instead of
 * failing or doing a step twice:
 *
 *	1. commit the release files as "release: PREFIXVERSION", only when
 *	   one of them differs from HEAD, and nothing else that is staged;
 *	2. create the annotated tag PREFIXVERSION on that commit, with the
 *	   release notes from "rel-changelog notes" as its message, unless it
 *	   exists there already (on another commit it is an error);
 *	3. with push, push the branch and the tag where the remote does not
 *	   have them yet, then list the remote's refs again to confirm both;
 *	4. with publish, create or finish the GitHub release of the tag, its
 *	   notes those of the tag message (publish.h).
 *
 * Everything that can be checked is checked before anything is changed,
 * including a git configuration that asks to sign (libgit2 cannot), and
 * with dry_run too: a dry run refuses what the run would.
 */
#ifndef RELTOOLS_RELTAG_H
#define RELTOOLS_RELTAG_H

#include <stddef.h>

#include <git2.h>

#include "tag/publish.h"

struct reltag_opts {
	const char *version;	/* SemVer, a leading 'v' accepted */
	const char *dir;	/* NULL: the current directory */
	const char *const *files;	/* release files; files[0] is the
					 * changelog the notes come from */
	size_t nfiles;
	const char *notes;	/* the changelog to read the notes from
				   instead, a path as given; NULL: none */
	const char *remote;	/* "origin" */
	const char *tag_prefix;	/* "v" */
	int push;
	int dry_run;		/* print the plan, change nothing */
	int publish;		/* with push: the GitHub release too */
	const char *title;	/* its title; NULL: the tag */
	int draft;		/* leave it a draft */
	const char *const *assets;	/* files to attach */
	size_t nassets;
	int retract;		/* take the release back: reltag_retract() */
};

/* Steps or refs, in the order they came. */
struct reltag_list {
	char **v;
	size_t n, alloc;
};

/* Append a copy of s to l. */
void reltag_list_add(struct reltag_list *l, const char *s);

/* What a run found and did: rel-tag(1)'s document, as data. */
struct reltag_result {
	char *version;		/* "1.2.0" */
	char *tag;		/* "v1.2.0" */
	char commit[GIT_OID_HEXSZ + 1];	/* "" while only planned */
	char tag_object[GIT_OID_HEXSZ + 1];	/* "" while only planned */
	struct reltag_list pushed;	/* the refs pushed */
	struct reltag_list done;	/* the steps found done already */
	struct reltag_list plan;	/* with dry_run, the steps to do */
	struct reltag_list retracted;	/* what reltag_retract() deleted */
	int published;		/* release holds the GitHub release */
	struct publish_result release;
};

#define RELTAG_RESULT_INIT { NULL, NULL, "", "", { NULL, 0, 0 }, \
	{ NULL, 0, 0 }, { NULL, 0, 0 }, { NULL, 0, 0 }, 0, \
	{ 0, NULL, 0, 0, NULL, 0 } }

/*
 * Do the release (or plan it, with dry_run): EXIT_OK with res filled;
 * otherwise the reason was said on stderr and the result is EXIT_NO (a
 * tag in the way), EXIT_USAGE (bad version, detached HEAD, missing file
 * or notes) or EXIT_ENV (git, config, push, remote read-back). Free res
 * with reltag_result_free() either way.
 */
int reltag_run(const struct reltag_opts *opts, struct reltag_result *res);

/*
 * Take the release back (rel-tag --retract), each step only when its
 * object is there, so a run after a failure finishes the job: delete the
 * GitHub release of the tag (a draft too; its assets go with it), then
 * the tag on the remote, then the local tag. Refuses (EXIT_NO) when the
 * tag is not on the commit rel-tag made for it ("release: TAG"); the
 * branch and the release commit are never touched. As reltag_run(), with
 * res->retracted naming the steps done ("release", "remote tag", "local
 * tag") and res->done those found done already.
 */
int reltag_retract(const struct reltag_opts *opts, struct reltag_result *res);

void reltag_result_free(struct reltag_result *res);

#endif
