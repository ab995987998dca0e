/* deploy.c: the deploy sequence, and undoing an attempt that failed. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "deploy/drain.h"
#include "deploy/gate.h"
#include "deploy/journal.h"
#include "deploy/run.h"
#include "deploy/slot.h"

int
run_hook(struct run *r, const struct words *hook, const char *name)
{
	char *error = NULL;
	int status;

	if (hook->argc == 0)
		return 0;
	run_step_begin(r, name);
	run_env_refresh(r);
	status = deploy_command_run(hook->argv, &r->env, NULL, &error);
	if (status == 0) {
		run_step_end(r, "ok", "'%s'", hook->argv[0]);
		return 0;
	}
	if (status < 0) {
		run_step_end(r, "failed", "%s", error);
		run_fail(r, EXIT_ENV, "%s", error);
		free(error);
		return EXIT_ENV;
	}
	run_step_end(r, "failed", "'%s' exit status %d", hook->argv[0], status);
	return run_fail(r, EXIT_NO, "%s '%s' failed with exit status %d", name,
	    hook->argv[0], status);
}

static int
step_snapshot(struct run *r)
{
	struct pgsnap_config pc;
	char *error = NULL;

	run_step_begin(r, "snapshot");
	if (r->o->no_db) {
		run_step_end(r, "skipped", "--no-db: another host's deploy "
		    "snapshots and migrates the database");
		return 0;
	}
	if (r->c.database_url == NULL) {
		run_step_end(r, "skipped", "no DATABASE_URL: no snapshot and no "
		    "migration");
		return 0;
	}
	run_pgsnap_config(r, &pc);
	if (pgsnap_take(&pc, r->from_version, r->version, &r->snap,
	    &error) != 0) {
		run_step_end(r, "failed", "%s", error);
		run_fail(r, EXIT_ENV, "snapshot: %s", error);
		free(error);
		return EXIT_ENV;
	}
	json_put(r->doc, "snapshot", pgsnap_json(&r->snap));
	run_journal_set(r, "snapshot", json_strz(r->snap.path));
	run_step_end(r, "ok", "%s (%lld bytes)", r->snap.file, r->snap.size);
	return 0;
}

/* MIGRATE_VERSION_CMD's output, trimmed; NULL when not set or failed. */
static char *
migrate_version(struct run *r)
{
	struct strbuf out = STRBUF_INIT;
	char *error = NULL;
	int status;

	if (r->c.migrate_version_cmd.argc == 0)
		return NULL;
	status = deploy_command_run(r->c.migrate_version_cmd.argv, &r->env,
	    &out, &error);
	if (status != 0) {
		warnmsg("MIGRATE_VERSION_CMD: %s", error ? error :
		    "it failed");
		free(error);
		strbuf_release(&out);
		return NULL;
	}
	strbuf_rtrim(&out);
	return strbuf_detach(&out, NULL);
}

static int
step_migrate(struct run *r)
{
	char *before = NULL, *after = NULL, *error = NULL;
	int status, rc = 0;

	if (r->c.database_url == NULL || r->o->no_db)
		return 0;
	run_step_begin(r, "migrate");
	if (r->c.migrate_cmd.argc == 0) {
		run_step_end(r, "skipped", "no MIGRATE_CMD");
		return 0;
	}
	run_env_refresh(r);
	deploy_env_set(&r->env, "DATABASE_URL", r->c.database_url);
	before = migrate_version(r);
	run_journal_set(r, "migrated", json_true());
	status = deploy_command_run(r->c.migrate_cmd.argv, &r->env, NULL,
	    &error);
	if (status < 0) {
		run_journal_set(r, "migrated", json_false());
		run_step_end(r, "failed", "%s", error);
		rc = run_fail(r, EXIT_ENV, "%s", error);
		goto cleanup;
	}
	after = migrate_version(r);
	r->migrated = before && after ? strcmp(before, after) != 0 : 1;
	if (status != 0) {
		r->migrated = 1;
		r->migrate_failed = 1;
		run_step_end(r, "failed", "MIGRATE_CMD exit status %d", status);
		rc = run_fail(r, EXIT_NO, "MIGRATE_CMD '%s' failed with exit "
		    "status %d", r->c.migrate_cmd.argv[0], status);
		goto cleanup;
	}
	run_journal_set(r, "migrated", json_boolean(r->migrated));
	if (before && after)
		run_step_end(r, "ok", "%s to %s", before, after);
	else
		run_step_end(r, "ok", "MIGRATE_CMD ran");
cleanup:
	deploy_env_unset(&r->env, "DATABASE_URL");
	free(before);
	free(after);
	free(error);
	return rc;
}

