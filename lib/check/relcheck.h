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

/* What the check modules share. */
struct relcheck {
	const struct relcheck_opts *o;
	git_repository *repo;
	json_t *checks;
	int failed;
	int version_ok;		/* want is a valid version */
	struct semver want;
	char *tag;		/* "v0.2.0", or NULL when the version is bad */
	git_oid head;
	int have_head;
};

/* Record a check (status "pass", "fail", "warn" or "skip") and tell it
 * on stderr. */
void relcheck_add(struct relcheck *rc, const char *name, const char *status,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The git checks: branch, clean, shallow, sync, tag-local, tag-remote. */
void relcheck_git(struct relcheck *rc);

/* The CI check: GitHub check runs and statuses of HEAD. */
void relcheck_ci(struct relcheck *rc);

#endif
