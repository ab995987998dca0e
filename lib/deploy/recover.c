/*
 * recover.c: putting things back after an attempt that was interrupted
 * (kill -9, a crash): traffic on the recorded active slot, the
 * half-started slot stopped, the database restored when
 * RESTORE_ON_FAILURE=always and the attempt may have migrated it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "deploy/audit.h"
#include "deploy/journal.h"
#include "deploy/run.h"
#include "deploy/slot.h"

static const char *
jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

/* A new reference to member key of j, JSON null when it has none. */
static json_t *
member(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	return v ? json_incref(v) : json_null();
}

/* Caddy on dial again; 0, or -1 with *error. */
static int
traffic_to(struct run *r, const char *dial, char **error)
{
	struct caddy_upstreams up = CADDY_UPSTREAMS_INIT;
	int rc = -1;

	if (run_caddy(r) != 0) {
		*error = xstrdup("CADDY_ADMIN or CADDY_UPSTREAM_ID");
		return -1;
	}
	if (caddy_upstreams(&r->caddy, &up, error) == CADDY_OK &&
	    (caddy_upstreams_are(&up, dial) ||
	    caddy_switch(&r->caddy, dial, NULL, error) == CADDY_OK))
		rc = 0;
	caddy_upstreams_release(&up);
	return rc;
}

static int
restore_snapshot(struct run *r, json_t *j, struct strbuf *done)
{
	struct pgsnap_config pc;
	struct pgsnap snap = PGSNAP_INIT, before = PGSNAP_INIT;
	char *error = NULL;
	int rc = 0, halfway;

	/* Killed in the migration: it failed, perhaps halfway. */
	halfway = jstr(j, "step") && strcmp(jstr(j, "step"), "migrate") == 0;
	if (!json_is_true(json_object_get(j, "migrated")))
		return 0;
	if ((halfway ? r->c.restore_on_failure == DEPLOY_RESTORE_NEVER :
	    r->c.restore_on_failure != DEPLOY_RESTORE_ALWAYS) ||
	    jstr(j, "snapshot") == NULL || r->c.database_url == NULL) {
		strbuf_addf(done, "; the database may be migrated (snapshot %s, "
		    "RESTORE_ON_FAILURE=%s: not restored)", jstr(j, "snapshot") ?
		    jstr(j, "snapshot") : "none",
		    deploy_restore_name(r->c.restore_on_failure));
		return 0;
	}
	run_pgsnap_config(r, &pc);
	if (pgsnap_find(r->c.snapshot_dir, jstr(j, "snapshot"), NULL,
	    &snap, &error) != 0 || pgsnap_restore(&pc, &snap, jstr(j, "version"),
	    &before, &error) != 0) {
		rc = run_fail(r, EXIT_ENV, "recover: cannot restore '%s': %s",
		    jstr(j, "snapshot"), error);
	} else
		strbuf_addf(done, "; database restored from %s (as it was: %s)",
		    snap.file, before.file);
	free(error);
	pgsnap_release(&snap);
	pgsnap_release(&before);
	return rc;
}

