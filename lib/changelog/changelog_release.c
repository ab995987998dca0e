/* changelog_release.c: [Unreleased] becomes a release, byte for byte. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "changelog/changelog_lint.h"
#include "changelog/changelog_release.h"
#include "changelog/commitlinks.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"
#include "git/gitcmd.h"

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
	struct patch patches[2];	/* link definitions; an inline link
					   in the [Unreleased] heading */
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

/* A release's link: its inline URL, else its definition's; len 0: none. */
static struct cl_span
release_url(const struct cl_release *r)
{
	struct cl_span none = { 0, 0 };

	if (r->url.len)
		return r->url;
	return r->link ? r->link->url : none;
}

char *
changelog_web_base(const struct changelog *cl, const char *url,
    const char *repo_dir)
{
	static char *(*const readers[])(const char *, size_t) = {
		forgeurl_base_of_root, forgeurl_base_of_commits,
		forgeurl_base_of_link
	};
	struct cl_span sp;
	char *base, *remote;
	size_t k, i;

	if (url) {
		/* A clone URL gives its page, as the remote would; a web
		   URL keeps its port. */
		if (strncmp(url, "https://", 8) != 0 &&
		    strncmp(url, "http://", 7) != 0 &&
		    (base = forgeurl_from_remote(url)) != NULL)
			return base;
		return forgeurl_from_web(url);
	}
	/* The surest kind of link first, whichever release has it. */
	for (k = 0; k < sizeof(readers) / sizeof(*readers); k++)
		for (i = 0; i < cl->nreleases; i++) {
			sp = release_url(&cl->releases[i]);
			if (sp.len && (base = readers[k](cl->buf + sp.off,
			    sp.len)) != NULL)
				return base;
		}
	if (repo_dir == NULL || (remote = gitcmd_remote_url(repo_dir)) == NULL)
		return NULL;
	base = forgeurl_from_remote(remote);
	free(remote);
	return base;
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
changelog_tag_prefix(const struct changelog *cl,
    const struct cl_release *latest)
{
	struct cl_span sp;
	const char *url, *p, *start;
	size_t n;

	if (latest == NULL || (sp = release_url(latest)).len == 0)
		return xstrdup("v");
	url = cl->buf + sp.off;
	n = latest->label.len;
	if (sp.len < n || memcmp(url + sp.len - n, cl->buf +
	    latest->label.off, n) != 0)
		return xstrdup("v");
	p = url + sp.len - n;
	start = tag_name_start(url, p);
	return xstrndup(start, p - start);
}

/* "[label]: url", the label len bytes as they are (NUL bytes too). */
static void
add_link(struct strbuf *sb, const char *eol, const char *label, size_t len,
    const char *url)
{
	strbuf_addc(sb, '[');
	strbuf_add(sb, label, len);
	strbuf_addf(sb, "]: %s%s", url, eol);
}

/* Line `line` with the span sp replaced by url, and the line ending. */
static void
replace_span(const struct changelog *cl, size_t line, struct cl_span sp,
    const char *url, struct strbuf *sb)
{
	const char *s = changelog_line_text(cl, line);
	size_t at = sp.off - cl->lines[line].off, end = at + sp.len;

	strbuf_add(sb, s, at);
	strbuf_adds(sb, url);
	strbuf_add(sb, s + end, cl->lines[line].len - end);
	strbuf_adds(sb, cl->eol);
}

/* What the release writes: the new release's label, tag and links. */
struct release_plan {
	const struct cl_release *u;	/* [Unreleased] first, or NULL */
	const struct cl_release *top;	/* the newest release, or NULL */
	struct strbuf label;	/* the version, with a "v" if top has one */
	struct strbuf tag;	/* the tag prefix and the label */
	struct strbuf prev;	/* top's tag */
	char *base;		/* the web address, NULL: no links */
	int inline_links;	/* links in the headings, not definitions */
};

static void
release_plan_free(struct release_plan *rp)
{
	free(rp->base);
	strbuf_release(&rp->label);
	strbuf_release(&rp->tag);
	strbuf_release(&rp->prev);
}

/* The URL of the new release's link: compared with top, or its tag. */
static char *
new_release_url(const struct release_plan *rp)
{
	return rp->top ? forgeurl_compare(rp->base, rp->prev.buf,
	    rp->tag.buf) : forgeurl_tag(rp->base, rp->tag.buf);
}

size_t
changelog_trailing_links(const struct changelog *cl)
{
	size_t at = cl->nlines, k = cl->nlinks;

	while (at > 0) {
		if (k > 0 && cl->links[k - 1].line == at - 1)
			k--;
		else if (!changelog_line_blank(cl, at - 1))
			break;
		at--;
	}
	while (at < cl->nlines && changelog_line_blank(cl, at))
		at++;
	return at;
}

/* Patches for the [Unreleased] and new link definitions. */
static void
plan_links(struct writer *w, const struct release_plan *rp)
{
	const struct changelog *cl = w->cl;
	const struct cl_link *ul = rp->u ? rp->u->link : NULL;
	const struct cl_link *ll = rp->top ? rp->top->link : NULL;
	struct patch *p = &w->patches[w->npatches++];
	struct strbuf sb = STRBUF_INIT;
	struct cl_span sp;
	char *url;

	p->text = (struct strbuf)STRBUF_INIT;
	if (rp->u) {
		url = forgeurl_compare(rp->base, rp->tag.buf, "HEAD");
		if (ul)
			replace_span(cl, ul->line, ul->url, url, &p->text);
		else {
			/* The name its heading gives: "[Unreleased][REF]". */
			sp = rp->u->form == CL_FORM_REF && rp->u->ref.len ?
			    rp->u->ref : rp->u->label;
			add_link(&p->text, cl->eol, cl->buf + sp.off, sp.len,
			    url);
		}
		free(url);
	}
	url = new_release_url(rp);
	add_link(&p->text, cl->eol, rp->label.buf, rp->label.len, url);
	free(url);
	if (ul) {
		p->line = ul->line;
		p->replace = 1;
	} else if (ll)
		p->line = ll->line;
	else if ((p->line = changelog_trailing_links(cl)) == cl->nlines &&
	    cl->nlines && !changelog_line_blank(cl, cl->nlines - 1)) {
		/* At the end, after a blank line. */
		strbuf_adds(&sb, cl->eol);
		strbuf_add(&sb, p->text.buf, p->text.len);
		strbuf_release(&p->text);
		p->text = sb;
	}
}

/* An [Unreleased] heading that is an inline link now compares with the
   new release. */
static void
plan_inline_unreleased(struct writer *w, const struct release_plan *rp)
{
	struct patch *p = &w->patches[w->npatches++];
	char *url = forgeurl_compare(rp->base, rp->tag.buf, "HEAD");

	p->text = (struct strbuf)STRBUF_INIT;
	p->line = rp->u->line;
	p->replace = 1;
	replace_span(w->cl, rp->u->line, rp->u->url, url, &p->text);
	free(url);
}

/* "## [1.2.0] - DATE" in the form of the newest heading, " (DATE)" too. */
static void
emit_heading(struct writer *w, const struct release_plan *rp,
    const char *date)
{
	struct strbuf sb = STRBUF_INIT;
	const char *label = rp->label.buf;
	char *url;
	int form = rp->top ? rp->top->form : CL_FORM_BRACKETS;

	if (rp->inline_links)
		form = CL_FORM_INLINE;
	else if (form == CL_FORM_INLINE)
		form = CL_FORM_BRACKETS;	/* no address for its link */
	strbuf_adds(&sb, "## ");
	if (form == CL_FORM_BARE)
		strbuf_adds(&sb, label);
	else if (form == CL_FORM_INLINE) {
		url = new_release_url(rp);
		strbuf_addf(&sb, "[%s](%s)", label, url);
		free(url);
	} else if (form == CL_FORM_REF)
		strbuf_addf(&sb, "[%s][%s]", label, rp->top->ref.len ? label :
		    "");
	else
		strbuf_addf(&sb, "[%s]", label);
	strbuf_addf(&sb, rp->top && rp->top->date_paren ? " (%s)%s" :
	    " - %s%s", date, w->cl->eol);
	piecebuf_add(w->out, sb.buf, sb.len);
	strbuf_release(&sb);
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

/* Rules whose errors leave no safe place for the new release. */
static int
must_guess(const char *rule)
{
	return strcmp(rule, "unreleased-repeated") == 0 ||
	    strcmp(rule, "unreleased-position") == 0 ||
	    strcmp(rule, "unclosed") == 0;
}

/*
 * Lint errors: under strict, a refusal; else the ones that would make
 * the release a guess, and the others are warnings (the releases they
 * are in stay as they are).
 */
static int
refuse_lint(struct changelog *cl, const struct cl_release_opts *o)
{
	const struct cl_diag *d;
	size_t i, guess = 0;

	if (changelog_lint(cl, o->sections) == 0)
		return 0;
	if (o->strict) {
		changelog_print_diags(cl, 1);
		errmsg("'%s' has lint errors; nothing was changed", cl->path);
		return 1;
	}
	for (i = 0; i < cl->ndiags; i++)
		guess += cl->diags[i].severity == CL_ERROR &&
		    must_guess(cl->diags[i].rule);
	for (i = 0; i < cl->ndiags; i++) {
		d = &cl->diags[i];
		if (d->severity == CL_ERROR && (!guess || must_guess(d->rule)))
			diag_at(cl->path, d->line, d->column,
			    guess ? "error" : "warning", "%s", d->message);
	}
	if (guess)
		errmsg("'%s': cannot tell where the release goes; nothing "
		    "was changed", cl->path);
	return guess != 0;
}

/* The first release with a version: what the new one must exceed. */
static const struct cl_release *
latest_version(const struct changelog *cl)
{
	size_t i;

	for (i = 0; i < cl->nreleases; i++)
		if (!cl->releases[i].unreleased && cl->releases[i].version_ok)
			return &cl->releases[i];
	return NULL;
}

static int
refuse(struct changelog *cl, const struct cl_release_opts *o,
    const struct semver_view *v)
{
	const struct cl_release *r;

	if (refuse_lint(cl, o))
		return EXIT_NO;
	if ((r = changelog_find(cl, o->version)) != NULL) {
		errmsg("version '%s' already exists (%s:%zu)", o->version,
		    cl->path, (size_t)r->line + 1);
		return EXIT_NO;
	}
	r = latest_version(cl);
	if (r && semver_view_cmp(v, &r->version) <= 0) {
		errmsg("version '%s' is not greater than the latest release "
		    "'%.*s'", o->version, (int)r->label.len,
		    cl->buf + r->label.off);
		return EXIT_NO;
	}
	return EXIT_OK;
}

static size_t
count_items(const struct cl_release *r)
{
	size_t i, n = 0;

	for (i = 0; r && i < r->nsections; i++)
		n += r->sections[i].nitems;
	return n;
}

int
changelog_has_version_links(const struct changelog *cl)
{
	size_t i;

	for (i = 0; i < cl->nreleases; i++)
		if (cl->releases[i].link)
			return 1;
	return 0;
}

/*
 * The label, tag and links of the new release. Links are kept in the
 * file's form when it has them; a first release gets them when the web
 * address is known. Returns EXIT_OK or EXIT_USAGE.
 */
static int
plan_release(const struct changelog *cl, const struct cl_release_opts *o,
    struct release_plan *rp)
{
	const struct cl_release *top = rp->top;
	int linked = changelog_has_version_links(cl);
	char *prefix;

	rp->inline_links = top ? top->form == CL_FORM_INLINE :
	    rp->u && rp->u->form == CL_FORM_INLINE;
	strbuf_addf(&rp->label, "%s%s", top && top->vprefix ?
	    "v" : "", o->version);
	if (linked || rp->inline_links || top == NULL)
		rp->base = changelog_web_base(cl, o->url, o->repo_dir);
	if ((linked || rp->inline_links) && rp->base == NULL) {
		errmsg("cannot tell the repository's web address from the "
		    "links of '%s'; use --url", cl->path);
		return EXIT_USAGE;
	}
	prefix = o->tag_prefix ? xstrdup(o->tag_prefix) :
	    changelog_tag_prefix(cl, top);
	strbuf_addf(&rp->tag, "%s%s", prefix, rp->label.buf);
	if (top)
		strbuf_addf(&rp->prev, "%s%.*s", prefix, (int)top->label.len,
		    cl->buf + top->label.off);
	free(prefix);
	return EXIT_OK;
}

/* No [Unreleased]: the new release goes above the newest one (or after
   the text, before the links at the end). */
static void
emit_above(struct writer *w, const struct release_plan *rp,
    const char *date)
{
	const struct changelog *cl = w->cl;
	size_t at = rp->top ? rp->top->line : changelog_trailing_links(cl), k;

	emit_lines(w, 0, at);
	ensure_blank(w);
	emit_heading(w, rp, date);
	for (k = 0; k < NSTD; k++)
		if (planned(w->plan, k))
			emit_new_section(w, k);
	if (at < cl->nlines)
		ensure_blank(w);
	emit_lines(w, at, cl->nlines);
}

/*
 * The new items link their commits when asked to, or when the file's
 * items link theirs: under --url, else the base of those links, else
 * the file's or the remote's web address. EXIT_OK or EXIT_USAGE.
 */
static int
link_commits(const struct changelog *cl, const struct cl_release_opts *o,
    struct cl_plan *plan)
{
	char *found, *base;

	if (!changelog_plan_has_ids(plan))
		return EXIT_OK;
	found = changelog_commit_link_base(cl);
	if (!o->commit_links && found == NULL)
		return EXIT_OK;
	base = found && o->url == NULL ? found :
	    changelog_web_base(cl, o->url, o->repo_dir);
	if (base == NULL) {
		errmsg("cannot tell the repository's web address for the "
		    "commit links; use --url");
		return EXIT_USAGE;
	}
	changelog_plan_link(plan, base);
	if (base != found)
		free(base);
	free(found);
	return EXIT_OK;
}

int
changelog_release(struct changelog *cl, const struct cl_release_opts *o,
    struct piecebuf *out, struct cl_release_result *res)
{
	struct release_plan rp = { NULL, NULL, STRBUF_INIT, STRBUF_INIT,
	    STRBUF_INIT, NULL, 0 };
	struct semver_view v;
	struct cl_plan plan;
	struct writer w;
	int rc;
	size_t i;

	memset(&plan, 0, sizeof(plan));
	if (semver_view_parse(&v, o->version, strlen(o->version)) != 0) {
		errmsg("'%s' is not a SemVer version", o->version);
		return EXIT_USAGE;
	}
	if ((rc = refuse(cl, o, &v)) != EXIT_OK)
		goto cleanup;
	if (cl->nreleases && cl->releases[0].unreleased)
		rp.u = &cl->releases[0];
	rp.top = changelog_latest(cl);
	changelog_plan_commits(cl, rp.u, o->log, o->all_types, &plan);
	res->items = count_items(rp.u) + plan.nitems;
	res->commits_added = plan.nitems;
	res->commits_mentioned = plan.mentioned;
	res->commits_left_out = plan.left_out;
	if (res->items == 0) {
		errmsg("nothing to release: %s and no commit adds an item",
		    rp.u ? "[Unreleased] is empty" : "no [Unreleased] section");
		rc = EXIT_NO;
		goto cleanup;
	}
	if ((rc = link_commits(cl, o, &plan)) != EXIT_OK ||
	    (rc = plan_release(cl, o, &rp)) != EXIT_OK)
		goto cleanup;
	memset(&w, 0, sizeof(w));
	for (i = 0; i < 2; i++)
		strbuf_init(&w.patches[i].text);
	w.cl = cl;
	w.out = out;
	w.plan = &plan;
	if (rp.base && rp.inline_links && rp.u && rp.u->url.len)
		plan_inline_unreleased(&w, &rp);
	if (rp.base && !rp.inline_links)
		plan_links(&w, &rp);
	if (rp.u) {
		emit_lines(&w, 0, rp.u->body);
		piecebuf_adds(out, cl->eol);
		emit_heading(&w, &rp, o->date);
		emit_body(&w, rp.u);
	} else
		emit_above(&w, &rp, o->date);
	for (i = 0; i < w.npatches; i++) {
		if (w.patches[i].line == cl->nlines)
			piecebuf_add(out, w.patches[i].text.buf,
			    w.patches[i].text.len);
		strbuf_release(&w.patches[i].text);
	}
	if (!cl->final_newline && cl->len)
		cut_final_newline(out, cl->eol);
	if (rp.top)
		res->previous = xstrndup(cl->buf + rp.top->label.off,
		    rp.top->label.len);
	res->url = rp.base;
	rp.base = NULL;
cleanup:
	changelog_plan_free(&plan);
	release_plan_free(&rp);
	return rc;
}

int
changelog_release_lines(const struct changelog *cl,
    const struct cl_release *below, const struct cl_release_opts *o,
    struct piecebuf *out, size_t *items)
{
	struct release_plan rp = { NULL, NULL, STRBUF_INIT, STRBUF_INIT,
	    STRBUF_INIT, NULL, 0 };
	struct cl_plan plan;
	struct writer w;
	int rc = EXIT_OK, k;

	changelog_plan_commits(cl, NULL, o->log, o->all_types, &plan);
	*items = plan.nitems;
	if ((rc = link_commits(cl, o, &plan)) != EXIT_OK)
		goto cleanup;
	memset(&w, 0, sizeof(w));
	w.cl = cl;
	w.out = out;
	w.plan = &plan;
	if (o->version) {
		rp.top = below;
		if ((rc = plan_release(cl, o, &rp)) != EXIT_OK)
			goto cleanup;
		emit_heading(&w, &rp, o->date);
	}
	for (k = 0; k < NSTD; k++)
		if (planned(&plan, k))
			emit_new_section(&w, k);
cleanup:
	changelog_plan_free(&plan);
	release_plan_free(&rp);
	return rc;
}

void
changelog_release_result_free(struct cl_release_result *res)
{
	free(res->previous);
	free(res->url);
	memset(res, 0, sizeof(*res));
}
