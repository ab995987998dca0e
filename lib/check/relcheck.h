/*
 * relcheck.h: may we release this version? (rel-check)
 *
 * Every check runs, whatever the others found, and becomes one entry
 * {name, status, detail} with status pass, fail, warn or skip (a check
 * that cannot be made without an earlier answer, or that an option turned
 * off). Each entry is also told on stderr as it is decided.
 *
 * The release history and the changelog are read by the tools that own
 * them, run as subprocesses: rel-gitlog (latest release, next version,
 * the commits) and rel-changelog (lint, release dry run).
 */
#ifndef RELTOOLS_RELCHECK_H
#define RELTOOLS_RELCHECK_H

#include <git2.h>
#include <jansson.h>

#include "release/semver.h"

struct relcheck_opts {
	const char *version;	/* as given: SemVer, leading 'v' accepted */
	const char *dir;	/* NULL: the current directory */
	const char *remote;	/* "origin" */
	const char *branch;	/* "main" */
	const char *changelog;	/* relative to the top of the work tree */
	const char *tag_prefix;	/* "v" */
	int no_ci;
	int no_fetch;
	long long ci_wait_ms;	/* poll pending CI this long; 0: do not */
	const char *const *paths;	/* rel-gitlog --path, from the top of
					   the work tree: one package */
	size_t npaths;
};

/*
 * Run every check. Returns EXIT_OK (all passed or warned) or EXIT_NO (a
 * check failed) with *doc the rel-check/1 document; or EXIT_USAGE or
 * EXIT_ENV with *doc NULL when the repository cannot be opened.
 */
int relcheck_run(const struct relcheck_opts *opts, json_t **doc);

#endif
