/*
 * audit.h: STATE_DIR/audit.log, one JSON line per attempt, appended
 * whatever the outcome (deployed, rolled back, refused, interrupted and
 * recovered): time, user, host, verb, from and to slot and version,
 * result, duration, snapshot, reason of a failure. Never a secret.
 */
#ifndef RELTOOLS_DEPLOY_AUDIT_H
#define RELTOOLS_DEPLOY_AUDIT_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/config.h"

/*
 * Append entry (not consumed; time, user and host are put first) as one
 * line, written with one write(2) and fsync'd. Returns 0, or -1 with err.
 */
int deploy_audit_append(const struct deploy_config *c, const json_t *entry,
    struct strbuf *err);

#endif
