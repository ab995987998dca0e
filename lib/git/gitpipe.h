/*
 * gitpipe.h: a libgit2 transport that speaks git's protocol with
 * `git receive-pack DIR` (or `git upload-pack DIR`) over a socket pair,
 * for remotes that are a local path or a file:// URL, and with
 * git-receive-pack (git-upload-pack) on the host of an ssh URL through
 * ssh(1) (gitssh.h), as git does.
 *
 * libgit2's own local transport writes the remote's refs from inside our
 * process: the remote's pre-receive and update hooks never run, and a
 * kill can leave its ref locks behind. Through receive-pack, as git push
 * does, the remote runs its hooks and its locks are its own business.
 * libgit2's ssh transport (libssh2) waits for a silent host forever and
 * ignores ~/.ssh/config; through ssh(1), as git does, every wait for the
 * host is bounded by gitstream's limit.
 *
 *	opts.callbacks.transport = gitpipe_transport;	// path or ssh URL
 *	if (git_remote_push(...) != 0 && gitpipe_failed())
 *		errmsg("%s", gitpipe_failed());	// "ssh HOST failed: ..."
 *
 * The git and ssh found in PATH are run.
 */
#ifndef RELTOOLS_GITPIPE_H
#define RELTOOLS_GITPIPE_H

#include <git2.h>

/* A git_transport_cb: the smart transport over git receive-pack. */
int gitpipe_transport(git_transport **out, git_remote *owner, void *param);

/* The directory a local remote URL names, or NULL for a network URL. */
const char *gitpipe_local_path(const char *url);

/* Whether url is one gitpipe_transport serves: a local path or ssh. */
int gitpipe_serves(const char *url);

/* Why the last ssh connection failed, in ssh's words ("ssh HOST failed:
 * Host key verification failed."), or NULL. */
const char *gitpipe_failed(void);

#endif
