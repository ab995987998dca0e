/*
 * gitcmd.h: asking git(1) itself, for a tool that does not load libgit2
 * (rel-changelog: loading it and its dependencies costs milliseconds at
 * every start, more than reading a large changelog takes).
 */
#ifndef RELTOOLS_GITCMD_H
#define RELTOOLS_GITCMD_H

/*
 * The URL of the remote "origin", or of the only remote, of the
 * repository that contains dir ("git remote get-url"), malloc'd; NULL
 * when there is no repository, no such remote, or git cannot be run.
 */
char *gitcmd_remote_url(const char *dir);

#endif
