/*
 * state.h: STATE_DIR/state.json, what deploy-slot last recorded: the
 * active slot, the previous one and its version, each slot's version,
 * pid and whether it runs, the snapshot taken before the last deploy.
 *
 * A missing file is a first deploy (exists 0), not an error. The file is
 * replaced atomically (core/atomicfile.h), so a reader sees the old
 * state or the new one. It never holds a secret.
 */
#ifndef RELTOOLS_DEPLOY_STATE_H
#define RELTOOLS_DEPLOY_STATE_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/config.h"

struct deploy_slot_state {
	char *version;		/* NULL: never started */
	long pid;		/* of a foreground START_CMD; 0 none */
	long long pid_start;	/* when it started: deploy_pid_start() */
	int running;		/* started and not stopped since */
	char *started;		/* ISO 8601 UTC */
};

struct deploy_state {
	int exists;
	int active;		/* index in c->slots; -1 none */
	int previous;		/* the slot active before; -1 none */
	char *previous_version;
	struct deploy_slot_state slot[2];
	char *snapshot;		/* taken by the last deploy; NULL none */
	char *updated;
};

/* Empty state: no active, no previous. */
void deploy_state_init(struct deploy_state *s);

/*
 * Read c->state_dir/state.json into s. Returns 0 (a missing file leaves
 * s empty), or -1 with a message in err (unreadable, not the document,
 * a slot not in SLOTS).
 */
int deploy_state_read(const struct deploy_config *c, struct deploy_state *s,
    struct strbuf *err);

/* Write s atomically; 0, or -1 with a message in err. */
int deploy_state_write(const struct deploy_config *c,
    const struct deploy_state *s, struct strbuf *err);

/* The document as written, for status. */
json_t *deploy_state_json(const struct deploy_config *c,
    const struct deploy_state *s);

/* s's slot index of name, or -1. */
int deploy_slot_index(const struct deploy_config *c, const char *name);

/* Replace *field with a copy of value (NULL allowed). */
void deploy_set_str(char **field, const char *value);

/* The time now, ISO 8601 UTC, into buf (at least 21 bytes). */
void deploy_time_now(char *buf, size_t size);

/* mkdir -p dir (mode 0750); 0 or -1 with errno set. */
int deploy_mkdirs(const char *dir);

void deploy_state_release(struct deploy_state *s);

#endif
