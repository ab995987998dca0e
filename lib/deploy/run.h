/*
 * run.h: what the verbs of deploy-slot share while one runs: the
 * configuration, the state, the lock, the document being built and its
 * steps, the attempt's journal. Internal to lib/deploy/.
 */
#ifndef RELTOOLS_DEPLOY_RUN_H
#define RELTOOLS_DEPLOY_RUN_H

#include <jansson.h>

#include "core/strbuf.h"
#include "deploy/caddy.h"
#include "deploy/command.h"
#include "deploy/config.h"
#include "deploy/deploy.h"
#include "deploy/lock.h"
#include "deploy/pgsnap.h"
#include "deploy/state.h"

struct run {
	const struct deploy_opts *o;
	struct deploy_config c;
	struct deploy_state st;
	struct deploy_lock lock;
	struct caddy caddy;
	int caddy_ready;
	json_t *doc;		/* the output */
	json_t *steps;		/* doc's steps[] */
	json_t *journal;	/* the attempt, NULL when none is written */
	struct deploy_env env;	/* added to every command's environment */
	long long started_ms;	/* of the run */
	long long step_ms;	/* of the step in progress */
	const char *step;	/* its name */
	int from, to;		/* slot indexes; -1 none */
	char *from_version;
	const char *version;	/* being deployed */
	struct pgsnap snap;	/* taken by this attempt (snap.path NULL: none) */
	int migrated;		/* this attempt may have changed the database */
	int migrate_failed;
	int switched;		/* traffic may have moved */
	int started_target;	/* this attempt started the target slot */
	int rollback;		/* the attempt is a rollback (prepare --rollback) */
	long target_pid;
	long long target_start;	/* deploy_pid_start() of target_pid */
	char *caddy_before;	/* the dial address Caddy had; NULL unknown */
};

/* Begin step name: noted in the journal (when one is kept). */
void run_step_begin(struct run *r, const char *name);

/*
 * End the step begun: status "ok", "failed", "skipped" or "planned",
 * detail for people (printf format; NULL: none). Adds it to steps[] and
 * says it on stderr with its time.
 */
void run_step_end(struct run *r, const char *status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set doc's error (first one wins) and say it; returns status. */
int run_fail(struct run *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same, the journal written later (run_journal_write()). */
void run_step_start(struct run *r, const char *name);

/* Set member key of the journal and write it (when one is kept). */
void run_journal_set(struct run *r, const char *key, json_t *value);

/* Write the journal as it is (when one is kept). */
void run_journal_write(struct run *r);

/*
 * Start the journal of this attempt (verb, version, from, to), and from
 * then on take SIGINT, SIGTERM and SIGHUP as a request to stop at the
 * end of the step in progress and undo the attempt (a second one ends
 * the process at once: the journal lets the next run put things back).
 */
int run_journal_start(struct run *r);

/* 0, or when a signal asked us to stop, the error set and exit 1. */
int run_stopped(struct run *r);

/* Do step call (its exit status into rc) unless a signal asked us to
   stop; true when the attempt must end. */
#define RUN_STEP(r, rc, call) \
	(((rc) = run_stopped(r)) != 0 || ((rc) = (call)) != 0)

/* {slot, version} of slot i (null slot when i < 0). */
json_t *run_slot_ref(const struct run *r, int i, const char *version);

/* "127.0.0.1:PORT" of slot i into buf. */
void run_dial(const struct run *r, int i, char *buf, size_t size);

/* Caddy's admin client, set up on first use; 0, or -1 with error set. */
int run_caddy(struct run *r);

/* The pgsnap configuration from the config. */
void run_pgsnap_config(const struct run *r, struct pgsnap_config *pc);

/* Append the audit line for this attempt with result (reason: error). */
void run_audit(struct run *r, const char *result);

/* Write the state; 0, or -1 with the error set (exit 3). */
int run_state_write(struct run *r);

/* Environment for hooks and slot commands: FROM_*, DEPLOY_ENV, ... */
void run_env_refresh(struct run *r);

/* The verbs (deploy.c, rollback.c, recover.c, status.c). */
int run_deploy(struct run *r);
int run_rollback(struct run *r);
int run_status(struct run *r);
int run_snapshots(struct run *r);
int run_unlock(struct run *r);

/* A deploy in stages, verb by verb (stage.c): prepare ends with
   run_stage_prepared(), the attempt's journal kept as "prepared". */
int run_stage_prepared(struct run *r);
int run_stage_switch(struct run *r);
int run_stage_finish(struct run *r);
int run_stage_abort(struct run *r);
int run_stage_hold(struct run *r);

/* Run hook (when configured) as step name; 0, or the exit status. */
int run_hook(struct run *r, const struct words *hook, const char *name);

/* Take the lock for verb (step "lock"); 0 or the exit status. */
int run_lock(struct run *r, const char *verb);

/* The steps deploy and rollback share (deploy.c); each returns 0 or the
   exit status, the error set. */
int run_start_target(struct run *r);
int run_gate_target(struct run *r);
int run_switch_to(struct run *r, int i, const char *name);
/* Switch to the target, then hook_post_switch (a deploy's, not a
   rollback's), verify and record. */
int run_switch_over(struct run *r);
void run_drain_old(struct run *r);
/* The end of an attempt: undone and audited as result when rc != 0,
   its journal removed. Returns rc. */
int run_finish(struct run *r, int rc, const char *result);

/* --dry-run of deploy or rollback: the plan as steps; 0 nothing to do, 1
   changes planned. */
int run_plan(struct run *r);

/* Recover an interrupted attempt if there is one (step "recover"). */
int run_recover(struct run *r);

/* Lock, recover, read the state: the start of deploy and rollback. */
int run_prepare(struct run *r, const char *verb);

/*
 * Undo this attempt after a failure before the record: traffic back,
 * the new slot stopped, the database restored per RESTORE_ON_FAILURE.
 */
void run_undo(struct run *r);

#endif
