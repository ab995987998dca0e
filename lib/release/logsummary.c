/* logsummary.c: counting a range of commits as it streams past. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "release/logsummary.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void
logsummary_init(struct logsummary *s, const struct semver *current)
{
	memset(s, 0, sizeof(*s));
	s->major_zero = current == NULL || strcmp(current->major, "0") == 0;
}

/* Add one to key in the sorted array *arr. */
static void
count_key(struct logsummary_count **arr, size_t *n, size_t *alloc,
    const char *key)
{
	size_t lo = 0, hi = *n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(key, (*arr)[mid].key);
		if (c == 0) {
			(*arr)[mid].n++;
			return;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	ALLOC_GROW(*arr, *n + 1, *alloc);
	memmove(&(*arr)[lo + 1], &(*arr)[lo], (*n - lo) * sizeof(**arr));
	(*arr)[lo].key = xstrdup(key);
	(*arr)[lo].n = 1;
	(*n)++;
}

static enum semver_bump
commit_level(const struct logsummary *s, const struct cc_commit *cc)
{
	if (cc->breaking)
		return s->major_zero ? SEMVER_BUMP_MINOR : SEMVER_BUMP_MAJOR;
	if (cc->type && strcmp(cc->type, "feat") == 0)
		return SEMVER_BUMP_MINOR;
	return SEMVER_BUMP_PATCH;
}

/* The header a revert names when it gives no id. */
static char *
reverted_header(const struct cc_commit *cc)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(cc->header);

	if (cc->conventional && cc->description)
		return xstrdup(cc->description);
	/* Reapply "<header>" reverts Revert "<header>". */
	if (strncmp(cc->header, "Reapply ", 8) == 0) {
		strbuf_addf(&sb, "Revert %s", cc->header + 8);
		return strbuf_detach(&sb, NULL);
	}
	/* Revert "<header>" (ccommit.c checked the quotes) */
	return xstrndup(cc->header + 8, n - 9);
}

static int
reverts_this(const struct logsummary_revert *r, const struct gitlog_commit *c)
{
	if (r->id)
		return strncmp(c->hex, r->id, strlen(r->id)) == 0;
	return strcmp(c->cc.header, r->header) == 0;
}

void
logsummary_add(struct logsummary *s, const struct gitlog_commit *c,
    struct logsummary_verdict *v)
{
	const struct cc_commit *cc = &c->cc;
	enum semver_bump level = commit_level(s, cc);
	struct logsummary_revert *r;
	struct strbuf who = STRBUF_INIT;
	size_t i, seq = s->count;

	memset(v, 0, sizeof(*v));
	s->count++;
	s->breaking += cc->breaking != 0;
	s->unconventional += !cc->conventional;
	if (cc->type)
		count_key(&s->types, &s->ntypes, &s->alloc_types, cc->type);
	strbuf_adds(&who, c->author_name);
	strbuf_addc(&who, '\n');
	strbuf_adds(&who, c->author_email);
	count_key(&s->contributors, &s->ncontributors, &s->alloc_contributors,
	    who.buf);
	strbuf_release(&who);

	for (i = 0; i < s->npending; i++) {
		if (!reverts_this(&s->pending[i], c))
			continue;
		/* The pair cancels: take the revert's level back. */
		s->levels[s->pending[i].level]--;
		v->bump = SEMVER_BUMP_NONE;
		memcpy(v->cancelled_by, s->pending[i].hex, sizeof(v->cancelled_by));
		v->partner_seq = s->pending[i].seq;
		free(s->pending[i].id);
		free(s->pending[i].header);
		s->pending[i] = s->pending[--s->npending];
		return;
	}
	s->levels[level]++;
	v->bump = level;
	if (!cc->revert)
		return;
	ALLOC_GROW(s->pending, s->npending + 1, s->alloc_pending);
	r = &s->pending[s->npending++];
	memset(r, 0, sizeof(*r));
	r->level = level;
	r->seq = seq;
	memcpy(r->hex, c->hex, sizeof(r->hex));
	v->pending = 1;
	if (cc->reverts)
		r->id = xstrdup(cc->reverts);
	else
		r->header = reverted_header(cc);
}

enum semver_bump
logsummary_level(const struct logsummary *s)
{
	int l;

	for (l = SEMVER_BUMP_MAJOR; l > SEMVER_BUMP_NONE; l--)
		if (s->levels[l] > 0)
			return (enum semver_bump)l;
	return SEMVER_BUMP_NONE;
}

json_t *
logsummary_types_json(const struct logsummary *s)
{
	json_t *o = json_object();
	size_t i;

	if (o == NULL)
		die_oom();
	for (i = 0; i < s->ntypes; i++)
		json_put(o, s->types[i].key, json_integer((json_int_t)s->types[i].n));
	return o;
}

static int
cmp_contributor(const void *a, const void *b)
{
	const struct logsummary_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

json_t *
logsummary_contributors_json(const struct logsummary *s)
{
	struct logsummary_count *sorted;
	json_t *a = json_array(), *o;
	const char *nl;
	size_t i;

	if (a == NULL)
		die_oom();
	sorted = xcalloc(s->ncontributors + 1, sizeof(*sorted));
	if (s->ncontributors > 0) {
		memcpy(sorted, s->contributors,
		    s->ncontributors * sizeof(*sorted));
		qsort(sorted, s->ncontributors, sizeof(*sorted),
		    cmp_contributor);
	}
	for (i = 0; i < s->ncontributors; i++) {
		if ((o = json_object()) == NULL)
			die_oom();
		nl = strchr(sorted[i].key, '\n');
		json_put(o, "name", json_text(sorted[i].key,
		    (size_t)(nl - sorted[i].key)));
		json_put(o, "email", json_strz(nl + 1));
		json_put(o, "commits", json_integer((json_int_t)sorted[i].n));
		json_push(a, o);
	}
	free(sorted);
	return a;
}

void
logsummary_free(struct logsummary *s)
{
	size_t i;

	for (i = 0; i < s->ntypes; i++)
		free(s->types[i].key);
	for (i = 0; i < s->ncontributors; i++)
		free(s->contributors[i].key);
	for (i = 0; i < s->npending; i++) {
		free(s->pending[i].id);
		free(s->pending[i].header);
	}
	free(s->types);
	free(s->contributors);
	free(s->pending);
	memset(s, 0, sizeof(*s));
}
