/*
 * changelog_generate.h: a whole Keep a Changelog file from a rel-gitlog
 * --releases document (rel-changelog generate).
 *
 * Each release is written as changelog_release() would have released it
 * (changelog_release_lines()): the same heading, sections and items, so
 * that a file generated at one release and then released step by step
 * is the file released step by step from the start. A new file gets the
 * title, the preamble, [Unreleased] with the unreleased commits, one
 * release a tag, newest first, and link definitions: [Unreleased]
 * compared with the newest release, each release with the one before,
 * the first its tag. An existing file keeps every byte: only the
 * releases it lacks are added, each above the first release of a lower
 * version (or after the last), in the form of that release, with a link
 * definition when the file's releases have them; its [Unreleased] is
 * left as it is.
 *
 * The document is read one release at a time and the file written as
 * it goes, so memory holds one release.
 */
#ifndef RELTOOLS_CHANGELOG_GENERATE_H
#define RELTOOLS_CHANGELOG_GENERATE_H

#include <stddef.h>

#include "changelog/changelog.h"

struct cl_generate_opts {
	const char *url;	/* the web address; NULL: as release finds it */
	const char *repo_dir;	/* where to look for a git remote */
	int all_types;
	int commit_links;	/* link each commit (commitlinks.h) */
};

struct cl_generate_result {
	size_t added;		/* releases written */
	size_t kept;		/* releases the file had already */
	size_t items;		/* items written */
	char *url;		/* the web address of the links, or NULL */
};

/* The file a new changelog starts as: title, preamble, [Unreleased]. */
extern const char changelog_template[];

/*
 * Read the document from in_fd and write the file to out_fd: cl with
 * the releases it lacks, or a new file when cl is NULL. Returns EXIT_OK,
 * or after a message: EXIT_USAGE (the input is not such a document, or
 * inline links without a web address), EXIT_ENV (a read or write
 * error). What was written before an error is not a whole file.
 */
int changelog_generate(struct changelog *cl, const struct cl_generate_opts *o,
    int in_fd, int out_fd, struct cl_generate_result *res);

void changelog_generate_result_free(struct cl_generate_result *res);

#endif
