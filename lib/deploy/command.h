/*
 * command.h: the configured commands (START_CMD, STOP_CMD, MIGRATE_CMD,
 * hooks) run as argv vectors with execvp, never through a shell, with
 * variables added to their environment.
 *
 *	struct deploy_env e = DEPLOY_ENV_INIT;
 *	deploy_env_set(&e, "SLOT", "green");
 *	status = deploy_command_run(c->start_cmd.argv, &e, NULL, &error);
 *	deploy_env_release(&e);
 */
#ifndef RELTOOLS_DEPLOY_COMMAND_H
#define RELTOOLS_DEPLOY_COMMAND_H

#include <sys/types.h>

#include "core/strbuf.h"

struct deploy_env {
	char **vars;	/* "NAME=value", NULL-terminated */
	size_t n;
};

#define DEPLOY_ENV_INIT { NULL, 0 }

/* Set NAME=value (replacing an earlier value of NAME). */
void deploy_env_set(struct deploy_env *e, const char *name,
    const char *value);
/* Remove NAME, if set. */
void deploy_env_unset(struct deploy_env *e, const char *name);
void deploy_env_release(struct deploy_env *e);

/*
 * Run argv (argv[0] looked up in PATH when it has no '/') with e added
 * to our environment, stdin /dev/null. Its stdout goes to out when out
 * is not NULL, else with its stderr to our stderr, verbatim. Returns its
 * exit status (0-255; 128 + the signal when killed), or -1 with *error
 * (malloc'd) when it could not be started.
 */
int deploy_command_run(char *const argv[], const struct deploy_env *e,
    struct strbuf *out, char **error);

/*
 * Start argv detached: in a session of its own (its process group id is
 * its pid), stdin /dev/null, stdout and stderr appended to log, no
 * waiting for it. The process writes its own pid into pidfile before it
 * runs argv, so that it is known even if we are killed before this
 * returns. Returns its pid, or -1 with *error when it could not be
 * started (exec failed: the reason is known before this returns).
 */
pid_t deploy_command_spawn(char *const argv[], const struct deploy_env *e,
    const char *log, const char *pidfile, char **error);

#endif
