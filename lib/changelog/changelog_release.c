/* changelog_release.c: [Unreleased] becomes a release, byte for byte. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "changelog/changelog_release.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"

#define NSTD 6		/* the six standard sections */

/* Lines to put in place of line `line` (replace) or before it. */
struct patch {
	size_t line;
	int replace;
	struct strbuf text;	/* whole lines, with endings */
};

struct writer {
	const struct changelog *cl;
	struct piecebuf *out;
	struct patch patches[2];
	size_t npatches;
	const struct cl_plan *plan;
};

/* Lines [from, to) as they are, by reference; an ending for the last. */
static void
borrow_lines(struct writer *w, size_t from, size_t to)
{
	const char *start;
	size_t len;
	int ended;

	if (from >= to)
		return;
	len = changelog_lines_span(w->cl, from, to, &start, &ended);
	piecebuf_borrow(w->out, start, len);
	if (!ended)
		piecebuf_adds(w->out, w->cl->eol);
}

/* Copy lines [from, to), applying the link patches that fall there. */
static void
emit_lines(struct writer *w, size_t from, size_t to)
{
	const struct patch *p;
	size_t i;

	for (i = 0; i < w->npatches; i++) {
		p = &w->patches[i];
		if (p->line < from || p->line >= to)
			continue;
		borrow_lines(w, from, p->line);
		piecebuf_add(w->out, p->text.buf, p->text.len);
		from = p->line + (p->replace != 0);
	}
	borrow_lines(w, from, to);
}

static void
emit_line(struct writer *w, const char *a, const char *b)
{
	piecebuf_adds(w->out, a);
	piecebuf_adds(w->out, b);
	piecebuf_adds(w->out, w->cl->eol);
}

/*
 * End the output with a blank line, unless it is empty or does already.
 * Every piece ends a line, so the last line is in the tail (a blank line
 * longer than the tail only gets a second one).
 */
static void
ensure_blank(struct writer *w)
{
	char tail[128];
	size_t n = piecebuf_tail(w->out, tail, sizeof(tail)), i;

	if (n == 0)
		return;
	for (i = n - 1; i > 0 && tail[i - 1] != '\n'; i--)
		if (tail[i - 1] != ' ' && tail[i - 1] != '\t' &&
		    tail[i - 1] != '\r')
			break;
	if (i == 0 || tail[i - 1] != '\n')
		piecebuf_adds(w->out, w->cl->eol);
}

/* The planned items of section sec, breaking ones or the others. */
static size_t
emit_items(struct writer *w, int sec, int breaking)
{
	const struct cl_new_item *it;
	size_t i, n = 0;

	for (i = 0; i < w->plan->nitems; i++) {
		it = &w->plan->items[i];
		if (it->section == sec && !it->breaking == !breaking) {
			emit_line(w, "- ", it->text);
			n++;
		}
	}
	return n;
}

static size_t
planned(const struct cl_plan *plan, int sec)
{
	size_t i, n = 0;

	for (i = 0; i < plan->nitems; i++)
		n += plan->items[i].section == sec;
	return n;
}

/* Unknown sections sort after the six. */
static int
rank_of(const struct cl_section *s)
{
	return s->rank < 0 ? NSTD : s->rank;
}

static void
emit_new_section(struct writer *w, int sec)
{
	ensure_blank(w);
	emit_line(w, "### ", changelog_sections[sec]);
	piecebuf_adds(w->out, w->cl->eol);
	emit_items(w, sec, 1);
	emit_items(w, sec, 0);
}

static void
emit_section(struct writer *w, const struct cl_section *s, int rank)
{
	size_t first, last;

	if (s->nitems == 0) {
		emit_lines(w, s->line, s->end);
		ensure_blank(w);
		emit_items(w, rank, 1);
		emit_items(w, rank, 0);
		return;
	}
	first = s->items[0].line;
	last = s->items[s->nitems - 1].end;
	emit_lines(w, s->line, first);
	emit_items(w, rank, 1);
	emit_lines(w, first, last);
	emit_items(w, rank, 0);
	emit_lines(w, last, s->end);
}

