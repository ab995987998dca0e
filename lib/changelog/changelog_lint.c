/* changelog_lint.c: the rules of Keep a Changelog over the whole model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "changelog/changelog.h"
#include "changelog/changelog_lint.h"
#include "changelog/changelog_rules.h"
#include "core/diag.h"
#include "core/xalloc.h"

#define SPAN(cl, sp) (int)(sp).len, (cl)->buf + (sp).off

static size_t
column(const struct changelog *cl, size_t line, size_t off)
{
	return off - cl->lines[line].off + 1;
}

static int
in_list(const char *const *names, const char *s, size_t len)
{
	for (; names && *names; names++)
		if (changelog_casecmp(*names, strlen(*names), s, len) == 0)
			return 1;
	return 0;
}

static void
lint_title(struct changelog *cl)
{
	/* Comments and front matter may come first: tools put them there. */
	if (!cl->has_h1 || cl->h1_line != cl->first_block)
		changelog_diag(cl, 1, 1, "h1-first",
		    "the first line is not the H1 heading '# Changelog'");
	else if (changelog_casecmp(cl->buf + cl->title.off, cl->title.len,
	    "Changelog", 9) != 0 && changelog_casecmp(cl->buf +
	    cl->title.off, cl->title.len, "Change Log", 10) != 0)
		changelog_diag(cl, 1, 1, "title",
		    "the title is '%.*s', not 'Changelog'", SPAN(cl, cl->title));
}

/* Label forms Keep a Changelog does not use, but does not forbid. */
static void
lint_form(struct changelog *cl, const struct cl_release *r)
{
	size_t line = r->line + 1;

	if (r->form == CL_FORM_BARE)
		changelog_diag(cl, line, 1, "heading-brackets",
		    "'%.*s' is not in brackets", SPAN(cl, r->label));
	else if (r->form == CL_FORM_INLINE)
		changelog_diag(cl, line, 1, "heading-inline-link",
		    "'%.*s' is an inline link, not a link reference",
		    SPAN(cl, r->label));
	else if (r->form == CL_FORM_REF)
		changelog_diag(cl, line, 1, "heading-reference",
		    "'%.*s' names its link reference '%.*s'",
		    SPAN(cl, r->label), SPAN(cl, r->ref));
	if (r->vprefix)
		changelog_diag(cl, line, column(cl, r->line, r->label.off),
		    "version-prefix", "version '%.*s' starts with 'v'",
		    SPAN(cl, r->label));
	if (r->date_paren)
		changelog_diag(cl, line, column(cl, r->line, r->date.off),
		    "date-parentheses", "the date '%.*s' is in parentheses, "
		    "not after ' - '", SPAN(cl, r->date));
}

static void
lint_unreleased(struct changelog *cl)
{
	struct cl_release *r;
	size_t i, seen = 0;

	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (!r->unreleased)
			continue;
		if (seen++)
			changelog_diag(cl, r->line + 1, 1,
			    "unreleased-repeated", "[Unreleased] repeated");
		else if (i != 0)
			changelog_diag(cl, r->line + 1, 1,
			    "unreleased-position",
			    "[Unreleased] is not the first release");
		if (r->date.len || r->yanked)
			changelog_diag(cl, r->line + 1, 1,
			    "unreleased-dated", "[Unreleased] has a date");
		else if (!r->form_ok)
			changelog_diag(cl, r->line + 1, 1,
			    "heading-form", "heading is not '## [Unreleased]'");
		else
			lint_form(cl, r);
	}
	/* Keep a Changelog advises it; it does not require it. */
	if (seen == 0)
		changelog_diag(cl, cl->nreleases ? cl->releases[0].line + 1 :
		    cl->nlines + !cl->nlines, 1,
		    "unreleased-missing", "no [Unreleased] section at the top");
}

/* What is most likely wrong with a heading not of the form, or "". */
static const char *
form_hint(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i++)
		if ((unsigned char)s[i] == 0xe2 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x93 ||
		    (unsigned char)s[i + 2] == 0x94))
			return " (a typographic dash, not '-')";
	return "";
}

