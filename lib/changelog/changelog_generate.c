/* changelog_generate.c: every release of a history, as release writes it. */
#include <stdlib.h>
#include <string.h>

#include "changelog/changelog_generate.h"
#include "changelog/changelog_merge.h"
#include "changelog/changelog_release.h"
#include "core/diag.h"
#include "core/piecebuf.h"
#include "core/xalloc.h"
#include "forge/forgeurl.h"
#include "release/releasesdoc.h"

const char changelog_template[] =
    "# Changelog\n"
    "\n"
    "All notable changes to this project are documented in this file.\n"
    "\n"
    "The format is based on [Keep a Changelog]"
    "(https://keepachangelog.com/en/1.1.0/),\n"
    "and this project adheres to [Semantic Versioning]"
    "(https://semver.org/spec/v2.0.0.html).\n"
    "\n"
    "## [Unreleased]\n";

/* A release of the document, and where its link goes when it is new. */
struct gen_release {
	char *version;
	char *tag;
	char *label;		/* NULL: the file has it already */
	size_t link_at;		/* the line its definition goes before */
};

struct gen {
	struct changelog *cl;
	const struct cl_generate_opts *o;
	struct cl_generate_result *res;
	int fd;
	int fresh;		/* a new file from the template */
	struct piecebuf out;
	size_t cursor;		/* the next line of cl to copy */
	size_t ri;		/* the next release of cl to look at */
	int ends_blank;		/* the output ends with a blank line */
	char *prefix;		/* the tag prefix of the file's releases */
	struct gen_release *rel;	/* newest first */
	size_t nrel, arel;
};

/* Write out what is held; 0 or -1 after a message. */
static int
flush(struct gen *g)
{
	int rc = piecebuf_write(&g->out, g->fd);

	if (rc != 0)
		errmsg_errno("cannot write the changelog");
	piecebuf_release(&g->out);
	g->out = (struct piecebuf)PIECEBUF_INIT;
	return rc;
}

/* Lines [cursor, to) of the file, as they are. */
static void
copy_to(struct gen *g, size_t to)
{
	const char *start;
	size_t len;
	int ended;

	if (to <= g->cursor)
		return;
	if (!g->ends_blank && !changelog_line_blank(g->cl, g->cursor))
		piecebuf_adds(&g->out, g->cl->eol);
	len = changelog_lines_span(g->cl, g->cursor, to, &start, &ended);
	piecebuf_borrow(&g->out, start, len);
	if (!ended)
		piecebuf_adds(&g->out, g->cl->eol);
	g->ends_blank = changelog_line_blank(g->cl, to - 1);
	g->cursor = to;
}

/* Start a block of new lines after a blank line. */
static void
separate(struct gen *g)
{
	if (!g->ends_blank)
		piecebuf_adds(&g->out, g->cl->eol);
	g->ends_blank = 0;
}

/* The first release of the file below version v, from g->ri on. */
static const struct cl_release *
below(struct gen *g, const struct semver_view *v)
{
	const struct cl_release *r;

	for (; g->ri < g->cl->nreleases; g->ri++) {
		r = &g->cl->releases[g->ri];
		if (!r->unreleased && r->version_ok &&
		    semver_view_cmp(&r->version, v) < 0)
			return r;
	}
	return NULL;
}

static void
note_release(struct gen *g, const struct releasesdoc_entry *e, char *label,
    size_t link_at)
{
	struct gen_release *r;

	ALLOC_GROW(g->rel, g->nrel + 1, g->arel);
	r = &g->rel[g->nrel++];
	r->version = xstrdup(e->version);
	r->tag = xstrdup(e->tag);
	r->label = label;
	r->link_at = link_at;
}

/* Release e, which the file lacks, in its place. */
static int
add_release(struct gen *g, const struct releasesdoc_entry *e)
{
	struct cl_release_opts o;
	const struct cl_release *r;
	struct semver_view v;
	char date[11];
	size_t at, items;
	int rc;

	if (semver_view_parse(&v, e->version, strlen(e->version)) != 0 ||
	    (memcpy(date, e->date, 10), date[10] = '\0',
	    !changelog_valid_date(date, 10))) {
		errmsg("release '%s': not a version and a date", e->tag);
		return EXIT_USAGE;
	}
	r = below(g, &v);
	at = r ? r->line : changelog_trailing_links(g->cl);
	copy_to(g, at > g->cursor ? at : g->cursor);
	memset(&o, 0, sizeof(o));
	o.version = e->version;
	o.date = date;
	o.url = g->res->url;
	o.log = &e->log;
	o.all_types = g->o->all_types;
	o.commit_links = g->o->commit_links;
	separate(g);
	if ((rc = changelog_release_lines(g->cl, r, &o, &g->out, &items)) !=
	    EXIT_OK)
		return rc;
	g->res->added++;
	g->res->items += items;
	note_release(g, e, xstrfmt("%s%s", r && r->vprefix ? "v" : "",
	    e->version), r && r->link ? r->link->line : (size_t)-1);
	return EXIT_OK;
}