/* The release body: hand-written sections with the commits merged. */
static void
emit_body(struct writer *w, const struct cl_release *u)
{
	const struct changelog *cl = w->cl;
	const struct cl_section *s;
	int done[NSTD] = { 0 }, rank, k;
	size_t i, cursor = u->body;

	/* A hand-written section takes its commits wherever it stands, even
	   out of the usual order: none is written a second time. */
	for (i = 0; i < u->nsections; i++)
		if ((rank = rank_of(&u->sections[i])) < NSTD)
			done[rank] = 1;
	for (i = 0; i < u->nsections; i++) {
		s = &u->sections[i];
		rank = rank_of(s);
		emit_lines(w, cursor, s->line);
		cursor = s->line;
		for (k = 0; k < rank && k < NSTD; k++)
			if (!done[k] && planned(w->plan, k)) {
				emit_new_section(w, k);
				ensure_blank(w);
				done[k] = 1;
			}
		if (s->nitems == 0 && (rank == NSTD ||
		    planned(w->plan, rank) == 0)) {
			/* Empty sections are not released. */
			cursor = s->end;
			while (cursor < u->end &&
			    changelog_line_blank(cl, cursor))
				cursor++;
			continue;
		}
		emit_section(w, s, rank);
		cursor = s->end;
	}
	if (cursor < u->content_end) {
		emit_lines(w, cursor, u->content_end);
		cursor = u->content_end;
	}
	for (k = 0; k < NSTD; k++)
		if (!done[k] && planned(w->plan, k))
			emit_new_section(w, k);
	if (cursor < cl->nlines && !changelog_line_blank(cl, cursor))
		ensure_blank(w);
	emit_lines(w, cursor, cl->nlines);
}

static const char *
span_dup(const struct changelog *cl, struct cl_span sp, char **to)
{
	*to = xstrndup(cl->buf + sp.off, sp.len);
	return *to;
}

char *
changelog_web_base(const struct changelog *cl, const char *url,
    const char *repo_dir)
{
	const struct cl_release *r;
	const struct cl_link *l;
	char *base;
	size_t i;

	if (url) {
		/* A clone URL gives its page, as the remote would; a web
		   URL keeps its port. */
		if (strncmp(url, "https://", 8) != 0 &&
		    strncmp(url, "http://", 7) != 0 &&
		    (base = forgeurl_from_remote(url)) != NULL)
			return base;
		return forgeurl_from_web(url);
	}
	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		l = r->link;
		if (l && (base = forgeurl_base_of_link(cl->buf + l->url.off,
		    l->url.len)) != NULL)
			return base;
	}
	return repo_dir ? forgeurl_git_remote(repo_dir) : NULL;
}

/*
 * Where the tag name ending at end starts in a compare or tag URL: after
 * "..." or "/releases/tag/" or "/-/tags/", so that a prefix such as
 * "release/" is whole; else after the last '/' or '.'.
 */
static const char *
tag_name_start(const char *url, const char *end)
{
	static const char *const marks[] = { "...", "/releases/tag/",
	    "/-/tags/", NULL };
	const char *const *m;
	const char *p, *start = NULL;
	size_t n;

	for (m = marks; *m && start == NULL; m++) {
		n = strlen(*m);
		for (p = url; p + n <= end; p++)
			if (memcmp(p, *m, n) == 0)
				start = p + n;	/* the last one */
	}
	if (start)
		return start;
	for (start = end; start > url; start--)
		if (start[-1] == '/' || start[-1] == '.')
			break;
	return start;
}