/* Start slot r->to with r->version (the port freed first). */
int
run_start_target(struct run *r)
{
	char *error = NULL;
	pid_t pid;
	int i = r->to;

	run_step_begin(r, "start");
	run_env_refresh(r);
	if (deploy_slot_free_port(&r->c, i, &r->st.slot[i], &r->env,
	    &error) != 0)
		goto fail;
	r->st.slot[i].running = 0;
	r->started_target = 1;
	if (r->journal)
		json_put(r->journal, "started_target", json_true());
	if (deploy_slot_start(&r->c, i, r->version, &r->env, &pid,
	    &error) != 0)
		goto fail;
	r->target_pid = pid;
	r->target_start = deploy_pid_start(pid);
	if (r->journal)
		json_put(r->journal, "target_pid_start",
		    json_integer(r->target_start));
	run_journal_set(r, "target_pid", json_integer(pid));
	if (pid > 0)
		run_step_end(r, "ok", "slot '%s' port %d version '%s' pid %ld",
		    r->c.slots[i].name, r->c.slots[i].port, r->version,
		    (long)pid);
	else
		run_step_end(r, "ok", "slot '%s' port %d version '%s'",
		    r->c.slots[i].name, r->c.slots[i].port, r->version);
	return 0;
fail:
	run_step_end(r, "failed", "%s", error);
	run_fail(r, EXIT_ENV, "start: %s", error);
	free(error);
	return EXIT_ENV;
}

int
run_gate_target(struct run *r)
{
	char *error = NULL;
	int rc, i = r->to;

	run_step_begin(r, "gate");
	rc = deploy_gate(&r->c, r->c.slots[i].port, r->target_pid,
	    r->target_start, r->o->quiet, &error);
	if (rc == 0) {
		run_step_end(r, "ok", "http://127.0.0.1:%d%s passed %ld times",
		    r->c.slots[i].port, r->c.health_path, r->c.gate_threshold);
		return 0;
	}
	run_step_end(r, "failed", "%s", error);
	if (r->target_pid > 0 && !deploy_pid_ours(r->target_pid,
	    r->target_start))
		run_fail(r, rc < 0 ? EXIT_ENV : EXIT_NO, "slot '%s' exited; see "
		    "%s/%s.log: %s", r->c.slots[i].name, r->c.state_dir,
		    r->c.slots[i].name, error);
	else
		run_fail(r, rc < 0 ? EXIT_ENV : EXIT_NO, "slot '%s': %s",
		    r->c.slots[i].name, error);
	free(error);
	return rc < 0 ? EXIT_ENV : EXIT_NO;
}

/*
 * Point Caddy at slot i; step name. 0, or the exit status. The journal
 * is written once, before traffic can move: the step, that it may have
 * moved, and for a first deploy where Caddy sent it (recovery puts it
 * back on the recorded active slot otherwise).
 */
int
run_switch_to(struct run *r, int i, const char *name)
{
	struct caddy_upstreams up = CADDY_UPSTREAMS_INIT;
	struct caddy_upstreams was = CADDY_UPSTREAMS_INIT;
	char dial[64], *error = NULL;
	int rc = 0;

	run_step_start(r, name);
	if (run_caddy(r) != 0) {
		run_step_end(r, "failed", "CADDY_ADMIN or CADDY_UPSTREAM_ID");
		return EXIT_USAGE;
	}
	run_dial(r, i, dial, sizeof(dial));
	if (r->st.active < 0 && r->caddy_before == NULL) {
		if (caddy_upstreams(&r->caddy, &up, &error) != CADDY_OK)
			goto fail;
		if (up.n > 0) {
			r->caddy_before = xstrdup(up.dial[0]);
			if (r->journal)
				json_put(r->journal, "caddy_before",
				    json_string(up.dial[0]));
		}
	}
	if (r->journal)
		json_put(r->journal, "switched", json_true());
	run_journal_write(r);
	r->switched = 1;
	if (caddy_switch(&r->caddy, dial, &was, &error) != CADDY_OK)
		goto fail;
	run_step_end(r, "ok", "caddy sends '%s' to %s (was %s)",
	    r->c.caddy_upstream_id, dial, was.n ? was.dial[0] : "none");
	goto cleanup;
fail:
	run_step_end(r, "failed", "%s", error);
	rc = run_fail(r, EXIT_ENV, "caddy: %s", error);
cleanup:
	caddy_upstreams_release(&up);
	caddy_upstreams_release(&was);
	free(error);
	return rc;
}

