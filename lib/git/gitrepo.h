/*
 * gitrepo.h: opening repositories with libgit2, and its errors in our words.
 *
 *	git_libgit2_init() is done by gitrepo_open(); call gitrepo_close()
 *	once at the end so leak checkers see libgit2's memory returned.
 */
#ifndef RELTOOLS_GITREPO_H
#define RELTOOLS_GITREPO_H

#include <git2.h>

/*
 * Open the repository that contains dir (NULL: the current directory),
 * searching upwards as git -C DIR does, with git's environment variables
 * (GIT_DIR when dir is NULL, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES, ...).
 * On failure prints
 * "PROG: 'DIR' is not a git repository" (or libgit2's reason) and returns
 * EXIT_USAGE for "not a repository", EXIT_ENV otherwise; 0 on success.
 */
int gitrepo_open(git_repository **repo, const char *dir);

/* Free repo (may be NULL) and shut libgit2 down. */
void gitrepo_close(git_repository *repo);

/* The first 7 hex digits of oid, as git abbreviates it, in buf; buf. */
const char *gitrepo_short_id(const git_oid *oid,
    char buf[GIT_OID_HEXSZ + 1]);

/* libgit2's last error message, or "unknown error"; never NULL. */
const char *gitrepo_errmsg(void);

#endif