char *
changelog_tag_prefix(const struct changelog *cl, const struct cl_release *latest)
{
	const struct cl_link *l;
	const char *url, *p, *start;
	size_t n;

	if (latest == NULL || (l = latest->link) == NULL)
		return xstrdup("v");
	url = cl->buf + l->url.off;
	n = latest->label.len;
	if (l->url.len < n || memcmp(url + l->url.len - n, cl->buf +
	    latest->label.off, n) != 0)
		return xstrdup("v");
	p = url + l->url.len - n;
	start = tag_name_start(url, p);
	return xstrndup(start, p - start);
}

static void
add_link(struct strbuf *sb, const char *eol, const char *label,
    const char *url)
{
	strbuf_addf(sb, "[%s]: %s%s", label, url, eol);
}

/* Line l with its URL replaced by url: label, brackets, title kept. */
static void
replace_url(const struct changelog *cl, const struct cl_link *l,
    const char *url, struct strbuf *sb)
{
	const char *s = changelog_line_text(cl, l->line);
	size_t at = l->url.off - cl->lines[l->line].off,
	    end = at + l->url.len;

	strbuf_add(sb, s, at);
	strbuf_adds(sb, url);
	strbuf_add(sb, s + end, cl->lines[l->line].len - end);
	strbuf_adds(sb, cl->eol);
}

/* Patches for the [Unreleased] and [VERSION] link definitions. */
static void
plan_links(struct writer *w, const struct cl_release *u,
    const struct cl_release *latest, const char *base, const char *prefix,
    const char *version)
{
	const struct changelog *cl = w->cl;
	const struct cl_link *ul, *ll;
	struct patch *p = &w->patches[w->npatches++];
	struct strbuf tag = STRBUF_INIT, prev = STRBUF_INIT;
	char *url;

	strbuf_addf(&tag, "%s%s", prefix, version);
	ul = u->link;
	ll = latest ? latest->link : NULL;
	p->text = (struct strbuf)STRBUF_INIT;
	url = forgeurl_compare(base, tag.buf, "HEAD");
	if (ul)
		replace_url(cl, ul, url, &p->text);
	else
		add_link(&p->text, cl->eol, "Unreleased", url);
	free(url);
	if (latest) {
		strbuf_addf(&prev, "%s%.*s", prefix, (int)latest->label.len,
		    cl->buf + latest->label.off);
		url = forgeurl_compare(base, prev.buf, tag.buf);
	} else
		url = forgeurl_tag(base, tag.buf);
	add_link(&p->text, cl->eol, version, url);
	free(url);
	if (ul) {
		p->line = ul->line;
		p->replace = 1;
	} else if (ll)
		p->line = ll->line;
	else {
		/* At the end, after a blank line unless the file ends with
		   one or with links. */
		p->line = cl->nlines;
		if (cl->nlines && !changelog_line_blank(cl, cl->nlines - 1) &&
		    (cl->nlinks == 0 ||
		    cl->links[cl->nlinks - 1].line + 1 != cl->nlines)) {
			strbuf_reset(&prev);
			strbuf_adds(&prev, cl->eol);
			strbuf_add(&prev, p->text.buf, p->text.len);
			strbuf_release(&p->text);
			p->text = prev;
			prev = (struct strbuf)STRBUF_INIT;
		}
	}
	strbuf_release(&tag);
	strbuf_release(&prev);
}

/* The file had no final newline: neither has the new one. */
static void
cut_final_newline(struct piecebuf *out, const char *eol)
{
	char tail[2];
	size_t n = strlen(eol);

	if (piecebuf_tail(out, tail, n) == n && memcmp(tail, eol, n) == 0)
		piecebuf_cut(out, n);
}