static int
run_verify(struct run *r)
{
	char *error = NULL;
	int rc;

	run_step_begin(r, "verify");
	rc = deploy_verify(&r->c, r->version, r->o->quiet, &error);
	if (rc == 0) {
		run_step_end(r, "ok", "%s%s serves '%s'", r->c.public_url,
		    r->c.verify_path, r->version);
		return 0;
	}
	run_step_end(r, "failed", "%s", error);
	run_fail(r, rc < 0 ? EXIT_ENV : EXIT_NO, "%s", error);
	free(error);
	return rc < 0 ? EXIT_ENV : EXIT_NO;
}

/* Record: the target active, the old one previous. */
static int
run_record(struct run *r)
{
	struct deploy_slot_state *t = &r->st.slot[r->to];
	char now[32];

	run_step_begin(r, "record");
	deploy_time_now(now, sizeof(now));
	if (r->from >= 0 && r->from != r->to) {
		r->st.previous = r->from;
		deploy_set_str(&r->st.previous_version, r->from_version);
	}
	r->st.active = r->to;
	deploy_set_str(&t->version, r->version);
	deploy_set_str(&t->started, now);
	t->pid = r->target_pid;
	t->pid_start = r->target_start;
	t->running = 1;
	if (r->snap.file)
		deploy_set_str(&r->st.snapshot, r->snap.file);
	if (run_state_write(r) != 0) {
		run_step_end(r, "failed", "%s", json_string_value(
		    json_object_get(r->doc, "error")));
		return EXIT_ENV;
	}
	run_audit(r, r->rollback ? "rolled-back" :
	    "deployed");
	run_step_end(r, "ok", "%s/state.json: '%s' active", r->c.state_dir,
	    r->c.slots[r->to].name);
	return 0;
}

int
run_switch_over(struct run *r)
{
	int rc;

	if (RUN_STEP(r, rc, run_switch_to(r, r->to, "switch")) ||
	    (!r->rollback && RUN_STEP(r, rc, run_hook(r,
	    &r->c.hook_post_switch, "hook_post_switch"))) ||
	    RUN_STEP(r, rc, run_verify(r)) ||
	    RUN_STEP(r, rc, run_record(r)))
		return rc;
	return 0;
}

/* Drain and stop slot r->from once traffic left it. */
void
run_drain_old(struct run *r)
{
	struct deploy_slot_state *old;
	char *error = NULL;
	int n;

	if (r->from < 0 || r->from == r->to)
		return;
	old = &r->st.slot[r->from];
	run_step_begin(r, "drain");
	n = drain_wait((unsigned)r->c.slots[r->from].port,
	    r->c.drain_timeout_ms, 50);
	if (n < 0)
		run_step_end(r, "failed", "cannot count connections: %m");
	else if (n > 0)
		run_step_end(r, "ok", "%d connection%s still open after "
		    "DRAIN_TIMEOUT", n, n == 1 ? "" : "s");
	else
		run_step_end(r, "ok", "no connection left on port %d",
		    r->c.slots[r->from].port);
	run_step_begin(r, "stop");
	if (deploy_slot_stop(&r->c, r->from, old, &r->env, &error) != 0) {
		run_step_end(r, "failed", "%s", error);
		warnmsg("slot '%s' may still run: %s", r->c.slots[r->from].name,
		    error);
		free(error);
	} else
		run_step_end(r, "ok", "slot '%s'", r->c.slots[r->from].name);
	old->running = 0;
	old->pid = 0;
	old->pid_start = 0;
	run_state_write(r);
	run_env_refresh(r);
}

