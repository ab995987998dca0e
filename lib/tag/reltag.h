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
 *	   have them yet, then list the remote's refs again to confirm both.
 *
 * Everything that can be checked is checked before anything is changed,
 * including a git configuration that asks to sign (libgit2 cannot).
 */
#ifndef RELTOOLS_RELTAG_H
#define RELTOOLS_RELTAG_H

#include <stddef.h>

#include <jansson.h>

struct reltag_opts {
	const char *version;	/* SemVer, a leading 'v' accepted */
	const char *dir;	/* NULL: the current directory */
	const char *const *files;	/* release files; files[0] is the
					 * changelog the notes come from */
	size_t nfiles;
	const char *remote;	/* "origin" */
	const char *tag_prefix;	/* "v" */
	int push;
	int dry_run;		/* print the plan, change nothing */
};

/*
 * Do the release (or plan it, with dry_run). On success *doc is the
 * rel-tag/1 document and the result is EXIT_OK; otherwise *doc is NULL,
 * the reason was said on stderr and the result is EXIT_NO (a tag in the
 * way), EXIT_USAGE (bad version, detached HEAD, missing file or notes)
 * or EXIT_ENV (git, config, push, remote read-back).
 */
int reltag_run(const struct reltag_opts *opts, json_t **doc);

#endif
