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

struct deploy_opts {
	const char *env;
	const char *config;	/* NULL: .deploy.conf.ENV */
	const char *verb;	/* deploy rollback status snapshots unlock */
	const char *version;	/* deploy */
	const char *restore_db;	/* rollback: a snapshot file or "latest" */
	long long lock_wait_ms;
	int dry_run, quiet;
};

int deploy_run(const struct deploy_opts *o, json_t **doc);

#endif
