/* reltags.c: release tags and the base of a range. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "release/reltags.h"
#include "release/tagreach.h"
#include "core/strbuf.h"

struct collect {
	git_repository *repo;
	const char *prefix;
	struct reltags *rt;
	size_t alloc_tags, alloc_ignored;
	int error;
};

static void
add_ignored(struct reltags *rt, size_t *alloc, const char *name,
    const char *reason)
{
	struct reltag_ignored *ig;

	ALLOC_GROW(rt->ignored, rt->nignored + 1, *alloc);
	ig = &rt->ignored[rt->nignored++];
	ig->name = xstrdup(name);
	ig->reason = xstrdup(reason);
}

/*
 * The commit a tag reference points at, through annotated tags. A commit
 * is known by its header: most tags are lightweight, and reading each
 * one's commit whole (inflating it) was most of a run with many tags.
 */
static int
peel_to_commit(git_oid *out, git_repository *repo, const git_oid *oid)
{
	git_object *obj = NULL, *peeled = NULL;
	git_object_t type;
	git_odb *odb;
	size_t len;
	int rc;

	if ((rc = git_repository_odb(&odb, repo)) < 0)
		return rc;
	rc = git_odb_read_header(&len, &type, odb, oid);
	git_odb_free(odb);
	if (rc == 0 && type == GIT_OBJECT_COMMIT) {
		git_oid_cpy(out, oid);
		return 0;
	}
	if ((rc = git_object_lookup(&obj, repo, oid, GIT_OBJECT_ANY)) < 0)
		return rc;
	rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (rc == 0)
		git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

static int
collect_tag(const char *refname, git_oid *oid, void *payload)
{
	struct collect *c = payload;
	struct reltags *rt = c->rt;
	const char *name = refname + strlen("refs/tags/");
	size_t plen = strlen(c->prefix);
	struct strbuf reason = STRBUF_INIT;
	struct reltag *t;
	struct semver v;
	git_oid commit;
	int rc;

	if (strncmp(name, c->prefix, plen) != 0) {
		strbuf_addf(&reason, "not under prefix '%s'", c->prefix);
		add_ignored(rt, &c->alloc_ignored, name, reason.buf);
		strbuf_release(&reason);
		return 0;
	}
	if (semver_parse_str(&v, name + plen) < 0) {
		add_ignored(rt, &c->alloc_ignored, name, "not semver");
		return 0;
	}
	rc = peel_to_commit(&commit, c->repo, oid);
	if (rc == GIT_EINVALIDSPEC || rc == GIT_EPEEL || rc == GIT_ENOTFOUND) {
		add_ignored(rt, &c->alloc_ignored, name, "not a commit");
		semver_free(&v);
		return 0;
	}
	if (rc < 0) {
		semver_free(&v);
		c->error = rc;
		return rc;
	}
	ALLOC_GROW(rt->tags, rt->ntags + 1, c->alloc_tags);
	t = &rt->tags[rt->ntags++];
	t->name = xstrdup(name);
	t->version = v;
	git_oid_cpy(&t->commit, &commit);
	return 0;
}

/* Highest version first; equal precedence (build metadata) by name. */
static int
cmp_tag_desc(const void *a, const void *b)
{
	const struct reltag *x = a, *y = b;
	int c = semver_cmp(&y->version, &x->version);

	return c ? c : strcmp(x->name, y->name);
}

static int
cmp_ignored(const void *a, const void *b)
{
	const struct reltag_ignored *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/*
 * Highest first: skip what is not reachable, note pre-releases above the
 * base, stop at the first reachable final release. Below it only the tags
 * sharing its commit are told about.
 */
static int
choose_base(struct reltags *rt, size_t *alloc_ignored, git_repository *repo,
    const git_oid *to, const char *to_name)
{
	struct strbuf reason = STRBUF_INIT;
	unsigned char *reached = xcalloc(rt->ntags + 1, 1);
	struct semver core;
	struct reltag *t;
	size_t i;
	char *s;
	int rc;

	if ((rc = tagreach_mark(repo, to, rt->tags, rt->ntags, reached)) < 0)
		goto cleanup;
	for (i = 0; i < rt->ntags; i++) {
		t = &rt->tags[i];
		strbuf_reset(&reason);
		if (rt->base && !git_oid_equal(&t->commit, &rt->base->commit) &&
		    semver_cmp(&t->version, &rt->base->version) == 0) {
			/* The same version tagged again later ("v1.2.3",
			   then "v1.2.3+build.2"): the later one is the base. */
			rc = reached[i] ? git_graph_descendant_of(repo,
			    &t->commit, &rt->base->commit) : 0;
			if (rc < 0)
				break;
			if (rc == 0)
				strbuf_addf(&reason, "same version as %s, "
				    "not on a later commit", rt->base->name);
			else {
				strbuf_addf(&reason, "same version as %s, on a "
				    "later commit", t->name);
				add_ignored(rt, alloc_ignored, rt->base->name,
				    reason.buf);
				rt->base = t;
				continue;
			}
		} else if (rt->base) {
			if (!git_oid_equal(&t->commit, &rt->base->commit))
				continue;
			strbuf_addf(&reason, "not higher than %s on the same commit",
			    rt->base->name);
		} else if (!reached[i])
			strbuf_addf(&reason, "not an ancestor of %s", to_name);
		else if (t->version.pre) {
			semver_bump(&core, &t->version, SEMVER_BUMP_NONE);
			s = semver_format(&core);
			strbuf_addf(&reason, "pre-release of %s", s);
			free(s);
			if (rt->announced.major == NULL)
				rt->announced = core;	/* the highest */
			else
				semver_free(&core);
		} else {
			rt->base = t;
			continue;
		}
		add_ignored(rt, alloc_ignored, t->name, reason.buf);
	}
cleanup:
	free(reached);
	strbuf_release(&reason);
	return rc < 0 ? rc : 0;
}

/* Every tag, sorted: the release tags, and the others in ignored. */
static int
collect(struct reltags *rt, size_t *alloc_ignored, git_repository *repo,
    const char *prefix)
{
	struct collect c;

	memset(rt, 0, sizeof(*rt));
	memset(&c, 0, sizeof(c));
	c.repo = repo;
	c.prefix = prefix;
	c.rt = rt;
	if (git_tag_foreach(repo, collect_tag, &c) < 0)
		return -1;
	if (rt->ntags > 1)
		qsort(rt->tags, rt->ntags, sizeof(*rt->tags), cmp_tag_desc);
	*alloc_ignored = c.alloc_ignored;
	return 0;
}

static void
sort_ignored(struct reltags *rt)
{
	if (rt->nignored > 1)
		qsort(rt->ignored, rt->nignored, sizeof(*rt->ignored),
		    cmp_ignored);
}

int
reltags_find(struct reltags *rt, git_repository *repo, const char *prefix,
    const git_oid *to, const char *to_name)
{
	size_t alloc_ignored;

	if (collect(rt, &alloc_ignored, repo, prefix) < 0 ||
	    choose_base(rt, &alloc_ignored, repo, to, to_name) < 0)
		return -1;
	sort_ignored(rt);
	if (rt->ntags == 0 && reltags_other_prefix(repo, prefix,
	    &rt->other_prefix, &rt->nother) < 0)
		return -1;
	return 0;
}

int
reltags_collect(struct reltags *rt, git_repository *repo, const char *prefix)
{
	size_t alloc_ignored;

	if (collect(rt, &alloc_ignored, repo, prefix) < 0)
		return -1;
	sort_ignored(rt);
	return 0;
}

void
reltags_ignore(struct reltags *rt, const char *name, const char *reason)
{
	size_t alloc = rt->nignored;

	add_ignored(rt, &alloc, name, reason);
	sort_ignored(rt);
}

void
reltags_free(struct reltags *rt)
{
	size_t i;

	for (i = 0; i < rt->ntags; i++) {
		free(rt->tags[i].name);
		semver_free(&rt->tags[i].version);
	}
	for (i = 0; i < rt->nignored; i++) {
		free(rt->ignored[i].name);
		free(rt->ignored[i].reason);
	}
	free(rt->tags);
	free(rt->ignored);
	free(rt->other_prefix);
	semver_free(&rt->announced);
	memset(rt, 0, sizeof(*rt));
}

const struct reltag *
reltags_on_commit(const struct reltags *rt, const git_oid *commit)
{
	size_t i;

	for (i = 0; i < rt->ntags; i++)
		if (rt->tags[i].version.pre == NULL &&
		    git_oid_equal(&rt->tags[i].commit, commit))
			return &rt->tags[i];
	return NULL;
}

char *
reltags_last_pre(const struct reltags *rt, const struct semver *core,
    const char *id)
{
	const struct semver *v;
	char *n, *best = NULL;
	size_t i;

	for (i = 0; i < rt->ntags; i++) {
		v = &rt->tags[i].version;
		if (semver_core_diff(v, core) != SEMVER_BUMP_NONE ||
		    (n = semver_pre_number(v, id)) == NULL)
			continue;
		if (best == NULL || semver_cmp_digits(n, best) > 0) {
			free(best);
			best = n;
		} else
			free(n);
	}
	return best;
}

struct count_under {
	const char *prefix, *other;
	size_t n, nother;
};

/* Is name prefix followed by a SemVer version? */
static int
is_under(const char *name, const char *prefix)
{
	struct semver_view v;
	size_t len = strlen(prefix);

	return strncmp(name, prefix, len) == 0 &&
	    semver_view_parse(&v, name + len, strlen(name + len)) == 0;
}

static int
count_tag(const char *refname, git_oid *oid, void *payload)
{
	struct count_under *c = payload;
	const char *name = refname + strlen("refs/tags/");

	(void)oid;
	c->n += is_under(name, c->prefix);
	c->nother += is_under(name, c->other);
	return 0;
}

int
reltags_other_prefix(git_repository *repo, const char *prefix,
    char **other, size_t *count)
{
	size_t len = strlen(prefix);
	struct count_under c = { prefix, NULL, 0, 0 };
	char *alt = len && prefix[len - 1] == 'v' ? xstrndup(prefix, len - 1) :
	    xstrfmt("%sv", prefix);

	*other = NULL;
	*count = 0;
	c.other = alt;
	if (git_tag_foreach(repo, count_tag, &c) < 0) {
		free(alt);
		return -1;
	}
	if (c.n == 0 && c.nother > 0) {
		*other = alt;
		*count = c.nother;
	} else {
		free(alt);
	}
	return 0;
}

void
reltags_other_prefix_hint(struct strbuf *sb, const char *prefix,
    const char *other, size_t count)
{
	strbuf_addf(sb, "no release tag is under the prefix '%s', but %zu "
	    "%s under '%s': give --tag-prefix '%s'", prefix, count,
	    count == 1 ? "is" : "are", other, other);
}
