/* releases.c: every release of a history, in one walk. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "git/commitwalk.h"
#include "git/gitrepo.h"
#include "git/rawcommit.h"
#include "git/treepaths.h"
#include "release/gitlog.h"
#include "release/relrange.h"
#include "release/releases.h"
#include "release/tagreach.h"

/* A release of the document (or the unreleased entry) and its commits
   walked so far, in the walk's order. */
struct releases_cand {
	const struct reltag *tag;	/* NULL: the unreleased entry */
	long long time;		/* its commit's date */
	int reached;
	const struct reltag *announced;	/* its highest pre-release */
	struct gitlog_commit *commits;
	struct strbuf *texts;	/* open: the verdict comes last */
	size_t n, alloc, alloc_texts;
};

/* What is known of each tag of rs->tags. */
struct releases_tag {
	long cand;		/* its index in cands, or -1 */
	int reached;
	int unreachable;	/* known before the walk */
	int listed;		/* counts: above --since */
	const struct reltag *same;	/* the release on its commit, or of
					   its version, when it is not one */
	int later;		/* same is its version on a later commit */
};

struct walk {
	struct releases *rs;
	struct commitwalk w;
	size_t *by_commit;	/* tag indexes, sorted by commit */
	long long recent[COMMITWALK_SLOP + 1];	/* the last dates walked */
	size_t nrecent;
	long next_out;		/* the entry handed out next, down to 0 */
	int ended;
	int (*fn)(const struct releases_entry *, void *);
	void *arg;
};

