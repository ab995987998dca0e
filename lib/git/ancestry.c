/* ancestry.c: a date-ordered walk of ids and dates, over the commit-graph. */
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/xalloc.h"
#include "git/ancestry.h"
#include "git/commitgraph.h"
#include "git/rawcommit.h"

#define NOT_IN_GRAPH	UINT32_MAX

struct entry {
	long long date;
	unsigned long seq;	/* push order, for equal dates */
	uint32_t pos;		/* in the commit-graph, or NOT_IN_GRAPH */
	git_oid id;
	git_odb_object *obj;	/* a commit not in the graph, read */
};

struct ancestry {
	git_odb *odb;
	struct commitgraph *graph;	/* NULL without one */
	unsigned char *graph_seen;	/* a bit a position */
	git_oid *seen;			/* open addressing: the others */
	size_t nseen, seen_alloc;
	struct entry *heap;		/* newest on top */
	size_t n, alloc;
	unsigned long seq;
};

/* Was id, not in the graph, seen already? Marks it seen. */
static int
seen_before(struct ancestry *w, const git_oid *id)
{
	git_oid *old = w->seen;
	size_t old_alloc = w->seen_alloc, i, h;

	if (2 * (w->nseen + 1) > w->seen_alloc) {
		w->seen_alloc = old_alloc ? old_alloc * 2 : 256;
		w->seen = xcalloc(w->seen_alloc, sizeof(*w->seen));
		w->nseen = 0;
		for (i = 0; i < old_alloc; i++)
			if (!git_oid_is_zero(&old[i]))
				seen_before(w, &old[i]);
		free(old);
	}
	memcpy(&h, id->id, sizeof(h));	/* ids are uniformly random */
	for (i = h & (w->seen_alloc - 1); !git_oid_is_zero(&w->seen[i]);
	    i = (i + 1) & (w->seen_alloc - 1))
		if (git_oid_equal(&w->seen[i], id))
			return 1;
	git_oid_cpy(&w->seen[i], id);
	w->nseen++;
	return 0;
}

/* Does a come out before b? Newer first, then in push order. */
static int
before(const struct entry *a, const struct entry *b)
{
	if (a->date != b->date)
		return a->date > b->date;
	return a->seq < b->seq;
}

HEAP_DEFINE(queue, struct entry, before)

static void
push(struct ancestry *w, struct entry *e)
{
	e->seq = w->seq++;
	queue_push(&w->heap, &w->n, &w->alloc, e);
}

static struct entry
pop(struct ancestry *w)
{
	return queue_pop(w->heap, &w->n);
}

/* Read commit id, not in the graph, into e. */
static int
read_commit(struct ancestry *w, const git_oid *id, struct entry *e)
{
	struct rawcommit raw;

	memset(e, 0, sizeof(*e));
	e->pos = NOT_IN_GRAPH;
	git_oid_cpy(&e->id, id);
	if (git_odb_read(&e->obj, w->odb, id) < 0)
		return -1;
	if (git_odb_object_type(e->obj) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(e->obj);
		e->obj = NULL;
		git_error_set_str(GIT_ERROR_INVALID, "object is not a commit");
		return -1;
	}
	rawcommit_parse(&raw, git_odb_object_data(e->obj),
	    git_odb_object_size(e->obj));
	e->date = raw.commit_time;
	return 0;
}

/* Queue the commit at pos in the graph unless it was seen. */
static void
add_pos(struct ancestry *w, uint32_t pos)
{
	struct entry e;

	if (w->graph_seen[pos / 8] & (1u << (pos % 8)))
		return;
	w->graph_seen[pos / 8] |= (unsigned char)(1u << (pos % 8));
	memset(&e, 0, sizeof(e));
	e.pos = pos;
	e.date = commitgraph_date(w->graph, pos);
	commitgraph_id(w->graph, pos, &e.id);
	push(w, &e);
}

/* Queue commit id unless it was seen. */
static int
add_id(struct ancestry *w, const git_oid *id)
{
	struct entry e;
	uint32_t pos;

	if (w->graph && commitgraph_find(w->graph, id, &pos)) {
		add_pos(w, pos);
		return 0;
	}
	/* Zeros mark the table's empty slots: no commit has that id. */
	if (!git_oid_is_zero(id) && seen_before(w, id))
		return 0;
	if (read_commit(w, id, &e) < 0)
		return -1;
	push(w, &e);
	return 0;
}

/* Queue the parents of e, which leaves the queue. */
static int
add_parents(struct ancestry *w, const struct entry *e)
{
	struct rawcommit_span hex;
	struct rawcommit raw;
	git_oid parent;
	uint32_t pos;
	size_t i;
	int rc;

	if (e->pos != NOT_IN_GRAPH) {
		for (i = 0; (rc = commitgraph_parent(w->graph, e->pos, i,
		    &pos)) > 0; i++)
			add_pos(w, pos);
		return rc;
	}
	rawcommit_parse(&raw, git_odb_object_data(e->obj),
	    git_odb_object_size(e->obj));
	for (i = 0; i < raw.nparents; i++) {
		hex = rawcommit_parent(&raw, i);
		if (git_oid_fromstrn(&parent, hex.s, hex.len) < 0 ||
		    hex.len != GIT_OID_HEXSZ) {
			git_error_set_str(GIT_ERROR_OBJECT, "malformed parent line");
			return -1;
		}
		if (add_id(w, &parent) < 0)
			return -1;
	}
	return 0;
}

struct ancestry *
ancestry_start(git_repository *repo, const git_oid *tip)
{
	struct ancestry *w = xcalloc(1, sizeof(*w));

	if (git_repository_odb(&w->odb, repo) < 0) {
		free(w);
		return NULL;
	}
	if ((w->graph = commitgraph_open(repo)) != NULL)
		w->graph_seen = xcalloc(commitgraph_count(w->graph) / 8 + 1, 1);
	if (add_id(w, tip) < 0) {
		ancestry_end(w);
		return NULL;
	}
	return w;
}

int
ancestry_next(struct ancestry *w, git_oid *id, long long *date)
{
	struct entry e;
	int rc;

	if (w->n == 0)
		return 0;
	e = pop(w);
	rc = add_parents(w, &e);
	git_odb_object_free(e.obj);
	if (rc < 0)
		return -1;
	git_oid_cpy(id, &e.id);
	*date = e.date;
	return 1;
}

int
ancestry_date(struct ancestry *w, const git_oid *id, long long *date)
{
	struct entry e;
	uint32_t pos;

	if (w->graph && commitgraph_find(w->graph, id, &pos)) {
		*date = commitgraph_date(w->graph, pos);
		return 0;
	}
	if (read_commit(w, id, &e) < 0)
		return -1;
	git_odb_object_free(e.obj);
	*date = e.date;
	return 0;
}

void
ancestry_end(struct ancestry *w)
{
	if (w == NULL)
		return;
	while (w->n > 0)
		git_odb_object_free(w->heap[--w->n].obj);
	free(w->heap);
	free(w->seen);
	free(w->graph_seen);
	commitgraph_free(w->graph);
	git_odb_free(w->odb);
	free(w);
}
