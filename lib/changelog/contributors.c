/* contributors.c: the authors of a release's commits. */
#include <stdlib.h>
#include <string.h>

#include "changelog/contributors.h"
#include "core/xalloc.h"

/* A name for one line of Markdown: line breaks and tabs made blanks. */
static char *
one_line(const char *s)
{
	char *p = xstrdup(s), *q;

	for (q = p; *q; q++)
		if (*q == '\n' || *q == '\r' || *q == '\t')
			*q = ' ';
	return p;
}

static int
by_commits(const void *a, const void *b)
{
	const struct cl_contributor *x = a, *y = b;

	if (x->commits != y->commits)
		return x->commits > y->commits ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct cl_contributor *)a)->name,
	    ((const struct cl_contributor *)b)->name);
}

void
changelog_contributors(const struct gitlogdoc *log,
    struct cl_contributors *out)
{
	const struct gitlogdoc_commit *c;
	struct cl_contributor key, *found;
	size_t i, n = 0;

	out->v = xcalloc(log->ncommits + 1, sizeof(*out->v));
	out->n = 0;
	for (i = 0; i < log->ncommits; i++) {
		c = &log->commits[i];
		if (c->author_name == NULL)
			continue;
		out->v[n].name = one_line(*c->author_name ? c->author_name :
		    c->author_email);
		out->v[n++].commits = 1;
	}
	/* Group by name: sorted by name, runs of one name added up. */
	qsort(out->v, n, sizeof(*out->v), by_name);
	for (i = 0; i < n; i++) {
		key = out->v[i];
		found = out->n ? &out->v[out->n - 1] : NULL;
		if (found && strcmp(found->name, key.name) == 0) {
			found->commits++;
			free(key.name);
		} else
			out->v[out->n++] = key;
	}
	qsort(out->v, out->n, sizeof(*out->v), by_commits);
}

void
changelog_contributors_notes(const struct cl_contributors *c,
    struct strbuf *notes)
{
	size_t i;

	if (c->n == 0)
		return;
	strbuf_rtrim(notes);
	if (notes->len)
		strbuf_adds(notes, "\n\n");
	strbuf_adds(notes, "### Contributors\n\n");
	for (i = 0; i < c->n; i++)
		strbuf_addf(notes, "- %s\n", c->v[i].name);
}

void
changelog_contributors_free(struct cl_contributors *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	memset(c, 0, sizeof(*c));
}