int
releases_open(struct releases *rs, git_repository *repo,
    const struct releases_opts *o)
{
	git_oid since;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rs->repo = repo;
	rs->o = o;
	rs->to_name = o->to ? o->to : "HEAD";
	if ((rc = relrange_check_repo(repo, rs->to_name)) != EXIT_OK ||
	    (rc = relrange_resolve_rev(&rs->to, repo, rs->to_name)) != EXIT_OK)
		return rc;
	if (o->since && (rc = relrange_resolve_rev(&since, repo, o->since)) !=
	    EXIT_OK)
		return rc;
	if (reltags_collect(&rs->tags, repo, o->prefix) < 0) {
		errmsg("cannot read tags: %s", gitrepo_errmsg());
		return EXIT_ENV;
	}
	if (o->since) {
		for (size_t i = 0; i < rs->tags.ntags && !rs->since; i++)
			if (strcmp(rs->tags.tags[i].name, o->since) == 0 ||
			    (strncmp(o->since, "refs/tags/", 10) == 0 &&
			    strcmp(rs->tags.tags[i].name, o->since + 10) == 0))
				rs->since = &rs->tags.tags[i];
		if (rs->since == NULL) {
			errmsg("--since '%s' is not a release tag (prefix "
			    "'%s')", o->since, o->prefix);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/*
 * Which tags are releases: above --since, contained in TO as far as the
 * walk of tagreach.h tells (exactly above the last release, the others
 * are found by the walk), the highest one on each commit, final ones
 * only unless pre_releases, and of each version the one on the later
 * commit. cands lowest first, then the unreleased entry.
 */
static int
choose(struct releases *rs)
{
	const struct reltags *rt = &rs->tags;
	unsigned char *reached = xcalloc(rt->ntags + 1, 1);
	size_t *chosen = xcalloc(rt->ntags + 1, sizeof(*chosen));
	size_t i, j, n = 0;
	const struct reltag *t, *c;
	int above = 1, rc;

	rs->at = xcalloc(rt->ntags + 1, sizeof(*rs->at));
	if ((rc = tagreach_mark(rs->repo, &rs->to, rt->tags, rt->ntags,
	    reached)) < 0)
		goto cleanup;
	for (i = 0; i < rt->ntags; i++) {
		t = &rt->tags[i];
		rs->at[i].cand = -1;
		rs->at[i].listed = !rs->since ||
		    semver_cmp(&t->version, &rs->since->version) > 0;
		if (above && reached[i] && !t->version.pre)
			above = 0;	/* the last release: exact above it */
		rs->at[i].unreachable = above && !reached[i];
		if (!rs->at[i].listed || rs->at[i].unreachable ||
		    (t->version.pre && !rs->o->pre_releases))
			continue;
		for (j = 0; j < n; j++) {
			c = &rt->tags[chosen[j]];
			if (git_oid_equal(&c->commit, &t->commit))
				break;
			if (semver_cmp(&c->version, &t->version) != 0)
				continue;
			/* The same version again: the later commit's. */
			if ((rc = git_graph_descendant_of(rs->repo, &t->commit,
			    &c->commit)) < 0)
				goto cleanup;
			if (rc == 1) {
				rs->at[chosen[j]].same = t;
				rs->at[chosen[j]].later = 1;
				chosen[j] = i;
				j = n + 1;
			}
			break;
		}
		if (j < n)
			rs->at[i].same = &rt->tags[chosen[j]];
		else if (j == n)
			chosen[n++] = i;
	}
	rs->ncands = n;
	rs->cands = xcalloc(n + 1, sizeof(*rs->cands));
	for (j = 0; j < n; j++) {
		i = chosen[n - 1 - j];
		rs->cands[j].tag = &rt->tags[i];
		rs->at[i].cand = (long)j;
	}
	rc = 0;
cleanup:
	free(reached);
	free(chosen);
	return rc < 0 ? -1 : 0;
}

static int
commit_dates(struct releases *rs)
{
	git_commit *c;
	size_t k;

	for (k = 0; k < rs->ncands; k++) {
		if (git_commit_lookup(&c, rs->repo, &rs->cands[k].tag->commit) < 0)
			return -1;
		rs->cands[k].time = (long long)git_commit_time(c);
		git_commit_free(c);
	}
	return 0;
}

static const struct releases *sort_rs;

static int
cmp_commit(const void *a, const void *b)
{
	return git_oid_cmp(&sort_rs->tags.tags[*(const size_t *)a].commit,
	    &sort_rs->tags.tags[*(const size_t *)b].commit);
}

/* The tags on commit id are reached, by a commit of entry k. */
static void
mark(struct walk *wk, const git_oid *id, size_t k)
{
	struct releases *rs = wk->rs;
	size_t lo = 0, hi = rs->tags.ntags, mid, i;
	struct releases_cand *c = &rs->cands[k];
	const struct reltag *t;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (git_oid_cmp(&rs->tags.tags[wk->by_commit[mid]].commit,
		    id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rs->tags.ntags && git_oid_equal(&rs->tags.tags[
	    wk->by_commit[lo]].commit, id); lo++) {
		i = wk->by_commit[lo];
		t = &rs->tags.tags[i];
		rs->at[i].reached = 1;
		if (rs->at[i].cand >= 0)
			rs->cands[rs->at[i].cand].reached = 1;
		else if (t->version.pre && (c->announced == NULL ||
		    semver_cmp(&t->version, &c->announced->version) > 0))
			c->announced = t;
	}
}

/* Has the walk gone below entry k's commit without reaching it? */
static int
unreachable(const struct walk *wk, size_t k)
{
	const struct releases_cand *c = &wk->rs->cands[k];
	size_t i;

	if (c->reached)
		return 0;
	if (wk->ended || wk->rs->at[c->tag - wk->rs->tags.tags].unreachable)
		return 1;
	if (wk->nrecent <= COMMITWALK_SLOP)
		return 0;
	for (i = 0; i <= COMMITWALK_SLOP; i++)
		if (wk->recent[i] >= c->time)
			return 0;
	return 1;
}

/* Keep the commit: a kept merge, a path touched. 1, 0 or -1. */
static int
wanted(const struct releases *rs, const git_oid *id,
    const struct rawcommit *raw)
{
	if (raw->nparents > 1 && !rs->o->merges)
		return 0;
	if (rs->o->npaths == 0)
		return 1;
	return treepaths_touched(rs->repo, id, rs->o->paths, rs->o->npaths);
}

static void
hold(struct releases_cand *c, const git_oid *id, git_odb_object *obj,
    int abbrev)
{
	struct gitlog_commit *g;
	struct strbuf *text;

	ALLOC_GROW(c->commits, c->n + 1, c->alloc);
	ALLOC_GROW(c->texts, c->n + 1, c->alloc_texts);
	g = &c->commits[c->n];
	text = &c->texts[c->n++];
	gitlog_commit_read(g, id, git_odb_object_data(obj),
	    git_odb_object_size(obj));
	gitlog_warn_footer(g, abbrev);
	strbuf_init(text);
	gitlog_commit_write(text, g, abbrev);
}

/* The date of a release: its tag's when annotated, else its commit's. */
static long long
release_date(const struct releases *rs, const struct releases_cand *c)
{
	struct strbuf ref = STRBUF_INIT;
	const git_signature *who;
	git_tag *tag = NULL;
	git_oid id;
	long long t = c->time;

	strbuf_addf(&ref, "refs/tags/%s", c->tag->name);
	if (git_reference_name_to_id(&id, rs->repo, ref.buf) == 0 &&
	    git_tag_lookup(&tag, rs->repo, &id) == 0 &&
	    (who = git_tag_tagger(tag)) != NULL)
		t = (long long)who->when.time;
	git_tag_free(tag);
	strbuf_release(&ref);
	return t;
}

/* The verdicts of entry c's commits (logsummary.h), closing each text. */
static void
verdicts(struct releases_cand *c, struct logsummary *s)
{
	struct logsummary_verdict v;
	enum semver_bump *bump = xcalloc(c->n + 1, sizeof(*bump));
	const char **cancels = xcalloc(c->n + 1, sizeof(*cancels));
	const char **by = xcalloc(c->n + 1, sizeof(*by));
	size_t i;

	for (i = 0; i < c->n; i++) {
		logsummary_add(s, &c->commits[i], &v);
		bump[i] = v.bump;
		if (*v.cancelled_by) {
			bump[v.partner_seq] = SEMVER_BUMP_NONE;
			cancels[v.partner_seq] = c->commits[i].hex;
			by[i] = c->commits[v.partner_seq].hex;
		}
	}
	for (i = 0; i < c->n; i++)
		gitlog_verdict_write(&c->texts[i], bump[i], cancels[i], by[i]);
	free(bump);
	free(cancels);
	free(by);
}

static void
drop_commits(struct releases_cand *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		gitlog_commit_free(&c->commits[i]);
		strbuf_release(&c->texts[i]);
	}
	free(c->commits);
	free(c->texts);
	c->commits = NULL;
	c->texts = NULL;
	c->n = c->alloc = c->alloc_texts = 0;
}

/* Hand entry k out, the release before it being from (-1: --since's
   tag, or none). */
static int
hand_out(struct walk *wk, size_t k, long from)
{
	struct releases *rs = wk->rs;
	struct releases_cand *c = &rs->cands[k];
	struct releases_entry e;
	struct logsummary s;
	struct semver core = { NULL, NULL, NULL, NULL, NULL };
	char *current = NULL, *next;
	int rc;

	memset(&e, 0, sizeof(e));
	e.tag = c->tag;
	e.from = from >= 0 ? rs->cands[from].tag : rs->since;
	e.date = c->tag ? release_date(rs, c) : 0;
	logsummary_init(&s, e.from ? &e.from->version : NULL);
	verdicts(c, &s);
	if (c->announced && (e.from == NULL || semver_cmp(&c->announced->version,
	    &e.from->version) > 0))
		semver_bump(&core, &c->announced->version, SEMVER_BUMP_NONE);
	if (e.from)
		current = semver_format(&e.from->version);
	next = relrange_next_after(&rs->tags, e.from ? &e.from->version : NULL,
	    &core, logsummary_level(&s), c->tag ? NULL : rs->o->pre, &e.bump);
	e.commits = c->texts;
	e.ncommits = c->n;
	e.summary = &s;
	e.current = current;
	e.next = next;
	rc = wk->fn(&e, wk->arg);
	drop_commits(c);
	logsummary_free(&s);
	semver_free(&core);
	free(current);
	free(next);
	return rc;
}

/*
 * Hand out the entries that are complete, newest first: no commit still
 * to come can be theirs, and the release before them is known (reached,
 * every release between known not to be). 0, or fn's nonzero value.
 */
static int
flush(struct walk *wk)
{
	uint32_t top = wk->ended ? 0 : commitwalk_top_label(&wk->w);
	long k, j;
	int rc;

	while ((k = wk->next_out) >= 0) {
		if (k < (long)wk->rs->ncands && !wk->rs->cands[k].reached) {
			if (!unreachable(wk, (size_t)k))
				return 0;
			wk->next_out--;
			continue;
		}
		if ((long)top > k)
			return 0;
		for (j = k - 1; j >= 0 && unreachable(wk, (size_t)j); j--)
			;
		if (j >= 0 && !wk->rs->cands[j].reached)
			return 0;
		if ((rc = hand_out(wk, (size_t)k, j)) != 0)
			return rc;
		wk->next_out--;
	}
	return 0;
}

/* The reasons of the release tags that are not releases. */
static void
explain(struct releases *rs)
{
	struct strbuf why = STRBUF_INIT;
	struct semver core;
	const struct reltag *t;
	size_t i;
	char *s;

	for (i = 0; i < rs->tags.ntags; i++) {
		t = &rs->tags.tags[i];
		if (!rs->at[i].listed || (rs->at[i].cand >= 0 &&
		    rs->at[i].reached))
			continue;
		strbuf_reset(&why);
		if (!rs->at[i].reached)
			strbuf_addf(&why, "not an ancestor of %s", rs->to_name);
		else if (rs->at[i].same && git_oid_equal(&rs->at[i].same->commit,
		    &t->commit))
			strbuf_addf(&why, "not higher than %s on the same commit",
			    rs->at[i].same->name);
		else if (rs->at[i].same)
			strbuf_addf(&why, "same version as %s, %s",
			    rs->at[i].same->name, rs->at[i].later ?
			    "on a later commit" : "not on a later commit");
		else {
			semver_bump(&core, &t->version, SEMVER_BUMP_NONE);
			s = semver_format(&core);
			strbuf_addf(&why, "pre-release of %s", s);
			free(s);
			semver_free(&core);
		}
		reltags_ignore(&rs->tags, t->name, why.buf);
	}
	strbuf_release(&why);
}

/* A pre-release on the commit of a release: "not higher than" it. */
static void
same_commits(struct releases *rs)
{
	size_t i, k;

	for (i = 0; i < rs->tags.ntags; i++)
		for (k = 0; rs->at[i].cand < 0 && !rs->at[i].same &&
		    k < rs->ncands; k++)
			if (git_oid_equal(&rs->cands[k].tag->commit,
			    &rs->tags.tags[i].commit))
				rs->at[i].same = rs->cands[k].tag;
}

static int
walk_all(struct walk *wk)
{
	struct releases *rs = wk->rs;
	struct rawcommit raw;
	git_odb_object *obj;
	git_oid id;
	size_t k, i;
	int rc, keep;

	for (k = 0; k < rs->ncands; k++)
		commitwalk_label(&wk->w, &rs->cands[k].tag->commit, (uint32_t)k);
	while ((rc = commitwalk_next(&wk->w, &id, &obj)) > 0) {
		k = wk->w.label == COMMITWALK_NO_LABEL ? rs->ncands :
		    wk->w.label;
		mark(wk, &id, k);
		rawcommit_parse(&raw, git_odb_object_data(obj),
		    git_odb_object_size(obj));
		wk->recent[wk->nrecent++ % (COMMITWALK_SLOP + 1)] =
		    raw.commit_time;
		if ((keep = wanted(rs, &id, &raw)) > 0)
			hold(&rs->cands[k], &id, obj, rs->o->abbrev);
		git_odb_object_free(obj);
		if (keep < 0)
			return -1;
		if ((rc = flush(wk)) != 0)
			return rc;
	}
	if (rc < 0)
		return -1;
	wk->ended = 1;
	if ((rc = flush(wk)) != 0)
		return rc;
	same_commits(rs);
	explain(rs);
	for (i = 0; i <= rs->ncands; i++)
		drop_commits(&rs->cands[i]);
	return 0;
}

int
releases_walk(struct releases *rs,
    int (*fn)(const struct releases_entry *e, void *arg), void *arg)
{
	struct walk wk;
	size_t i;
	int rc = -1;

	memset(&wk, 0, sizeof(wk));
	wk.rs = rs;
	wk.fn = fn;
	wk.arg = arg;
	if (choose(rs) < 0 || commit_dates(rs) < 0)
		return -1;
	wk.next_out = (long)rs->ncands;
	wk.by_commit = xcalloc(rs->tags.ntags + 1, sizeof(*wk.by_commit));
	for (i = 0; i < rs->tags.ntags; i++)
		wk.by_commit[i] = i;
	sort_rs = rs;
	qsort(wk.by_commit, rs->tags.ntags, sizeof(*wk.by_commit), cmp_commit);
	if (commitwalk_start(&wk.w, rs->repo, &rs->to, rs->since ?
	    &rs->since->commit : NULL) == 0) {
		commitwalk_labels(&wk.w, (uint32_t)rs->ncands);
		rc = walk_all(&wk);
	}
	commitwalk_end(&wk.w);
	free(wk.by_commit);
	return rc;
}

void
releases_close(struct releases *rs)
{
	size_t i;

	for (i = 0; rs->cands && i <= rs->ncands; i++)
		drop_commits(&rs->cands[i]);
	free(rs->cands);
	free(rs->at);
	reltags_free(&rs->tags);
	memset(rs, 0, sizeof(*rs));
}
