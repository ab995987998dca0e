/*
 * journal.h: STATE_DIR/attempt.json, the account of a deploy or
 * rollback in progress, rewritten atomically before each step.
 *
 * It is removed when the attempt ends, switched back or not; so one
 * found at the start of a run is an attempt that was interrupted (kill
 * -9, a power cut): status reports it, and the next deploy or rollback
 * puts things back before anything else. Members: verb, version, pid,
 * started, step (the step begun last), from {slot, version}, to {slot,
 * version}, caddy_before (the upstream Caddy had), switched, target_pid
 * and target_pid_start (the new slot's process), migrated, snapshot.
 */
#ifndef RELTOOLS_DEPLOY_JOURNAL_H
#define RELTOOLS_DEPLOY_JOURNAL_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/config.h"

/* Write j (not consumed); 0, or -1 with err. */
int deploy_journal_write(const struct deploy_config *c, const json_t *j,
    struct strbuf *err);

/*
 * The interrupted attempt, or NULL when there is none (*error set to a
 * malloc'd message when there is a file but it cannot be read).
 */
json_t *deploy_journal_read(const struct deploy_config *c, char **error);

/* The attempt is over; 0, or -1 with err. */
int deploy_journal_remove(const struct deploy_config *c, struct strbuf *err);

#endif