void
run_undo(struct run *r)
{
	struct deploy_slot_state t = { NULL, 0, 0, 1, NULL };
	struct pgsnap_config pc;
	struct pgsnap before = PGSNAP_INIT;
	json_t *restored;
	char *error = NULL;
	int want;

	if (r->switched && r->from >= 0)
		run_switch_to(r, r->from, "switch_back");
	else if (r->switched && r->caddy_before) {
		run_step_begin(r, "switch_back");
		if (run_caddy(r) == 0 && caddy_switch(&r->caddy, r->caddy_before,
		    NULL, &error) == CADDY_OK)
			run_step_end(r, "ok", "caddy sends '%s' to %s again",
			    r->c.caddy_upstream_id, r->caddy_before);
		else
			run_step_end(r, "failed", "%s", error ? error : "caddy");
		free(error);
		error = NULL;
	}
	if (r->started_target) {
		run_step_begin(r, "stop_new");
		t.pid = r->target_pid;
		t.pid_start = r->target_start;
		t.version = (char *)r->version;
		if (deploy_slot_stop(&r->c, r->to, &t, &r->env, &error) != 0)
			run_step_end(r, "failed", "%s", error);
		else
			run_step_end(r, "ok", "slot '%s'", r->c.slots[r->to].name);
		free(error);
		error = NULL;
	}
	want = r->migrate_failed ?
	    r->c.restore_on_failure != DEPLOY_RESTORE_NEVER :
	    r->migrated && r->c.restore_on_failure == DEPLOY_RESTORE_ALWAYS;
	if (!r->migrated)
		return;
	run_step_begin(r, "restore");
	if (!want || r->snap.path == NULL) {
		run_step_end(r, "skipped", "RESTORE_ON_FAILURE=%s: the database "
		    "stays as the migration left it; snapshot %s",
		    deploy_restore_name(r->c.restore_on_failure),
		    r->snap.file ? r->snap.file : "none");
		return;
	}
	run_pgsnap_config(r, &pc);
	if (pgsnap_restore(&pc, &r->snap, r->version, &before, &error) != 0) {
		run_step_end(r, "failed", "%s", error);
		run_fail(r, EXIT_ENV, "restore: %s (the database as it was: %s)",
		    error, before.path ? before.path : "no snapshot");
	} else
		run_step_end(r, "ok", "%s restored; the database as it was is in "
		    "%s", r->snap.file, before.file);
	restored = json_object();
	json_put(restored, "snapshot", pgsnap_json(&r->snap));
	json_put(restored, "before_restore", before.path ?
	    pgsnap_json(&before) : json_null());
	json_put(restored, "ok", json_boolean(error == NULL));
	json_put(r->doc, "restored", restored);
	free(error);
	pgsnap_release(&before);
}

/* The end of an attempt: audited, the journal removed. */
int
run_finish(struct run *r, int rc, const char *result)
{
	struct strbuf err = STRBUF_INIT;

	if (rc != 0 && r->journal) {
		run_undo(r);
		run_audit(r, result);
	}
	if (r->journal && deploy_journal_remove(&r->c, &err) != 0)
		warnmsg("%s", err.buf);
	json_decref(r->journal);
	r->journal = NULL;
	strbuf_release(&err);
	return rc;
}

