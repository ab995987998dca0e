/*
 * commitwalk.h: the commits reachable from a tip and not from a hidden
 * commit, newest first, each object read once.
 *
 * The order is git log's without sorting options: by committer date,
 * newest first. A commit is read (inflated) when it enters the queue and
 * handed out when it leaves it, so only the queue's objects are held.
 * What grows with history is one bit set per commit walked (the "seen"
 * table, under 100 bytes a commit), which keeps merges from being listed
 * twice; git log keeps far more. Like git log without --topo-order, the
 * walk trusts commit dates: where a commit is dated before its parent,
 * a commit below the hidden one may be listed. Commits of the same
 * second are safe: on equal dates hidden commits are walked first.
 */
#ifndef RELTOOLS_COMMITWALK_H
#define RELTOOLS_COMMITWALK_H

#include <git2.h>

struct commitwalk_seen;
struct commitwalk_entry;

struct commitwalk {
	git_odb *odb;
	struct commitwalk_seen *seen;	/* open addressing, by id */
	size_t nseen, seen_alloc;
	struct commitwalk_entry *queue;	/* a binary heap, newest on top */
	size_t nqueue, queue_alloc;
	size_t interesting;		/* queued commits not hidden */
	unsigned long seq;		/* push order, for equal dates */
};

/*
 * Set libgit2 up for a long walk: no object cache (each commit is read
 * once), pack files mapped in windows of 2 MiB, 8 MiB at most, so the
 * pages of a big pack do not all stay resident, and no SHA-1 of every
 * object read (git log does not hash what it reads either). Global:
 * call after git_libgit2_init(), before any object is read.
 */
void commitwalk_setup(void);

/*
 * Start at tip, hiding hide and its ancestors (hide may be NULL). Returns
 * 0, or -1 on a git error (gitrepo_errmsg()); commitwalk_end() either way.
 */
int commitwalk_start(struct commitwalk *w, git_repository *repo,
    const git_oid *tip, const git_oid *hide);

/*
 * The next commit: 1 with its id and object (git_odb_object_free() it),
 * 0 at the end, -1 on a git error such as a missing object.
 */
int commitwalk_next(struct commitwalk *w, git_oid *id, git_odb_object **obj);

void commitwalk_end(struct commitwalk *w);

#endif
