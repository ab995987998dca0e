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
	const char *version;	/* as typed (relversion_parse()) */
	const char *dir;	/* NULL: the current directory */
	const char *remote;	/* "origin" */
	const char *branch;	/* "main" */
	const char *changelog;	/* relative to the top of the work tree */
	const char *tag_prefix;	/* "v" */
	int no_ci;
	int ci_only;		/* only the CI check, of the commit the
				   release tag points to (after the
				   release: CI runs on the tag) */
	int no_fetch;
	long long ci_wait_ms;	/* poll pending CI this long; 0: do not */
	const char *const *paths;	/* rel-gitlog --path, from the top of
					   the work tree: one package */
	size_t npaths;
};

/* One check, as decided. */
struct relcheck_check {
	char *name;		/* "version", "branch", ... */
	char *status;		/* "pass", "fail", "warn" or "skip" */
	char *detail;
};

/* What the run found: rel-check(1)'s document, as data. */
struct relcheck_result {
	char *version;		/* "1.2.0" */
	char *tag;		/* "v1.2.0" */
	char commit[GIT_OID_HEXSZ + 1];	/* HEAD; "" without commits */
	struct relcheck_check *checks;	/* in the order they ran */
	size_t nchecks, alloc;
	int failed;		/* checks that failed */
};

#define RELCHECK_RESULT_INIT { NULL, NULL, "", NULL, 0, 0, 0 }

/*
 * Run every check into res. Returns EXIT_OK (all passed or warned) or
 * EXIT_NO (a check failed) with res filled; or EXIT_USAGE or EXIT_ENV,
 * res holding no checks, when the repository cannot be opened, or
 * EXIT_USAGE when the version is not one or makes no valid tag name. Free res
 * with relcheck_result_free() either way.
 */
int relcheck_run(const struct relcheck_opts *opts,
    struct relcheck_result *res);

void relcheck_result_free(struct relcheck_result *res);

#endif
