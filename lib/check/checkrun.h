/*
 * checkrun.h: what rel-check's check modules share: the run's state and
 * the list of checks it adds to (relcheck.h runs the modules; they use
 * only this).
 */
#ifndef RELTOOLS_CHECKRUN_H
#define RELTOOLS_CHECKRUN_H

#include <git2.h>
#include <jansson.h>

#include "check/relcheck.h"
#include "release/semver.h"

struct relcheck {
	const struct relcheck_opts *o;
	git_repository *repo;
	struct relcheck_result *res;	/* the checks so far */
	struct semver want;
	char *tag;		/* "v0.2.0" */
	git_oid head;
	int have_head;
};

/* Record a check (status "pass", "fail", "warn" or "skip") and tell it
 * on stderr. */
void relcheck_add(struct relcheck *rc, const char *name, const char *status,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
