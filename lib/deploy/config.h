/*
 * config.h: deploy-slot's configuration, .deploy.conf.ENV.
 *
 * KEY=value lines, read by us and never sourced by a shell. Blank lines
 * and lines starting with '#' are ignored. A value may be quoted whole,
 * 'single' (every byte kept) or "double" (a backslash keeps the next
 * byte); any other value is taken as written, quotes and all (a
 * command's words are split later), up to a blank followed by '#' (a
 * comment).
 * An unknown key, a key given twice (but HEALTH_ASSERT and
 * VERIFY_ASSERT, which add up), a missing required key or a bad value is
 * an error "FILE:LINE: message". DEPLOY_SLOT_KEY in the environment
 * overrides KEY (CI sets secrets that way). Commands (*_CMD, HOOK_*) are
 * split into words by core/words.h, never expanded; durations are read
 * as health-probe reads them (cli_parse_duration).
 *
 *	struct deploy_config c;
 *	struct strbuf err = STRBUF_INIT;
 *
 *	if (deploy_config_load(&c, "staging", NULL, &err) != 0)
 *		...err.buf is "FILE:LINE: message", exit 2...
 *	deploy_config_release(&c);
 */
#ifndef RELTOOLS_DEPLOY_CONFIG_H
#define RELTOOLS_DEPLOY_CONFIG_H

#include <stddef.h>

#include "core/strbuf.h"
#include "core/words.h"
#include "deploy/hostspec.h"

enum deploy_restore {
	DEPLOY_RESTORE_MIGRATE_FAILED,	/* only when MIGRATE_CMD failed */
	DEPLOY_RESTORE_ALWAYS,		/* whenever this attempt migrated */
	DEPLOY_RESTORE_NEVER
};

struct deploy_slotdef {
	char *name;
	int port;
};

struct deploy_config {
	char *env;
	char *file;			/* the config file read */
	char *state_dir;
	struct deploy_slotdef slots[2];
	struct words start_cmd, stop_cmd;	/* stop_cmd.argc 0: none */
	struct words migrate_cmd, migrate_version_cmd;
	struct words hook_pre_deploy, hook_post_switch, hook_post_deploy;
	char *health_path;
	char **health_asserts;		/* health-probe expressions */
	size_t nhealth_asserts;
	long long gate_timeout_ms;
	long gate_threshold;
	char *caddy_admin, *caddy_upstream_id;
	char *public_url, *verify_path;
	char **verify_asserts;		/* VERSION not yet substituted */
	size_t nverify_asserts;
	long long verify_timeout_ms;
	char *database_url;		/* NULL: no snapshot, no migration */
	char *snapshot_dir;
	long snapshot_keep;
	enum deploy_restore restore_on_failure;
	long long drain_timeout_ms, stop_timeout_ms;
	/*
	 * With HOST or HOSTS (nhosts > 0) the file names only the hosts:
	 * every key above is left unset, the verbs run on the hosts over
	 * ssh (deploy/remote.h) with their own configuration.
	 */
	struct deploy_host *hosts;
	size_t nhosts;
	int multi;			/* HOSTS (or --host twice): phases */
	char *remote_config;		/* on the hosts */
	size_t db_host;			/* index in hosts: DB_HOST */
	long long ssh_timeout_ms;	/* SSH_CONNECT_TIMEOUT */
	char *ssh_config;		/* SSH_CONFIG: ssh -F; NULL none */
};

/* "staging", "prod-eu": letters, digits, '.', '_', '-'; not "." or "..". */
int deploy_env_valid(const char *env);

/*
 * Read path (NULL: ".deploy.conf.ENV" in the current directory) and the
 * DEPLOY_SLOT_* environment into c. Returns 0, or -1 with the message in
 * err and c left empty (safe to release).
 */
int deploy_config_load(struct deploy_config *c, const char *env,
    const char *path, struct strbuf *err);

/*
 * The same with hosts (nhosts of them: --host) in place of HOST and
 * HOSTS; then a missing .deploy.conf.ENV (path NULL) is an empty one.
 */
int deploy_config_load_hosts(struct deploy_config *c, const char *env,
    const char *path, const char *const *hosts, size_t nhosts,
    struct strbuf *err);

/*
 * The same over the len bytes of text, named file in messages, with no
 * environment overrides when use_env is 0 (the fuzz target and tests).
 */
int deploy_config_parse(struct deploy_config *c, const char *env,
    const char *file, const char *text, size_t len, int use_env,
    struct strbuf *err);

/* "migrate-failed", "always", "never". */
const char *deploy_restore_name(enum deploy_restore r);

void deploy_config_release(struct deploy_config *c);

#endif
