/*
 * contributors.h: who wrote the commits of a release, for the end of its
 * notes (rel-changelog notes --contributors).
 *
 * The authors of every commit of a rel-gitlog document (GITLOGDOC_AUTHOR),
 * one entry a name as git shortlog groups them (the same name with
 * another email is one person; .mailmap is not read), most commits
 * first, then by name in byte order, as git shortlog -n sorts them. An
 * author without a name is named by the email.
 */
#ifndef RELTOOLS_CONTRIBUTORS_H
#define RELTOOLS_CONTRIBUTORS_H

#include <stddef.h>

#include "core/strbuf.h"
#include "release/gitlogdoc.h"

struct cl_contributor {
	char *name;		/* one line: line breaks made blanks */
	size_t commits;
};

struct cl_contributors {
	struct cl_contributor *v;
	size_t n;
};

/* The contributors of log's commits, as above; free with
   changelog_contributors_free(). */
void changelog_contributors(const struct gitlogdoc *log,
    struct cl_contributors *out);

/*
 * The notes' closing section, appended to notes: "### Contributors", a
 * blank line and "- NAME" a line, after a blank line when notes is not
 * empty; nothing when there is no contributor. notes ends with a
 * newline afterwards as before.
 */
void changelog_contributors_notes(const struct cl_contributors *c,
    struct strbuf *notes);

void changelog_contributors_free(struct cl_contributors *c);

#endif
