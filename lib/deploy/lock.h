/*
 * lock.h: one deploy-slot at a time per environment.
 *
 * flock(2) on STATE_DIR/lock: the kernel releases it when the holder
 * dies, even by kill -9, so a lock is never stale. The holder writes who
 * it is into the file (pid, host, user, verb, version, since) for
 * status and for the message of a deploy refused; a holder that died
 * leaves those details behind, which unlock clears.
 */
#ifndef RELTOOLS_DEPLOY_LOCK_H
#define RELTOOLS_DEPLOY_LOCK_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/config.h"

struct deploy_lock {
	int fd;			/* -1: not held by us */
	int borrowed;		/* held by the holder of our token */
};

#define DEPLOY_LOCK_INIT { -1, 0 }

/*
 * Take the lock for verb (version may be NULL), waiting up to wait_ms.
 * Returns 0 when taken; 1 when another process holds it, *holder its
 * details (a new reference, or NULL when it wrote none yet) and err
 * naming it; -1 with err when the state directory cannot be used.
 *
 * token: the verb is a part of a deploy across hosts whose lock a
 * "hold" process keeps for the whole deploy, its details holding this
 * token (written there by that process, which took the lock with it).
 * Then 0 when the live holder has this token (l->borrowed; nothing
 * taken), 1 when there is no such holder. The token is no secret: it
 * names a holder, as its pid does, for the verbs of the same deploy.
 */
int deploy_lock_take(const struct deploy_config *c, const char *verb,
    const char *version, const char *token, long long wait_ms,
    struct deploy_lock *l, json_t **holder, struct strbuf *err);

/* Held by us or borrowed. */
int deploy_lock_held(const struct deploy_lock *l);

/* Clear the details and release (nothing when borrowed); l is then not
   held. */
void deploy_lock_release(struct deploy_lock *l);

/*
 * Who holds the lock: *held 1 when a live process does; *holder the
 * details in the file (a new reference; NULL when empty), the dead
 * holder's when not held. Returns 0, or -1 when the file cannot be read
 * (a missing file is no holder).
 */
int deploy_lock_peek(const struct deploy_config *c, int *held,
    json_t **holder);

/*
 * unlock: clear the details a dead holder left. Returns 0 (cleared, or
 * nothing to clear), 1 when a live process holds the lock (*holder its
 * details), -1 on an I/O error with err.
 */
int deploy_lock_clear(const struct deploy_config *c, json_t **holder,
    struct strbuf *err);

/* "pid 123 (ada@host, deploy v1.2.0 since 2026-...)" for messages. */
void deploy_lock_describe(struct strbuf *out, const json_t *holder);

#endif