/* One planned step of a dry run. */
static void
plan(struct run *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
plan(struct run *r, const char *name, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	run_step_begin(r, name);
	run_step_end(r, "planned", "%s", sb.buf);
	strbuf_release(&sb);
}

/* --dry-run: the plan, nothing changed; 0 nothing to do, 1 changes. */
int
run_plan(struct run *r)
{
	const char *to = r->c.slots[r->to].name;
	char *error = NULL;
	json_t *j = deploy_journal_read(&r->c, &error);
	int rc = EXIT_NO;

	if (j != NULL)
		plan(r, "recover", "put back the interrupted %s of '%s'",
		    json_string_value(json_object_get(j, "verb")),
		    json_string_value(json_object_get(j, "version")));
	else if (strcmp(r->o->verb, "deploy") == 0 && r->from >= 0 &&
	    r->from_version && strcmp(r->from_version, r->version) == 0 &&
	    deploy_pid_ours(r->st.slot[r->from].pid,
	    r->st.slot[r->from].pid_start)) {
		run_step_begin(r, "plan");
		run_step_end(r, "skipped", "slot '%s' already serves '%s'",
		    r->c.slots[r->from].name, r->version);
		rc = EXIT_OK;
		goto cleanup;
	}
	if (r->c.hook_pre_deploy.argc && strcmp(r->o->verb, "deploy") == 0)
		plan(r, "hook_pre_deploy", "'%s'", r->c.hook_pre_deploy.argv[0]);
	if (strcmp(r->o->verb, "deploy") == 0) {
		if (r->c.database_url)
			plan(r, "snapshot", "pg_dump into %s", r->c.snapshot_dir);
		if (r->c.database_url && r->c.migrate_cmd.argc)
			plan(r, "migrate", "'%s'", r->c.migrate_cmd.argv[0]);
	}
	plan(r, "start", "slot '%s' port %d with '%s'%s", to,
	    r->c.slots[r->to].port, r->version,
	    deploy_port_busy(r->c.slots[r->to].port) ? " (its port is in "
	    "use: stopped first if ours, else an error)" : "");
	plan(r, "gate", "http://127.0.0.1:%d%s, %ld passes within %lldms",
	    r->c.slots[r->to].port, r->c.health_path, r->c.gate_threshold,
	    r->c.gate_timeout_ms);
	plan(r, "switch", "caddy '%s' to 127.0.0.1:%d", r->c.caddy_upstream_id,
	    r->c.slots[r->to].port);
	plan(r, "verify", "%s%s", r->c.public_url, r->c.verify_path);
	plan(r, "record", "%s/state.json", r->c.state_dir);
	if (r->from >= 0 && r->from != r->to)
		plan(r, "stop", "slot '%s' once drained",
		    r->c.slots[r->from].name);
cleanup:
	json_decref(j);
	free(error);
	return rc;
}

int
run_deploy(struct run *r)
{
	struct strbuf err = STRBUF_INIT;
	int rc;

	if (!r->o->dry_run && (rc = run_prepare(r, r->o->verb)) != 0) {
		if (!deploy_lock_held(&r->lock))
			run_audit(r, "refused");
		goto cleanup;
	}
	if (r->o->dry_run && deploy_state_read(&r->c, &r->st, &err) != 0) {
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
	r->from = r->st.active;
	r->to = r->from >= 0 ? 1 - r->from : 0;
	if (r->from >= 0)
		r->from_version = r->st.slot[r->from].version ?
		    xstrdup(r->st.slot[r->from].version) : NULL;
	json_put(r->doc, "from", run_slot_ref(r, r->from, r->from_version));
	json_put(r->doc, "to", run_slot_ref(r, r->to, r->version));
	run_env_refresh(r);
	if (r->o->dry_run) {
		rc = run_plan(r);
		goto cleanup;
	}
	if (r->from < 0)
		run_step_end(r, "ok", "first deploy: slot '%s'",
		    r->c.slots[r->to].name);
	else
		run_step_end(r, "ok", "'%s' serves '%s'; target '%s'",
		    r->c.slots[r->from].name, r->from_version ? r->from_version :
		    "?", r->c.slots[r->to].name);
	if ((rc = run_hook(r, &r->c.hook_pre_deploy, "hook_pre_deploy")) != 0) {
		run_audit(r, "refused");
		goto cleanup;
	}
	run_journal_start(r);
	if (RUN_STEP(r, rc, step_snapshot(r)) ||
	    RUN_STEP(r, rc, step_migrate(r)) ||
	    RUN_STEP(r, rc, run_start_target(r)) ||
	    RUN_STEP(r, rc, run_gate_target(r))) {
		rc = run_finish(r, rc, "failed");
		goto cleanup;
	}
	if (strcmp(r->o->verb, "prepare") == 0) {
		rc = run_stage_prepared(r);
		goto cleanup;
	}
	if ((rc = run_switch_over(r)) != 0) {
		rc = run_finish(r, rc, "failed");
		goto cleanup;
	}
	run_drain_old(r);
	if (run_hook(r, &r->c.hook_post_deploy, "hook_post_deploy") != 0) {
		/* Deployed all the same: said, not undone. */
		json_put(r->doc, "error", json_null());
	}
	rc = run_finish(r, 0, "deployed");
cleanup:
	strbuf_release(&err);
	return rc;
}