static void
lint_heading(struct changelog *cl, const struct cl_release *r)
{
	size_t line = r->line + 1;

	if (!r->form_ok) {
		changelog_diag(cl, line, 1, "heading-form",
		    "release heading '%.*s' is not '## [VERSION] - YYYY-MM-DD'%s",
		    SPAN(cl, r->heading), form_hint(cl->buf + r->heading.off,
		    r->heading.len));
		return;
	}
	lint_form(cl, r);
	if (!r->version_ok)
		changelog_diag(cl, line, column(cl, r->line, r->label.off),
		    "semver", "'%.*s' is not a SemVer version",
		    SPAN(cl, r->label));
	if (r->date.len == 0)
		changelog_diag(cl, line, 1, "date-missing",
		    "release heading has no date");
	else if (!changelog_valid_date(cl->buf + r->date.off, r->date.len))
		changelog_diag(cl, line, column(cl, r->line, r->date.off),
		    "date", "'%.*s' is not a real date (YYYY-MM-DD)",
		    SPAN(cl, r->date));
}

/* Releases in version order, to find duplicates in n log n. */
static int
version_order(const void *pa, const void *pb)
{
	const struct cl_release *a = *(const struct cl_release *const *)pa;
	const struct cl_release *b = *(const struct cl_release *const *)pb;
	int c = semver_view_cmp(&a->version, &b->version);

	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Both dates are real and a's is after b's. */
static int
dated_after(const struct changelog *cl, const struct cl_release *a,
    const struct cl_release *b)
{
	const char *da = cl->buf + a->date.off, *db = cl->buf + b->date.off;

	return changelog_valid_date(da, a->date.len) &&
	    changelog_valid_date(db, b->date.len) && memcmp(da, db, 10) > 0;
}

/*
 * A maintenance release of an older line published after a newer one
 * (2.4.9 on 2024-04-02 above 3.0.0 of 2024-03-15): the order is the
 * dates', newest first.
 */
static int
maintenance(const struct changelog *cl, const struct cl_release *above,
    const struct cl_release *below)
{
	return !dated_after(cl, below, above) &&
	    changelog_valid_date(cl->buf + above->date.off, above->date.len) &&
	    changelog_valid_date(cl->buf + below->date.off, below->date.len);
}

static void
lint_versions(struct changelog *cl)
{
	struct cl_release **sorted, *r, *prev = NULL;
	size_t i, n = 0;
	int descending = 1, c = 1;

	sorted = xcalloc(cl->nreleases + 1, sizeof(*sorted));
	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (r->unreleased)
			continue;
		lint_heading(cl, r);
		if (!r->version_ok)
			continue;
		sorted[n++] = r;
		if (prev && (c = semver_view_cmp(&prev->version,
		    &r->version)) <= 0)
			descending = 0;
		if (prev && c < 0 && maintenance(cl, prev, r))
			changelog_diag(cl, r->line + 1, 1,
			    "maintenance-order", "version '%.*s' is greater "
			    "than '%.*s' above it (line %zu), a maintenance "
			    "release dated after it", SPAN(cl, r->label),
			    SPAN(cl, prev->label), (size_t)prev->line + 1);
		else if (prev && c < 0)
			changelog_diag(cl, r->line + 1, 1,
			    "version-order", "version '%.*s' is greater than "
			    "'%.*s' above it (line %zu)", SPAN(cl, r->label),
			    SPAN(cl, prev->label), (size_t)prev->line + 1);
		else if (prev && dated_after(cl, r, prev))
			changelog_diag(cl, r->line + 1,
			    column(cl, r->line, r->date.off),
			    "date-order", "'%.*s' is dated after the newer "
			    "release '%.*s' (line %zu)", SPAN(cl, r->label),
			    SPAN(cl, prev->label), (size_t)prev->line + 1);
		prev = r;
	}
	/* Strictly descending versions cannot repeat: no sort needed. */
	if (!descending)
		qsort(sorted, n, sizeof(*sorted), version_order);
	for (i = 1; i < n && !descending; i++)
		if (semver_view_cmp(&sorted[i - 1]->version,
		    &sorted[i]->version) == 0)
			changelog_diag(cl, sorted[i]->line + 1, 1,
			    "duplicate-version", "version '%.*s' also on line "
			    "%zu", SPAN(cl, sorted[i]->label),
			    (size_t)sorted[i - 1]->line + 1);
	free(sorted);
}

/* Sections are the same section: the same rank, or unknown and the same
   name but for case. */
static int
section_cmp(const struct changelog *cl, const struct cl_section *a,
    const struct cl_section *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->rank >= 0)
		return 0;
	return changelog_casecmp(cl->buf + a->name.off, a->name.len,
	    cl->buf + b->name.off, b->name.len);
}

static const struct changelog *sort_cl;	/* for qsort's comparison */

