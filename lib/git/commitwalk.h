/*
 * commitwalk.h: the commits reachable from a tip and not from a hidden
 * commit, newest first, each object read once (twice where the tip's side
 * reaches a commit before the hidden side does).
 *
 * The order is git log's without sorting options: by committer date,
 * newest first. A commit is read (inflated) when it enters a queue and
 * handed out when it leaves it, so only the queues' objects are held.
 * What grows with history is one bit set per commit walked (the "seen"
 * table, under 100 bytes a commit), which keeps merges from being listed
 * twice; git log keeps far more. Like git log without --topo-order, the
 * walk trusts commit dates: before a commit is handed out, the hidden
 * side is walked down to its date and COMMITWALK_SLOP commits further,
 * as git log does below its last commit, so a commit dated before its
 * parent is still found hidden unless dates go back further than that.
 */
#ifndef RELTOOLS_COMMITWALK_H
#define RELTOOLS_COMMITWALK_H

#include <stdint.h>

#include <git2.h>

#define COMMITWALK_SLOP	5	/* git's, in revision.c */
#define COMMITWALK_NO_LABEL	UINT32_MAX

struct commitwalk_seen;
struct commitwalk_entry;

struct commitwalk_queue {
	struct commitwalk_entry *e;	/* a binary heap, newest on top */
	size_t n, alloc;
};

struct commitwalk {
	git_odb *odb;
	struct commitwalk_seen *seen;	/* open addressing, by id */
	size_t nseen, seen_alloc;
	struct commitwalk_queue shown;	/* the tip's side */
	struct commitwalk_queue hidden;	/* the hidden commit's side */
	size_t interesting;		/* commits of shown not hidden */
	long long below[COMMITWALK_SLOP]; /* the last hidden dates walked */
	size_t nbelow;
	unsigned long seq;		/* push order, for equal dates */
	size_t *nlabeled;		/* queued shown commits per label */
	uint32_t nlabels;		/* 0: no labels */
	uint32_t top_label;		/* no queued commit has one above */
	uint32_t label;			/* the last commit's, handed out */
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

/*
 * Labels: each commit of the shown side carries a number below nlabels,
 * the least of its own (given by commitwalk_label() before the walk
 * reaches it) and its children's, or COMMITWALK_NO_LABEL. A commit's
 * children are handed out before it (trusting commit dates, as the walk
 * does), so that with release i labelling its tag's commit, a commit's
 * label is the least release that contains it. Call commitwalk_labels()
 * after commitwalk_start(), then commitwalk_label() for each labelled
 * commit; after each commitwalk_next(), w->label is the label of the
 * commit handed out.
 */
void commitwalk_labels(struct commitwalk *w, uint32_t nlabels);
void commitwalk_label(struct commitwalk *w, const git_oid *id, uint32_t label);

/*
 * One past the highest label a commit still to come may have, counting
 * COMMITWALK_NO_LABEL as nlabels; 0 when none is queued. It never grows:
 * no commit labelled top or above is to come.
 */
uint32_t commitwalk_top_label(struct commitwalk *w);

void commitwalk_end(struct commitwalk *w);

#endif
