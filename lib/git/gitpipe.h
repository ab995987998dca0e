/*
 * gitpipe.h: a libgit2 transport that speaks git's protocol with
 * `git receive-pack DIR` (or `git upload-pack DIR`) over a socket pair,
 * for remotes that are a local path or a file:// URL.
 *
 * libgit2's own local transport writes the remote's refs from inside our
 * process: the remote's pre-receive and update hooks never run, and a
 * kill can leave its ref locks behind. Through receive-pack, as git push
 * does, the remote runs its hooks and its locks are its own business.
 *
 *	opts.callbacks.transport = gitpipe_transport;	// push to a path
 *
 * The git found in PATH is run.
 */
#ifndef RELTOOLS_GITPIPE_H
#define RELTOOLS_GITPIPE_H

#include <git2.h>

/* A git_transport_cb: the smart transport over git receive-pack. */
int gitpipe_transport(git_transport **out, git_remote *owner, void *param);

/* The directory a local remote URL names, or NULL for a network URL. */
const char *gitpipe_local_path(const char *url);

#endif
