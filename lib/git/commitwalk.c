/* commitwalk.c: a date-ordered walk that reads each commit once. */
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/xalloc.h"
#include "git/commitwalk.h"
#include "core/diag.h"
#include "git/rawcommit.h"

enum {
	SEEN = 1,	/* a used slot of the table */
	QUEUED = 2,	/* in the shown queue */
	HIDDEN = 4,	/* reachable from the hidden commit */
	LABELED = 8	/* a label given before the walk reached it */
};

struct commitwalk_seen {
	git_oid id;
	unsigned char flags;
	uint32_t label;
};

struct commitwalk_entry {
	long long date;
	unsigned long seq;
	git_oid id;
	git_odb_object *obj;
};

static size_t
hash_oid(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));	/* ids are uniformly random */
	return h;
}

static struct commitwalk_seen *
seen_slot(struct commitwalk_seen *table, size_t alloc, const git_oid *id)
{
	size_t i = hash_oid(id) & (alloc - 1);

	while (table[i].flags && !git_oid_equal(&table[i].id, id))
		i = (i + 1) & (alloc - 1);
	return &table[i];
}

/* The slot of id, new (flags 0) if it was not seen. */
static struct commitwalk_seen *
seen_get(struct commitwalk *w, const git_oid *id)
{
	struct commitwalk_seen *old = w->seen, *slot;
	size_t old_alloc = w->seen_alloc, i;

	if (2 * (w->nseen + 1) > w->seen_alloc) {
		w->seen_alloc = old_alloc ? old_alloc * 2 : 1024;
		w->seen = xcalloc(w->seen_alloc, sizeof(*w->seen));
		for (i = 0; i < old_alloc; i++)
			if (old[i].flags)
				*seen_slot(w->seen, w->seen_alloc, &old[i].id) = old[i];
		free(old);
	}
	slot = seen_slot(w->seen, w->seen_alloc, id);
	if (slot->flags == 0) {
		git_oid_cpy(&slot->id, id);
		slot->label = COMMITWALK_NO_LABEL;
		w->nseen++;
	}
	return slot;
}

/* Does a come out before b? Newer first, then in push order. */
static int
before(const struct commitwalk_entry *a, const struct commitwalk_entry *b)
{
	if (a->date != b->date)
		return a->date > b->date;
	return a->seq < b->seq;
}

HEAP_DEFINE(queue, struct commitwalk_entry, before)

static void
heap_push(struct commitwalk_queue *q, const struct commitwalk_entry *e)
{
	queue_push(&q->e, &q->n, &q->alloc, e);
}

static struct commitwalk_entry
heap_pop(struct commitwalk_queue *q)
{
	return queue_pop(q->e, &q->n);
}

static void
heap_free(struct commitwalk_queue *q)
{
	while (q->n > 0)
		git_odb_object_free(q->e[--q->n].obj);
	free(q->e);
}

/* Where the queued commits of a label are counted. */
static size_t *
label_count(struct commitwalk *w, uint32_t label)
{
	return &w->nlabeled[label == COMMITWALK_NO_LABEL ? w->nlabels : label];
}

/* Queued or not, one commit more (n 1) or less (n -1) of s's label. */
static void
count_label(struct commitwalk *w, const struct commitwalk_seen *s, int n)
{
	if (w->nlabeled && (s->flags & QUEUED))
		*label_count(w, s->label) += (size_t)n;
}

/* Give s the label when it is less than its own. */
static void
lower_label(struct commitwalk *w, struct commitwalk_seen *s, uint32_t label)
{
	if (label >= s->label)
		return;
	count_label(w, s, -1);
	s->label = label;
	count_label(w, s, 1);
}

/*
 * Queue commit id on its side unless it is there already. A commit of
 * the shown side found hidden is queued again on the hidden side, read
 * a second time, so that its parents are hidden too; its entry in the
 * shown queue is dropped when it comes out. A shown commit takes label
 * when it is less than its own.
 */