/* The sections of the unreleased commits under a new [Unreleased]. */
static int
add_unreleased(struct gen *g, const struct releasesdoc_entry *e)
{
	struct cl_release_opts o;
	struct piecebuf sections = PIECEBUF_INIT;
	struct strbuf text = STRBUF_INIT;
	size_t items;
	int rc;

	memset(&o, 0, sizeof(o));
	o.log = &e->log;
	o.all_types = g->o->all_types;
	o.commit_links = g->o->commit_links;
	o.url = g->res->url;
	copy_to(g, g->cl->nlines);
	rc = changelog_release_lines(g->cl, NULL, &o, &sections, &items);
	if (rc == EXIT_OK && items) {
		separate(g);
		piecebuf_flatten(&sections, &text);
		piecebuf_add(&g->out, text.buf, text.len);
		g->res->items += items;
	}
	piecebuf_release(&sections);
	strbuf_release(&text);
	return rc;
}

/* The tag of the release below version v in the new file, or NULL. */
static char *
previous_tag(const struct gen *g, const char *version)
{
	const struct changelog *cl = g->cl;
	struct semver_view v, best, w;
	const char *tag = NULL;
	char *from_file = NULL;
	size_t i;
	int have = 0;

	semver_view_parse(&v, version, strlen(version));
	for (i = 0; i < g->nrel; i++) {
		semver_view_parse(&w, g->rel[i].version,
		    strlen(g->rel[i].version));
		if (semver_view_cmp(&w, &v) < 0 && (!have ||
		    semver_view_cmp(&w, &best) > 0)) {
			best = w;
			tag = g->rel[i].tag;
			have = 1;
		}
	}
	for (i = 0; !g->fresh && i < cl->nreleases; i++)
		if (!cl->releases[i].unreleased && cl->releases[i].version_ok &&
		    semver_view_cmp(&cl->releases[i].version, &v) < 0 &&
		    (!have || semver_view_cmp(&cl->releases[i].version,
		    &best) > 0)) {
			best = cl->releases[i].version;
			free(from_file);
			from_file = xstrfmt("%s%.*s", g->prefix,
			    (int)cl->releases[i].label.len,
			    cl->buf + cl->releases[i].label.off);
			tag = NULL;
			have = 1;
		}
	return tag ? xstrdup(tag) : from_file;
}

/* "[label]: url" for each new release, at its place, and the rest of
   the file. */
static void
add_links(struct gen *g)
{
	const struct cl_release *u = g->cl->nreleases &&
	    g->cl->releases[0].unreleased ? &g->cl->releases[0] : NULL;
	size_t end = changelog_trailing_links(g->cl), i, at;
	size_t last = (size_t)-1;	/* where the last link went */
	struct strbuf line = STRBUF_INIT;
	char *prev, *url;

	if (u && !u->link && !u->url.len && g->nrel && g->rel[0].label) {
		url = forgeurl_compare(g->res->url, g->rel[0].tag, "HEAD");
		copy_to(g, end);
		separate(g);
		strbuf_addf(&line, "[%.*s]: %s%s", (int)u->label.len,
		    g->cl->buf + u->label.off, url, g->cl->eol);
		piecebuf_add(&g->out, line.buf, line.len);
		free(url);
		last = end;
	}
	for (i = 0; i < g->nrel; i++) {
		if (g->rel[i].label == NULL)
			continue;
		at = g->rel[i].link_at == (size_t)-1 ? end : g->rel[i].link_at;
		at = at > g->cursor ? at : g->cursor;
		copy_to(g, at);
		if (at != last && (at == g->cl->nlines ||
		    changelog_line_blank(g->cl, at)))
			separate(g);
		last = at;
		prev = previous_tag(g, g->rel[i].version);
		url = prev ? forgeurl_compare(g->res->url, prev,
		    g->rel[i].tag) : forgeurl_tag(g->res->url, g->rel[i].tag);
		strbuf_reset(&line);
		strbuf_addf(&line, "[%s]: %s%s", g->rel[i].label, url,
		    g->cl->eol);
		piecebuf_add(&g->out, line.buf, line.len);
		g->ends_blank = 1;	/* definitions follow each other */
		free(prev);
		free(url);
	}
	strbuf_release(&line);
}