static int
section_order(const void *pa, const void *pb)
{
	const struct cl_section *a = *(const struct cl_section *const *)pa;
	const struct cl_section *b = *(const struct cl_section *const *)pb;
	int c = section_cmp(sort_cl, a, b);

	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/*
 * first[i]: the first section of r that section i repeats, or NULL. By
 * comparing each with those before it when there are few (the usual
 * case, no allocation), else in n log n: a release may have thousands.
 */
static void
find_repeats(const struct changelog *cl, const struct cl_release *r,
    const struct cl_section **first)
{
	const struct cl_section **v;
	size_t i, j, n = r->nsections;

	if (n <= 16) {
		for (i = 0; i < n; i++)
			for (j = 0; j < i && !first[i]; j++)
				if (section_cmp(cl, &r->sections[j],
				    &r->sections[i]) == 0)
					first[i] = &r->sections[j];
		return;
	}
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = &r->sections[i];
	sort_cl = cl;
	qsort(v, n, sizeof(*v), section_order);
	for (i = 1, j = 0; i < n; i++) {
		if (section_cmp(cl, v[j], v[i]) != 0)
			j = i;
		else
			first[v[i] - r->sections] = v[j];
	}
	free(v);
}

static void
lint_sections(struct changelog *cl, const struct cl_release *r,
    const char *const *names)
{
	const struct cl_section *s, *few[16], **first = few;
	size_t i;

	if (r->nsections > 16)
		first = xcalloc(r->nsections, sizeof(*first));
	else
		memset(few, 0, sizeof(few));
	find_repeats(cl, r, first);
	for (i = 0; i < r->nsections; i++) {
		s = &r->sections[i];
		if (s->rank < 0 &&
		    !in_list(names, cl->buf + s->name.off, s->name.len))
			changelog_diag(cl, s->line + 1, 1,
			    "section-name", "unknown section '%.*s' (Added, "
			    "Changed, Deprecated, Removed, Fixed, Security)",
			    SPAN(cl, s->name));
		if (first[i])
			changelog_diag(cl, s->line + 1, 1,
			    "duplicate-section", "section '%.*s' also on line "
			    "%zu", SPAN(cl, s->name),
			    (size_t)first[i]->line + 1);
		if (s->nitems == 0)
			changelog_diag(cl, s->line + 1, 1,
			    "empty-section", "section '%.*s' is empty",
			    SPAN(cl, s->name));
	}
	if (first != few)
		free(first);
}

/* Links for some versions but not others. */
static void
lint_links(struct changelog *cl)
{
	const struct cl_release *r;
	size_t i, linked = 0;

	for (i = 0; i < cl->nreleases; i++)
		linked += cl->releases[i].link || cl->releases[i].url.len;
	if (linked == 0 || linked == cl->nreleases)
		return;
	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (r->link == NULL && r->url.len == 0)
			changelog_diag(cl, r->line + 1, 1,
			    "missing-link", "no link reference for '[%.*s]'",
			    SPAN(cl, r->label));
	}
}

static int
diag_order(const void *pa, const void *pb)
{
	const struct cl_diag *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Keep only the parser's diagnostics: lint may run more than once. */
static void
drop_lint_diags(struct changelog *cl)
{
	size_t i, n = 0;

	for (i = 0; i < cl->ndiags; i++) {
		if (cl->diags[i].seq < cl->nparse_diags)
			cl->diags[n++] = cl->diags[i];
		else
			free(cl->diags[i].message);
	}
	cl->ndiags = n;
}

size_t
changelog_lint(struct changelog *cl, const char *const *names)
{
	size_t i, errors = 0;

	drop_lint_diags(cl);
	lint_title(cl);
	lint_unreleased(cl);
	lint_versions(cl);
	for (i = 0; i < cl->nreleases; i++)
		lint_sections(cl, &cl->releases[i], names);
	lint_links(cl);
	if (cl->ndiags)
		qsort(cl->diags, cl->ndiags, sizeof(*cl->diags), diag_order);
	for (i = 0; i < cl->ndiags; i++) {
		/* The parser's were recorded before cl->rules was set. */
		cl->diags[i].severity = changelog_rule_severity(cl->rules,
		    cl->diags[i].rule);
		errors += cl->diags[i].severity == CL_ERROR;
	}
	return errors;
}

void
changelog_print_diags(const struct changelog *cl, int errors_only)
{
	const struct cl_diag *d;
	size_t i;

	for (i = 0; i < cl->ndiags; i++) {
		d = &cl->diags[i];
		if (d->severity == CL_OFF ||
		    (errors_only && d->severity != CL_ERROR))
			continue;
		diag_at(cl->path, d->line, d->column,
		    d->severity == CL_ERROR ? "error" : "warning", "%s",
		    d->message);
	}
}
