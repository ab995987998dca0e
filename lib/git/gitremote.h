/*
 * gitremote.h: talking to a git remote with libgit2: fetch, list the
 * remote's refs (git ls-remote), push.
 *
 * Credentials: for http(s) the token in GH_TOKEN or GITHUB_TOKEN as the
 * password (user "x-access-token" unless the URL names one), on hosts
 * remote_host_trusted() accepts only, offered once, so a refused token
 * ends in an error, not a loop. ssh remotes are ssh(1)'s business
 * (gitpipe.h: its agent, keys and known_hosts); local paths and file://
 * URLs need none.
 *
 *	struct gitremote gr = GITREMOTE_INIT;
 *	if (gitremote_open(&gr, repo, "origin") || gitremote_list(&gr))
 *		errmsg("%s", gr.error.buf);
 *	oid = gitremote_ref(&gr, "refs/heads/main");
 *	gitremote_close(&gr);
 */
#ifndef RELTOOLS_GITREMOTE_H
#define RELTOOLS_GITREMOTE_H

#include <git2.h>

#include "core/strbuf.h"

struct gitremote_ref {
	char *name;	/* "refs/heads/main", "refs/tags/v1.0.0" */
	git_oid oid;	/* for an annotated tag, the tag object */
};

struct gitremote {
	git_repository *repo;
	git_remote *remote;	/* looked up afresh for each connection */
	char *name;		/* "origin" */
	int cred_tries;
	struct gitremote_ref *refs;	/* set by fetch and list */
	size_t nrefs;
	struct strbuf error;	/* the last failure, for people */
	struct strbuf said;	/* what the remote said (its hooks) */
};

#define GITREMOTE_INIT { NULL, NULL, NULL, 0, NULL, 0, STRBUF_INIT, \
	STRBUF_INIT }

/* Look up the remote called name in repo; 0, or -1 (gr->error set). */
int gitremote_open(struct gitremote *gr, git_repository *repo,
    const char *name);

/* The remote's URL as configured (before any url.*.insteadOf), malloc'd,
 * or NULL when the remote has none. */
char *gitremote_config_url(git_repository *repo, const char *name);

/* Fetch with the remote's configured refspecs (updating its
 * remote-tracking branches) and record its refs; 0 or -1. */
int gitremote_fetch(struct gitremote *gr);

/* Record the remote's refs without fetching anything; 0 or -1. */
int gitremote_list(struct gitremote *gr);

/* The object refname names on the remote as last recorded, or NULL. */
const git_oid *gitremote_ref(const struct gitremote *gr,
    const char *refname);

/*
 * Push the refspecs ("refs/heads/main:refs/heads/main"). 0, or -1 with
 * gr->error naming each ref the remote refused and why, followed by what
 * the remote said (its hooks' output), one "remote: " line each.
 *
 * To a local path or a file:// URL the push goes through
 * `git receive-pack` (gitpipe.h), as git's does: the remote's hooks run.
 */
int gitremote_push(struct gitremote *gr, const char *const *refspecs,
    size_t n);

/*
 * Does the remote's push URL, when it is a path on this machine (its
 * pushurl, else its url), exist? 0, or -1 with gr->error saying which
 * path does not: a push would fail only after the release was made.
 * Call after gitremote_open().
 */
int gitremote_check_push_path(struct gitremote *gr);

void gitremote_close(struct gitremote *gr);

#endif