static int
add_commit(struct commitwalk *w, const git_oid *id, int hidden,
    uint32_t label)
{
	struct commitwalk_seen *s = seen_get(w, id);
	struct commitwalk_entry e;
	struct rawcommit raw;

	if (!hidden && !(s->flags & HIDDEN))
		lower_label(w, s, label);
	if ((s->flags & HIDDEN) || ((s->flags & SEEN) && !hidden))
		return 0;
	if (s->flags & QUEUED) {
		count_label(w, s, -1);
		s->flags &= ~QUEUED;
		w->interesting--;
	}
	s->flags |= SEEN | (hidden ? HIDDEN : QUEUED);
	count_label(w, s, 1);
	memset(&e, 0, sizeof(e));
	if (git_odb_read(&e.obj, w->odb, id) < 0)
		return -1;
	if (git_odb_object_type(e.obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(e.obj);
		git_error_set_str(GIT_ERROR_INVALID, "object is not a commit");
		return -1;
	}
	rawcommit_parse(&raw, git_odb_object_data(e.obj),
	    git_odb_object_size(e.obj));
	e.date = raw.commit_time;
	e.seq = w->seq++;
	git_oid_cpy(&e.id, id);
	heap_push(hidden ? &w->hidden : &w->shown, &e);
	w->interesting += !hidden;
	return 0;
}

void
commitwalk_setup(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	/* As git log: zlib and pack checksums guard reads, not a SHA-1 each. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)2 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
}

int
commitwalk_start(struct commitwalk *w, git_repository *repo,
    const git_oid *tip, const git_oid *hide)
{
	memset(w, 0, sizeof(*w));
	w->label = COMMITWALK_NO_LABEL;
	if (git_repository_odb(&w->odb, repo) < 0 ||
	    add_commit(w, tip, 0, COMMITWALK_NO_LABEL) < 0 ||
	    (hide && add_commit(w, hide, 1, COMMITWALK_NO_LABEL) < 0))
		return -1;
	return 0;
}

void
commitwalk_labels(struct commitwalk *w, uint32_t nlabels)
{
	w->nlabels = nlabels;
	w->top_label = nlabels + 1;
	w->nlabeled = xcalloc((size_t)nlabels + 1, sizeof(*w->nlabeled));
	w->nlabeled[nlabels] = w->interesting;	/* the tip, unlabelled */
}

void
commitwalk_label(struct commitwalk *w, const git_oid *id, uint32_t label)
{
	struct commitwalk_seen *s = seen_get(w, id);

	if (!(s->flags & SEEN))
		s->flags |= LABELED;
	lower_label(w, s, label);
}

uint32_t
commitwalk_top_label(struct commitwalk *w)
{
	while (w->top_label > 0 && w->nlabeled[w->top_label - 1] == 0)
		w->top_label--;
	return w->top_label;
}

/* Queue the parents of a commit that leaves the queue. */
static int
add_parents(struct commitwalk *w, git_odb_object *obj, int hidden,
    uint32_t label)
{
	struct rawcommit raw;
	struct rawcommit_span hex;
	git_oid parent;
	size_t i;

	rawcommit_parse(&raw, git_odb_object_data(obj), git_odb_object_size(obj));
	for (i = 0; i < raw.nparents; i++) {
		hex = rawcommit_parent(&raw, i);
		if (git_oid_fromstrn(&parent, hex.s, hex.len) < 0 ||
		    hex.len != GIT_OID_HEXSZ) {
			git_error_set_str(GIT_ERROR_OBJECT, "malformed parent line");
			return -1;
		}
		if (add_commit(w, &parent, hidden, label) < 0)
			return -1;
	}
	return 0;
}

/* Have COMMITWALK_SLOP hidden commits older than date been walked? */
static int
slop_below(const struct commitwalk *w, long long date)
{
	size_t i;

	if (w->nbelow < COMMITWALK_SLOP)
		return 0;
	for (i = 0; i < COMMITWALK_SLOP; i++)
		if (w->below[i] >= date)
			return 0;
	return 1;
}

/*
 * Walk the hidden side down to date, hidden first on equal dates (commits
 * of one second, from scripts and rebases), and then on as git log does
 * below its last commit, so that a commit dated before its parent still
 * hides what it reaches.
 */
static int
walk_hidden(struct commitwalk *w, long long date)
{
	struct commitwalk_entry e;
	int rc;

	while (w->hidden.n > 0 &&
	    (w->hidden.e[0].date >= date || !slop_below(w, date))) {
		e = heap_pop(&w->hidden);
		w->below[w->nbelow++ % COMMITWALK_SLOP] = e.date;
		rc = add_parents(w, e.obj, 1, COMMITWALK_NO_LABEL);
		git_odb_object_free(e.obj);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
commitwalk_next(struct commitwalk *w, git_oid *id, git_odb_object **obj)
{
	struct commitwalk_seen *s;
	struct commitwalk_entry e;

	/* Once no shown commit is queued, nothing more is wanted. */
	while (w->interesting > 0) {
		if (walk_hidden(w, w->shown.e[0].date) < 0)
			return -1;
		e = heap_pop(&w->shown);
		s = seen_get(w, &e.id);
		if (s->flags & HIDDEN) {
			git_odb_object_free(e.obj);
			continue;
		}
		count_label(w, s, -1);
		s->flags &= ~QUEUED;
		w->interesting--;
		w->label = s->label;
		if (add_parents(w, e.obj, 0, s->label) < 0) {
			git_odb_object_free(e.obj);
			return -1;
		}
		git_oid_cpy(id, &e.id);
		*obj = e.obj;
		return 1;
	}
	return 0;
}

void
commitwalk_end(struct commitwalk *w)
{
	heap_free(&w->shown);
	heap_free(&w->hidden);
	free(w->seen);
	free(w->nlabeled);
	git_odb_free(w->odb);
	memset(w, 0, sizeof(*w));
}
