/* commitwalk.c: a date-ordered walk that reads each commit once. */
#include <stdlib.h>
#include <string.h>

#include "commitwalk.h"
#include "diag.h"
#include "rawcommit.h"

enum {
	SEEN = 1,	/* a used slot of the table */
	QUEUED = 2,
	HIDDEN = 4	/* reachable from the hidden commit */
};

struct commitwalk_seen {
	git_oid id;
	unsigned char flags;
};

struct commitwalk_entry {
	long long date;
	int hidden;		/* when queued */
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
		w->nseen++;
	}
	return slot;
}

/*
 * Does a come out before b? Newer first; on the same date hidden commits
 * first, so that commits made in the same second (scripts, rebases) are
 * hidden before they could be listed; then in push order.
 */
static int
before(const struct commitwalk_entry *a, const struct commitwalk_entry *b)
{
	if (a->date != b->date)
		return a->date > b->date;
	if (a->hidden != b->hidden)
		return a->hidden;
	return a->seq < b->seq;
}

static void
heap_push(struct commitwalk *w, const struct commitwalk_entry *e)
{
	struct commitwalk_entry tmp;
	size_t i, up;

	if (w->nqueue == w->queue_alloc) {
		w->queue_alloc = w->queue_alloc ? w->queue_alloc * 2 : 64;
		w->queue = xrealloc(w->queue, w->queue_alloc * sizeof(*e));
	}
	i = w->nqueue++;
	w->queue[i] = *e;
	while (i > 0 && before(&w->queue[i], &w->queue[up = (i - 1) / 2])) {
		tmp = w->queue[i];
		w->queue[i] = w->queue[up];
		w->queue[up] = tmp;
		i = up;
	}
}

static struct commitwalk_entry
heap_pop(struct commitwalk *w)
{
	struct commitwalk_entry top = w->queue[0], tmp;
	size_t i = 0, l, best;

	w->queue[0] = w->queue[--w->nqueue];
	for (;;) {
		l = 2 * i + 1;
		best = i;
		if (l < w->nqueue && before(&w->queue[l], &w->queue[best]))
			best = l;
		if (l + 1 < w->nqueue && before(&w->queue[l + 1], &w->queue[best]))
			best = l + 1;
		if (best == i)
			break;
		tmp = w->queue[i];
		w->queue[i] = w->queue[best];
		w->queue[best] = tmp;
		i = best;
	}
	return top;
}

/* Queue commit id (hidden or not) unless it was queued before. */
static int
add_commit(struct commitwalk *w, const git_oid *id, int hidden)
{
	struct commitwalk_seen *s = seen_get(w, id);
	struct commitwalk_entry e;
	struct rawcommit raw;

	if (s->flags) {
		if (hidden && !(s->flags & HIDDEN)) {
			s->flags |= HIDDEN;
			if (s->flags & QUEUED)
				w->interesting--;
		}
		return 0;
	}
	s->flags = SEEN | QUEUED | (hidden ? HIDDEN : 0);
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
	e.hidden = hidden;
	e.seq = w->seq++;
	git_oid_cpy(&e.id, id);
	heap_push(w, &e);
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
	if (git_repository_odb(&w->odb, repo) < 0 ||
	    add_commit(w, tip, 0) < 0 || (hide && add_commit(w, hide, 1) < 0))
		return -1;
	return 0;
}

/* Queue the parents of a commit that leaves the queue. */
static int
add_parents(struct commitwalk *w, git_odb_object *obj, int hidden)
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
		if (add_commit(w, &parent, hidden) < 0)
			return -1;
	}
	return 0;
}

int
commitwalk_next(struct commitwalk *w, git_oid *id, git_odb_object **obj)
{
	struct commitwalk_seen *s;
	struct commitwalk_entry e;
	int hidden;

	/* Once only hidden commits are queued, nothing more is wanted. */
	while (w->interesting > 0) {
		e = heap_pop(w);
		s = seen_get(w, &e.id);
		s->flags &= ~QUEUED;
		hidden = (s->flags & HIDDEN) != 0;
		w->interesting -= !hidden;
		if (add_parents(w, e.obj, hidden) < 0) {
			git_odb_object_free(e.obj);
			return -1;
		}
		if (hidden) {
			git_odb_object_free(e.obj);
			continue;
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
	while (w->nqueue > 0)
		git_odb_object_free(w->queue[--w->nqueue].obj);
	free(w->queue);
	free(w->seen);
	git_odb_free(w->odb);
	memset(w, 0, sizeof(*w));
}