int
run_recover(struct run *r)
{
	struct strbuf err = STRBUF_INIT, done = STRBUF_INIT;
	struct deploy_state st;
	struct deploy_slot_state half = { NULL, 0, 0, 1, NULL };
	json_t *j, *entry = NULL;
	char dial[64], *error = NULL;
	const char *target = NULL;
	int to, from, rc = 0;

	deploy_state_init(&st);
	j = deploy_journal_read(&r->c, &error);
	if (j == NULL) {
		if (error) {
			run_step_end(r, "failed", "%s", error);
			rc = run_fail(r, EXIT_ENV, "%s", error);
		} else
			run_step_end(r, "skipped", "no interrupted attempt");
		goto cleanup;
	}
	if (jstr(j, "phase")) {
		run_step_end(r, "failed", "a deploy across hosts is %s here",
		    jstr(j, "phase"));
		rc = run_fail(r, EXIT_NO, "a deploy of '%s' across hosts is %s "
		    "here: switch and finish it, or abort it",
		    jstr(j, "version") ? jstr(j, "version") : "?",
		    jstr(j, "phase"));
		goto cleanup;
	}
	warnmsg("an earlier %s of '%s' was interrupted at step '%s': putting "
	    "things back", jstr(j, "verb") ? jstr(j, "verb") : "attempt",
	    jstr(j, "version") ? jstr(j, "version") : "?",
	    jstr(j, "step") ? jstr(j, "step") : "?");
	if (deploy_state_read(&r->c, &st, &err) != 0) {
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
	to = deploy_slot_index(&r->c, jstr(json_object_get(j, "to"), "slot"));
	from = deploy_slot_index(&r->c, jstr(json_object_get(j, "from"),
	    "slot"));
	if (st.active >= 0) {
		snprintf(dial, sizeof(dial), "127.0.0.1:%d",
		    r->c.slots[st.active].port);
		target = dial;
	} else if (json_is_true(json_object_get(j, "switched")))
		target = jstr(j, "caddy_before");
	if (target && traffic_to(r, target, &error) != 0) {
		run_step_end(r, "failed", "%s", error);
		rc = run_fail(r, EXIT_ENV, "recover: cannot put traffic back on "
		    "%s: %s", target, error);
		goto cleanup;
	}
	strbuf_addf(&done, "traffic on %s", target ? target : "(unchanged)");
	if (to >= 0 && to != st.active) {
		half.pid = (long)json_integer_value(json_object_get(j,
		    "target_pid"));
		half.pid_start = (long long)json_integer_value(
		    json_object_get(j, "target_pid_start"));
		/* Killed before it knew the pid: the slot wrote it down. */
		if (half.pid == 0) {
			half.pid = deploy_slot_pidfile(&r->c, to);
			half.pid_start = 0;
		}
		half.version = (char *)jstr(j, "version");
		if ((deploy_pid_ours(half.pid, half.pid_start) || r->c.stop_cmd.argc > 0 ?
		    deploy_slot_stop(&r->c, to, &half, &r->env, &error) :
		    deploy_slot_free_port(&r->c, to, &half, &r->env,
		    &error)) == 0)
			strbuf_addf(&done, ", slot '%s' stopped",
			    r->c.slots[to].name);
		else
			warnmsg("slot '%s': %s", r->c.slots[to].name, error);
	} else if (from >= 0 && from != st.active && st.slot[from].running) {
		/* Recorded, then interrupted draining the old slot. */
		if (deploy_slot_stop(&r->c, from, &st.slot[from], &r->env,
		    &error) == 0) {
			st.slot[from].running = 0;
			st.slot[from].pid = 0;
			st.slot[from].pid_start = 0;
			if (deploy_state_write(&r->c, &st, &err) != 0)
				warnmsg("%s", err.buf);
			strbuf_addf(&done, ", old slot '%s' stopped",
			    r->c.slots[from].name);
		} else
			warnmsg("slot '%s': %s", r->c.slots[from].name, error);
	}
	if ((rc = restore_snapshot(r, j, &done)) != 0) {
		run_step_end(r, "failed", "%s", done.buf);
		goto cleanup;
	}
	entry = json_object();
	json_put(entry, "verb", member(j, "verb"));
	json_put(entry, "version", member(j, "version"));
	json_put(entry, "from", member(j, "from"));
	json_put(entry, "to", member(j, "to"));
	json_put(entry, "result", json_string("interrupted"));
	json_put(entry, "step", member(j, "step"));
	json_put(entry, "snapshot", member(j, "snapshot"));
	json_put(entry, "reason", json_string(done.buf));
	strbuf_reset(&err);
	if (deploy_audit_append(&r->c, entry, &err) != 0)
		warnmsg("%s", err.buf);
	strbuf_reset(&err);
	if (deploy_journal_remove(&r->c, &err) != 0) {
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
	json_put(r->doc, "recovered", json_incref(j));
	run_step_end(r, "ok", "interrupted %s of '%s' at '%s': %s",
	    jstr(j, "verb") ? jstr(j, "verb") : "?",
	    jstr(j, "version") ? jstr(j, "version") : "?",
	    jstr(j, "step") ? jstr(j, "step") : "?", done.buf);
cleanup:
	json_decref(j);
	json_decref(entry);
	free(error);
	deploy_state_release(&st);
	strbuf_release(&err);
	strbuf_release(&done);
	return rc;
}
