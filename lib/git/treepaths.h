/*
 * treepaths.h: does a commit change what lies under some paths?
 *
 *	rc = treepaths_touched(repo, &id, paths, npaths);   1, 0 or -1
 *
 * A commit touches a path when the tree entry at that path (a file or a
 * directory, relative to the top of the repository) differs from its
 * first parent's: added, removed, another object or another mode. A
 * root commit touches the paths it has. Comparing the entries is the
 * pathspec diff of the two trees stopped at its first difference: equal
 * tree ids mean nothing under them changed, so nothing is read below.
 * Paths are plain ("packages/app", no globs); see treepaths_clean().
 */
#ifndef RELTOOLS_TREEPATHS_H
#define RELTOOLS_TREEPATHS_H

#include <stddef.h>

#include <git2.h>

/*
 * 1 when the commit id touches one of the n paths, 0 when it touches
 * none, -1 on a git error (gitrepo_errmsg()).
 */
int treepaths_touched(git_repository *repo, const git_oid *id,
    const char *const *paths, size_t n);

/* 1 when commit id has path (a file or a directory), 0 when it has not,
   -1 on a git error. */
int treepaths_has(git_repository *repo, const git_oid *id, const char *path);

/*
 * A path as given on the command line, for treepaths_touched(): without
 * "./" at the start and "/" at the end (malloc'd). NULL for the top of
 * the repository ("", ".", "./"), which every commit touches.
 */
char *treepaths_clean(const char *path);

#endif
