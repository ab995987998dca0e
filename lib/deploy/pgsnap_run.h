/*
 * pgsnap_run.h: what pgsnap.c and pgsnap_restore.c share (not for the
 * engine: its API is pgsnap.h).
 */
#ifndef RELTOOLS_DEPLOY_PGSNAP_RUN_H
#define RELTOOLS_DEPLOY_PGSNAP_RUN_H

#include "core/proc.h"
#include "deploy/pgsnap.h"
#include "deploy/pgurl.h"

/*
 * Run the PostgreSQL program prog (found in PATH) with args (NULL
 * terminated, without argv[0]), u's password (u may be NULL) as
 * PGPASSWORD in its environment. Returns 0 when it exited 0; -1 with
 * *error ("pg_dump not found in PATH", "pg_dump failed (exit status 1):
 * FIRST LINE") otherwise. res holds its output either way.
 */
int pgsnap_run(const char *prog, const char *const args[],
    const struct pgurl *u, struct proc_result *res, char **error);

/* pgsnap_take() of a given kind ("deploy", "before-restore"), unpruned. */
int pgsnap_take_kind(const struct pgsnap_config *cfg, const char *version,
    const char *to_version, const char *kind, struct pgsnap *s, char **error);

#endif
