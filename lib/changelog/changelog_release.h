/*
 * changelog_release.h: a new release, in the file's own style.
 *
 *	struct cl_release_opts o = { .version = "1.2.0", .date = "2026-01-31" };
 *	struct cl_release_result res = CL_RELEASE_RESULT_INIT;
 *	struct piecebuf out = PIECEBUF_INIT;
 *	rc = changelog_release(&cl, &o, &out, &res);
 *	piecebuf_write(&out, fd);
 *
 * The new file is the old one with these changes only: a heading for
 * VERSION under a now empty [Unreleased] (or, when the file has none,
 * above the newest release, and no [Unreleased] added), the commits of a
 * rel-gitlog document merged into the release's sections, its empty
 * sections dropped, and its link. The heading takes the form of the
 * newest one: brackets or none, a "v" before the version, an inline
 * link "[1.2.0](URL)" or a reference "[1.2.0][1.2.0]", the date after
 * " - " or in parentheses. The links follow
 * the file's: an inline link in the heading (and in an inline-link
 * [Unreleased] heading), or the [Unreleased] and [VERSION] definitions.
 * Every other line is copied byte for byte; new lines take the first
 * line's ending; a missing final newline stays missing.
 *
 * Commits become items as changelog_merge.h says; their short ids link
 * their commits (commitlinks.h) with commit_links, or when items of the
 * file link theirs already.
 */
#ifndef RELTOOLS_CHANGELOG_RELEASE_H
#define RELTOOLS_CHANGELOG_RELEASE_H

#include "changelog/changelog.h"
#include "changelog/changelog_merge.h"
#include "release/gitlogdoc.h"
#include "core/piecebuf.h"
#include "core/strbuf.h"

struct cl_release_opts {
	const char *version;		/* SemVer, required */
	const char *date;		/* YYYY-MM-DD, required */
	const char *url;		/* repository web address, or NULL */
	const char *tag_prefix;		/* NULL: as the links have it, or "v" */
	const char *repo_dir;		/* where to look for a git remote */
	const struct gitlogdoc *log;	/* commits to merge, or NULL */
	int all_types;
	int commit_links;		/* link each commit (commitlinks.h) */
	const char *const *sections;	/* extra section names for lint */
	int strict;			/* refuse on any lint error */
};

struct cl_release_result {
	char *previous;		/* the release below the new one, or NULL */
	char *url;		/* the base of the links written, or NULL */
	size_t items;		/* items in the new release */
	size_t commits_added;
	size_t commits_mentioned;	/* already in the notes */
	size_t commits_left_out;	/* types not listed, reverted */
};

#define CL_RELEASE_RESULT_INIT { NULL, NULL, 0, 0, 0, 0 }

/*
 * Build the released file in out; out borrows the lines of cl, so cl must
 * outlive it. Lint errors are printed as warnings and their releases
 * left as they are, unless strict. Returns EXIT_OK, or after saying why
 * on stderr: EXIT_USAGE (version not SemVer, no web address for the
 * links or the commit links), EXIT_NO (where the release goes is a guess: [Unreleased]
 * repeated or not first, a comment or fence never closed; the version
 * exists or is not greater than the first release with a version;
 * nothing to release; under strict, any lint error).
 */
int changelog_release(struct changelog *cl, const struct cl_release_opts *o,
    struct piecebuf *out, struct cl_release_result *res);

void changelog_release_result_free(struct cl_release_result *res);

/*
 * The lines changelog_release() writes for a release with no hand-written
 * notes, appended to out: its heading, in the form of below (the release
 * it goes above, whose tag its inline link compares with; NULL: the
 * first, "## [VERSION] - DATE"), then a section for each kind of commit
 * of o->log, breaking ones first; only the sections when o->version is
 * NULL (for [Unreleased]). *items is the number of items. Returns EXIT_OK,
 * or EXIT_USAGE after a message (inline links, no web address).
 */
int changelog_release_lines(const struct changelog *cl,
    const struct cl_release *below, const struct cl_release_opts *o,
    struct piecebuf *out, size_t *items);

/* The last lines of the file that are blank or link definitions, from
   the first definition: where links go when no release has one. */
size_t changelog_trailing_links(const struct changelog *cl);

/* Nonzero when a release has a link reference definition. */
int changelog_has_version_links(const struct changelog *cl);

/*
 * The repository's web base: url when not NULL (a clone URL such as
 * "git@host:o/r.git" as forgeurl_from_remote() reads it; an http(s) URL
 * without user name, password, final "/" and ".git"), else from the
 * releases' links (definitions or inline), the surest kind first: a link
 * to the repository's root, to a branch's commits, a compare or tag
 * link; else, when repo_dir is not NULL, the git remote's
 * (gitcmd_remote_url()); or NULL.
 */
char *changelog_web_base(const struct changelog *cl, const char *url,
    const char *repo_dir);

/*
 * The tag prefix the links use: latest's link ends in PREFIX + VERSION
 * ("compare/v1.0.0...v1.1.0", "releases/tag/v1.0.0"); "v" when there is
 * no such link.
 */
char *changelog_tag_prefix(const struct changelog *cl,
    const struct cl_release *latest);

#endif
