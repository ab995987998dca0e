/*
 * deploy.h: deploy-slot's engine, one verb a call.
 *
 * deploy_run() reads the configuration, does the verb and returns the
 * exit status (0 deployed or answered, 1 refused or rolled back, 2 usage
 * or configuration, 3 environment) with *doc the JSON document of the
 * OUTPUT section of deploy-slot(1) (NULL only when out of memory).
 * Progress for people goes to stderr, one line a step.
 */
#ifndef RELTOOLS_DEPLOY_DEPLOY_H
#define RELTOOLS_DEPLOY_DEPLOY_H

#include <jansson.h>
#include <stddef.h>

#include "core/strbuf.h"

struct deploy_opts {
	const char *env;
	const char *config;	/* NULL: .deploy.conf.ENV */
	const char *verb;	/* deploy rollback status snapshots unlock */
	const char *version;	/* deploy */
	const char *restore_db;	/* rollback: a snapshot file or "latest" */
	const char *const *hosts;	/* --host: in place of HOST, HOSTS */
	const char *lock_token;	/* --lock-token: see deploy/lock.h */
	size_t nhosts;
	long long lock_wait_ms;
	int dry_run, quiet;
	int no_db;		/* prepare --no-db: another host migrates */
	int rollback;		/* prepare --rollback */
	int pretty;		/* asked of a host whose document passes through */
	void (*on_held)(void);	/* hold: called once the lock is taken */
};

/*
 * raw: when the verb ran on one remote host (HOST), its document as it
 * wrote it, to be printed unchanged in place of *doc (then NULL).
 */
int deploy_run(const struct deploy_opts *o, json_t **doc, struct strbuf *raw);

#endif
