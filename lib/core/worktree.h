/*
 * worktree.h: paths relative to the top of a git work tree, as the
 * tools take them on their command lines (rel-check --changelog, rel-tag
 * --file).
 */
#ifndef RELTOOLS_WORKTREE_H
#define RELTOOLS_WORKTREE_H

/*
 * A path relative to the top of the work tree as git names it: without
 * its leading "./" ("./CHANGELOG.md" is "CHANGELOG.md"). Points into path.
 */
const char *worktree_path(const char *path);

/*
 * Is path one inside the work tree, relative to its top: not absolute,
 * no ".." component? rel-check and rel-tag must agree on the files they
 * accept, or make release would change a changelog rel-tag then refuses.
 */
int worktree_path_inside(const char *path);

/*
 * path, a path relative to the top of the work tree that contains the
 * current directory, as a path relative to the current directory
 * ("../../CHANGELOG.md" two levels below the top), malloc'd; path
 * itself when the current directory is no work tree's. The top is the
 * nearest directory holding ".git" (a directory, or the file of a linked
 * work tree or submodule), found without running git: rel-changelog
 * starts faster than git would.
 */
char *worktree_from_top(const char *path);

#endif