/* Are links to be written: a web address, and a file that has them or
   no release yet. */
static int
want_links(const struct gen *g)
{
	const struct cl_release *top = changelog_latest(g->cl);

	if (g->res->url == NULL || (top && top->form == CL_FORM_INLINE))
		return 0;
	return g->fresh || top == NULL || changelog_has_version_links(g->cl);
}

/* Is version below the last release read, as newest first has it? */
static int
below_last(const struct gen *g, const char *version)
{
	const char *last = g->rel[g->nrel - 1].version;
	struct semver_view a, b;

	return semver_view_parse(&a, version, strlen(version)) == 0 &&
	    semver_view_parse(&b, last, strlen(last)) == 0 &&
	    semver_view_cmp(&a, &b) < 0;
}

static int
read_all(struct gen *g, int in_fd)
{
	struct strbuf err = STRBUF_INIT;
	struct releasesdoc rd;
	struct releasesdoc_entry e;
	int rc = EXIT_OK, more = 0;

	releasesdoc_open(&rd, in_fd);
	while (rc == EXIT_OK &&
	    (more = releasesdoc_next(&rd, &e, CL_GITLOG_NEED, &err)) > 0) {
		if (e.tag && g->nrel && !below_last(g, e.version)) {
			errmsg("the rel-gitlog --releases document: release "
			    "'%s' is not below '%s', the one before it", e.tag,
			    g->rel[g->nrel - 1].tag);
			rc = EXIT_USAGE;
		} else if (e.tag == NULL)
			rc = g->fresh ? add_unreleased(g, &e) : EXIT_OK;
		else if (!g->fresh && changelog_find(g->cl, e.version)) {
			g->res->kept++;
			note_release(g, &e, NULL, 0);
		} else
			rc = add_release(g, &e);
		releasesdoc_entry_free(&e);
		if (rc == EXIT_OK && flush(g) != 0)
			rc = EXIT_ENV;
	}
	if (rc == EXIT_OK && more < 0) {
		errmsg("the rel-gitlog --releases document: %s", err.buf);
		rc = EXIT_USAGE;
	}
	releasesdoc_close(&rd);
	strbuf_release(&err);
	return rc;
}

int
changelog_generate(struct changelog *cl, const struct cl_generate_opts *o,
    int in_fd, int out_fd, struct cl_generate_result *res)
{
	struct changelog tmpl = CHANGELOG_INIT;
	struct gen g;
	size_t i;
	int rc;

	memset(&g, 0, sizeof(g));
	memset(res, 0, sizeof(*res));
	if (cl == NULL) {
		changelog_parse(&tmpl, "CHANGELOG.md", changelog_template,
		    sizeof(changelog_template) - 1);
		cl = &tmpl;
		g.fresh = 1;
	}
	g.cl = cl;
	g.o = o;
	g.res = res;
	g.fd = out_fd;
	g.ends_blank = 1;
	g.prefix = changelog_tag_prefix(cl, changelog_latest(cl));
	res->url = changelog_web_base(cl, o->url, o->repo_dir);
	rc = read_all(&g, in_fd);
	if (rc == EXIT_OK) {
		if (want_links(&g))
			add_links(&g);
		copy_to(&g, cl->nlines);
		if (!cl->final_newline && cl->len)
			piecebuf_cut(&g.out, strlen(cl->eol));
		if (flush(&g) != 0)
			rc = EXIT_ENV;
	}
	piecebuf_release(&g.out);
	for (i = 0; i < g.nrel; i++) {
		free(g.rel[i].version);
		free(g.rel[i].tag);
		free(g.rel[i].label);
	}
	free(g.rel);
	free(g.prefix);
	changelog_free(&tmpl);
	return rc;
}

void
changelog_generate_result_free(struct cl_generate_result *res)
{
	free(res->url);
	memset(res, 0, sizeof(*res));
}
