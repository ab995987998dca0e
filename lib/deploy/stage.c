/*
 * stage.c: a deploy in stages, verb by verb, as a deploy across hosts
 * drives each host (and an operator may by hand):
 *
 *	prepare VERSION   lock, recover, snapshot and migrate (not with
 *	                  --no-db), start, gate; the journal is kept,
 *	                  "phase": "prepared": nothing else deploys here
 *	                  until the attempt is switched and finished, or
 *	                  aborted
 *	prepare --rollback  the same for a rollback: the previous slot
 *	                  started (when stopped) and gated, the database
 *	                  restored with --restore-db
 *	switch            switch, hook_post_switch, verify, record;
 *	                  "phase": "switched" (a failure undoes the attempt)
 *	finish            drain and stop the old slot, hook_post_deploy; the
 *	                  journal removed
 *	abort             a prepared or switched attempt undone: traffic
 *	                  back, the state as it was, the new slot stopped,
 *	                  the database restored as RESTORE_ON_FAILURE says;
 *	                  with none, nothing to do (exit 0)
 *	hold              take the lock with --lock-token, say "held" and
 *	                  keep it until stdin ends
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "deploy/journal.h"
#include "deploy/run.h"

static const char *
jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

int
run_stage_prepared(struct run *r)
{
	run_journal_set(r, "phase", json_string("prepared"));
	json_decref(r->journal);
	r->journal = NULL;
	progress("prepared: slot '%s' runs '%s', gated; no traffic moved",
	    r->c.slots[r->to].name, r->version);
	return 0;
}

/*
 * Lock, read the state and take up the attempt the journal keeps, in
 * one of the phases want (NULL terminated). 0, or the exit status; for
 * abort, 0 with r->journal NULL when there is no attempt.
 */