static int
refuse(struct changelog *cl, const struct cl_release_opts *o,
    const struct semver_view *v, const struct cl_release **latest)
{
	const struct cl_release *r;

	if (changelog_lint(cl, o->sections) > 0) {
		changelog_print_diags(cl, 1);
		errmsg("'%s' has lint errors; nothing was changed", cl->path);
		return EXIT_NO;
	}
	if (cl->nreleases == 0 || !cl->releases[0].unreleased) {
		errmsg("'%s' has no [Unreleased] section at the top; nothing "
		    "was changed", cl->path);
		return EXIT_NO;
	}
	if ((r = changelog_find(cl, o->version)) != NULL) {
		errmsg("version '%s' already exists (%s:%zu)", o->version,
		    cl->path, (size_t)r->line + 1);
		return EXIT_NO;
	}
	*latest = changelog_latest(cl);
	if (*latest && semver_view_cmp(v, &(*latest)->version) <= 0) {
		errmsg("version '%s' is not greater than the latest release "
		    "'%.*s'", o->version, (int)(*latest)->label.len,
		    cl->buf + (*latest)->label.off);
		return EXIT_NO;
	}
	return EXIT_OK;
}

static size_t
count_items(const struct cl_release *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nsections; i++)
		n += r->sections[i].nitems;
	return n;
}

static int
has_version_links(const struct changelog *cl)
{
	const struct cl_release *r;
	size_t i;

	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (r->link)
			return 1;
	}
	return 0;
}

int
changelog_release(struct changelog *cl, const struct cl_release_opts *o,
    struct piecebuf *out, struct cl_release_result *res)
{
	const struct cl_release *u = NULL, *latest = NULL;
	struct semver_view v;
	struct cl_plan plan;
	struct writer w;
	char *base = NULL, *prefix = NULL;
	int rc, linked;
	size_t i;

	memset(&plan, 0, sizeof(plan));
	if (semver_view_parse(&v, o->version, strlen(o->version)) != 0) {
		errmsg("'%s' is not a SemVer version", o->version);
		return EXIT_USAGE;
	}
	if ((rc = refuse(cl, o, &v, &latest)) != EXIT_OK)
		goto cleanup;
	u = &cl->releases[0];
	changelog_plan_commits(cl, u, o->log, o->all_types, &plan);
	res->items = count_items(u) + plan.nitems;
	res->commits_added = plan.nitems;
	res->commits_mentioned = plan.mentioned;
	res->commits_left_out = plan.left_out;
	if (res->items == 0) {
		errmsg("nothing to release: [Unreleased] is empty and no "
		    "commit adds an item");
		rc = EXIT_NO;
		goto cleanup;
	}
	/* Links are kept when the file has them; a first release gets them
	   when the web address is known. The links tell it, else the git
	   remote (a link to commits/main, say, does not). */
	linked = has_version_links(cl);
	if (linked || latest == NULL)
		base = changelog_web_base(cl, o->url, o->repo_dir);
	if (linked && base == NULL) {
		errmsg("cannot tell the repository's web address from the links "
		    "of '%s'; use --url", cl->path);
		rc = EXIT_USAGE;
		goto cleanup;
	}
	memset(&w, 0, sizeof(w));
	w.cl = cl;
	w.out = out;
	w.plan = &plan;
	if (base) {
		prefix = o->tag_prefix ? xstrdup(o->tag_prefix) :
		    changelog_tag_prefix(cl, latest);
		plan_links(&w, u, latest, base, prefix, o->version);
	}
	emit_lines(&w, 0, u->body);
	piecebuf_adds(out, cl->eol);
	piecebuf_adds(out, "## [");
	piecebuf_adds(out, o->version);
	emit_line(&w, "] - ", o->date);
	emit_body(&w, u);
	for (i = 0; i < w.npatches; i++) {
		if (w.patches[i].line == cl->nlines)
			piecebuf_add(out, w.patches[i].text.buf,
			    w.patches[i].text.len);
		strbuf_release(&w.patches[i].text);
	}
	if (!cl->final_newline && cl->len)
		cut_final_newline(out, cl->eol);
	if (latest)
		span_dup(cl, latest->label, &res->previous);
	res->url = base;
	base = NULL;
cleanup:
	changelog_plan_free(&plan);
	free(base);
	free(prefix);
	return rc;
}

void
changelog_release_result_free(struct cl_release_result *res)
{
	free(res->previous);
	free(res->url);
	memset(res, 0, sizeof(*res));
}
