/*
 * changelog_merge.h: the commits of a rel-gitlog document as the items
 * of a release (rel-changelog release).
 *
 * Commits become items: feat -> Added, fix -> Fixed, perf and refactor
 * -> Changed, scope "security" -> Security, breaking ones (of any type)
 * "**Breaking:**" and first in their section; the other types, merges
 * and non-conventional commits only with all_types (in Changed). A
 * revert and the commit it cancels, as rel-gitlog decided (cancels,
 * cancelled_by), are left out, and so is a commit the hand-written notes
 * already mention: by its short id, by a "#N" of its "(#N)" suffix or
 * "#" footers, or by the same description as a note (notematch.h:
 * apart from case, markup, backticks, a leading verb form and article,
 * a trailing reference and a final full stop). Items read
 * "**scope:** description (short-id)", or "(#N)" when the description
 * ended with that; the description's first letter is made upper-case
 * when most hand-written items of the section (of the file, when the
 * section has none) start with an upper-case letter.
 */
#ifndef RELTOOLS_CHANGELOG_MERGE_H
#define RELTOOLS_CHANGELOG_MERGE_H

#include "changelog/changelog.h"
#include "changelog/notematch.h"
#include "core/strbuf.h"
#include "release/gitlogdoc.h"

/*
 * The fields of a rel-gitlog document the merge uses and cannot do
 * without (gitlogdoc_parse()); the others (id, scope, breaking, merge,
 * footers, and the revert pairs, cancels and cancelled_by) read as null
 * when missing.
 */
#define CL_GITLOG_NEED (GITLOGDOC_SHORT | GITLOGDOC_HEADER | \
	GITLOGDOC_TYPE | GITLOGDOC_DESCRIPTION | GITLOGDOC_CONVENTIONAL)

#define CL_NO_REF ((size_t)-1)

/* An item to add under the section changelog_sections[section]
   (enum cl_section_name). */
struct cl_new_item {
	char *text;		/* after "- ", one line */
	int breaking;
	int section;
	/* Where text's " (short-id)" starts, CL_NO_REF when it ends
	   "(#N)"; and the commit's full id (its short id when the document
	   has none; the document's string), for changelog_plan_link(). */
	size_t ref_at;
	const char *id;
};

struct cl_plan {
	struct cl_new_item *items;
	size_t nitems;
	size_t mentioned;
	size_t left_out;
};

/* The items log adds to release r (see above; NULL: a release with no
   hand-written notes); free with changelog_plan_free(). */
void changelog_plan_commits(const struct changelog *cl,
    const struct cl_release *r, const struct gitlogdoc *log, int all_types,
    struct cl_plan *plan);

void changelog_plan_free(struct cl_plan *plan);

#endif
