/* tagreach.c: the release tags a commit contains, in one walk. */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "git/ancestry.h"
#include "git/commitwalk.h"
#include "release/tagreach.h"

/* A tag's commit, and the tag's index. */
struct tag_at {
	const git_oid *commit;
	size_t tag;
};

struct tagreach {
	const struct reltag *tags;
	size_t n;
	unsigned char *reached;
	long long *time;	/* each tag's commit date */
	struct tag_at *by_id;	/* sorted by commit id */
};

static int
cmp_by_id(const void *a, const void *b)
{
	return git_oid_cmp(((const struct tag_at *)a)->commit,
	    ((const struct tag_at *)b)->commit);
}

/* Mark the tags on commit id. */
static void
mark(struct tagreach *r, const git_oid *id)
{
	size_t lo = 0, hi = r->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = git_oid_cmp(r->by_id[mid].commit, id);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->n && git_oid_equal(r->by_id[lo].commit, id); lo++)
		r->reached[r->by_id[lo].tag] = 1;
}

/*
 * Is the answer settled with the walk at date now? The tags run highest
 * first: each above the first final release reached (and of its version)
 * must be reached or dated after now.
 */
static int
settled(const struct tagreach *r, long long now)
{
	const struct reltag *base = NULL;
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (base && semver_cmp(&r->tags[i].version,
		    &base->version) != 0)
			return 1;
		if (!r->reached[i] && r->time[i] <= now)
			return 0;
		if (r->reached[i] && !r->tags[i].version.pre && base == NULL)
			base = &r->tags[i];
	}
	return 1;
}

static int
commit_times(struct ancestry *w, struct tagreach *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (ancestry_date(w, &r->tags[i].commit, &r->time[i]) < 0)
			return -1;
	return 0;
}

int
tagreach_mark(git_repository *repo, const git_oid *tip,
    const struct reltag *tags, size_t n, unsigned char *reached)
{
	struct tagreach r = { tags, n, reached, NULL, NULL };
	struct ancestry *w = NULL;
	long long date;
	git_oid id;
	size_t i, further = 0;
	int rc = -1;

	memset(reached, 0, n);
	if (n == 0)
		return 0;
	r.time = xcalloc(n, sizeof(*r.time));
	r.by_id = xcalloc(n, sizeof(*r.by_id));
	for (i = 0; i < n; i++) {
		r.by_id[i].commit = &tags[i].commit;
		r.by_id[i].tag = i;
	}
	qsort(r.by_id, n, sizeof(*r.by_id), cmp_by_id);
	if ((w = ancestry_start(repo, tip)) == NULL ||
	    commit_times(w, &r) < 0)
		goto cleanup;
	while ((rc = ancestry_next(w, &id, &date)) > 0) {
		mark(&r, &id);
		if (!settled(&r, date))
			further = 0;
		else if (++further > COMMITWALK_SLOP)
			break;
	}
	rc = rc < 0 ? -1 : 0;
cleanup:
	ancestry_end(w);
	free(r.time);
	free(r.by_id);
	return rc;
}