static int
take_up(struct run *r, const char *const *want)
{
	struct strbuf err = STRBUF_INIT;
	const char *phase, *snap;
	char *error = NULL;
	json_t *j = NULL, *from, *to;
	int rc;
	size_t i;

	if ((rc = run_lock(r, r->o->verb)) != 0)
		goto cleanup;
	run_step_begin(r, "state");
	if (deploy_state_read(&r->c, &r->st, &err) != 0) {
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
	j = deploy_journal_read(&r->c, &error);
	phase = jstr(j, "phase");
	for (i = 0; phase && want[i] && strcmp(phase, want[i]) != 0; i++)
		;
	if (phase == NULL && error == NULL &&
	    strcmp(r->o->verb, "abort") == 0) {
		run_step_end(r, "skipped", "no deploy in stages here: nothing "
		    "to abort");
		goto cleanup;
	}
	if (phase == NULL || want[i] == NULL) {
		run_step_end(r, "failed", "%s", error ? error : phase ?
		    phase : "no deploy in stages");
		rc = run_fail(r, error ? EXIT_ENV : EXIT_NO, "%s: %s%s%s",
		    r->o->verb, error ? error : "no deploy ", error ? "" :
		    phase ? phase : "prepared", error ? "" : phase ?
		    " here, not that" : " here");
		goto cleanup;
	}
	r->journal = j;
	j = NULL;
	from = json_object_get(r->journal, "from");
	to = json_object_get(r->journal, "to");
	r->version = jstr(r->journal, "version");
	r->from = deploy_slot_index(&r->c, jstr(from, "slot"));
	r->to = deploy_slot_index(&r->c, jstr(to, "slot"));
	if (r->to < 0 || r->version == NULL) {
		run_step_end(r, "failed", "the journal names no target");
		rc = run_fail(r, EXIT_ENV, "'%s/attempt.json' names no target",
		    r->c.state_dir);
		goto cleanup;
	}
	deploy_set_str(&r->from_version, jstr(from, "version"));
	deploy_set_str(&r->caddy_before, jstr(r->journal, "caddy_before"));
	r->target_pid = (long)json_integer_value(json_object_get(r->journal,
	    "target_pid"));
	r->target_start = (long long)json_integer_value(json_object_get(
	    r->journal, "target_pid_start"));
	r->started_target = json_is_true(json_object_get(r->journal,
	    "started_target"));
	r->rollback = json_is_true(json_object_get(r->journal, "rollback"));
	r->migrated = json_is_true(json_object_get(r->journal, "migrated"));
	r->switched = json_is_true(json_object_get(r->journal, "switched"));
	snap = jstr(r->journal, "snapshot");
	if (snap && pgsnap_find(r->c.snapshot_dir, snap, NULL, &r->snap,
	    &error) != 0)
		warnmsg("snapshot '%s': %s", snap, error);
	json_put(r->doc, "version", json_string(r->version));
	json_put(r->doc, "from", run_slot_ref(r, r->from, r->from_version));
	json_put(r->doc, "to", run_slot_ref(r, r->to, r->version));
	run_env_refresh(r);
	run_step_end(r, "ok", "%s of '%s' to slot '%s'", phase, r->version,
	    r->c.slots[r->to].name);
cleanup:
	json_decref(j);
	free(error);
	strbuf_release(&err);
	return rc;
}

int
run_stage_switch(struct run *r)
{
	static const char *const want[] = { "prepared", NULL };
	json_t *prev = json_object();
	int rc;

	if ((rc = take_up(r, want)) != 0)
		goto cleanup;
	/* What abort puts back once the state is recorded. */
	json_put(prev, "slot", r->st.previous < 0 ? json_null() :
	    json_string(r->c.slots[r->st.previous].name));
	json_put(prev, "version", json_strz(r->st.previous_version));
	json_put(r->journal, "previous_before", prev);
	prev = NULL;
	if ((rc = run_switch_over(r)) != 0) {
		rc = run_finish(r, rc, "failed");
		goto cleanup;
	}
	run_journal_set(r, "phase", json_string("switched"));
	json_decref(r->journal);
	r->journal = NULL;
cleanup:
	json_decref(prev);
	return rc;
}

int
run_stage_finish(struct run *r)
{
	static const char *const want[] = { "switched", NULL };
	int rc;

	if ((rc = take_up(r, want)) != 0)
		return rc;
	run_drain_old(r);
	if (run_hook(r, &r->c.hook_post_deploy, "hook_post_deploy") != 0)
		json_put(r->doc, "error", json_null());
	return run_finish(r, 0, "deployed");
}

int
run_stage_abort(struct run *r)
{
	static const char *const want[] = { "prepared", "switched", NULL };
	struct strbuf err = STRBUF_INIT;
	json_t *prev;
	int rc;

	if ((rc = take_up(r, want)) != 0 || r->journal == NULL)
		goto cleanup;
	if (strcmp(jstr(r->journal, "phase"), "switched") == 0) {
		/* Recorded: the state as it was before. */
		prev = json_object_get(r->journal, "previous_before");
		run_step_begin(r, "unrecord");
		r->st.active = r->from;
		r->st.previous = deploy_slot_index(&r->c, jstr(prev, "slot"));
		deploy_set_str(&r->st.previous_version, jstr(prev, "version"));
		r->st.slot[r->to].running = 0;
		r->st.slot[r->to].pid = 0;
		r->st.slot[r->to].pid_start = 0;
		if (run_state_write(r) != 0) {
			run_step_end(r, "failed", "%s", json_string_value(
			    json_object_get(r->doc, "error")));
			rc = EXIT_ENV;
		} else
			run_step_end(r, "ok", "%s/state.json: '%s' active again",
			    r->c.state_dir, r->from >= 0 ?
			    r->c.slots[r->from].name : "none");
	}
	run_undo(r);
	if (!json_is_null(json_object_get(r->doc, "error")) && rc == 0)
		rc = EXIT_ENV;
	run_audit(r, "aborted");
	if (deploy_journal_remove(&r->c, &err) != 0) {
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
	}
	json_decref(r->journal);
	r->journal = NULL;
cleanup:
	strbuf_release(&err);
	return rc;
}

int
run_stage_hold(struct run *r)
{
	char buf[256];
	int rc;

	if (r->o->lock_token == NULL)
		return run_fail(r, EXIT_USAGE, "hold: give --lock-token");
	if ((rc = run_lock(r, "hold")) != 0)
		return rc;
	if (r->o->on_held)
		r->o->on_held();
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	return 0;
}
