/*
 * rollback.c: traffic back to the previous slot and version. The
 * previous slot is started again with its recorded version when it was
 * stopped, gated, switched to and verified; then the other is stopped.
 * The database is restored only when asked (--restore-db).
 */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "deploy/pgsnap.h"
#include "deploy/run.h"
#include "deploy/slot.h"

/* Is slot i running as recorded (and answering on its port)? */
static int
slot_up(const struct run *r, int i)
{
	const struct deploy_slot_state *s = &r->st.slot[i];

	if (!s->running || !deploy_port_busy(r->c.slots[i].port))
		return 0;
	return r->c.stop_cmd.argc > 0 || deploy_pid_ours(s->pid, s->pid_start);
}

static int
restore_db(struct run *r, struct pgsnap *snap)
{
	struct pgsnap_config pc;
	struct pgsnap before = PGSNAP_INIT;
	json_t *restored = json_object();
	char *error = NULL;
	int rc = 0;

	run_step_begin(r, "restore");
	run_pgsnap_config(r, &pc);
	if (pgsnap_restore(&pc, snap, r->from_version, &before, &error) != 0) {
		run_step_end(r, "failed", "%s", error);
		rc = run_fail(r, EXIT_ENV, "restore: %s (the database as it was: "
		    "%s)", error, before.path ? before.path : "no snapshot");
	} else
		run_step_end(r, "ok", "%s restored; the database as it was is in "
		    "%s", snap->file, before.file);
	json_put(restored, "snapshot", pgsnap_json(snap));
	json_put(restored, "before_restore", before.path ?
	    pgsnap_json(&before) : json_null());
	json_put(restored, "ok", json_boolean(rc == 0));
	json_put(r->doc, "restored", restored);
	pgsnap_release(&before);
	free(error);
	return rc;
}

int
run_rollback(struct run *r)
{
	struct strbuf err = STRBUF_INIT;
	struct pgsnap snap = PGSNAP_INIT;
	char *version = NULL, *error = NULL;
	int rc, up;

	r->rollback = 1;
	if (!r->o->dry_run && (rc = run_prepare(r, r->o->verb)) != 0)
		goto cleanup;
	if (r->o->dry_run && deploy_state_read(&r->c, &r->st, &err) != 0) {
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
	if (r->st.previous < 0 || r->st.previous_version == NULL) {
		if (!r->o->dry_run)
			run_step_end(r, "failed", "no previous deployment");
		rc = run_fail(r, EXIT_NO, "no previous deployment to roll back "
		    "to in '%s/state.json'", r->c.state_dir);
		if (!r->o->dry_run)
			run_audit(r, "refused");
		goto cleanup;
	}
	r->from = r->st.active;
	r->to = r->st.previous;
	if (r->from >= 0 && r->st.slot[r->from].version)
		r->from_version = xstrdup(r->st.slot[r->from].version);
	version = xstrdup(r->st.previous_version);
	r->version = version;
	json_put(r->doc, "version", json_string(version));
	json_put(r->doc, "from", run_slot_ref(r, r->from, r->from_version));
	json_put(r->doc, "to", run_slot_ref(r, r->to, version));
	run_env_refresh(r);
	if (r->o->restore_db) {
		if (r->c.database_url == NULL) {
			rc = run_fail(r, EXIT_USAGE, "--restore-db: no "
			    "DATABASE_URL in '%s'", r->c.file);
			goto cleanup;
		}
		if (pgsnap_find(r->c.snapshot_dir, r->o->restore_db,
		    r->from_version, &snap, &error) != 0) {
			rc = run_fail(r, EXIT_USAGE, "--restore-db: %s", error);
			goto cleanup;
		}
	}
	up = slot_up(r, r->to);
	if (r->o->dry_run) {
		rc = run_plan(r);
		goto cleanup;
	}
	run_step_end(r, "ok", "back from '%s' (%s) to '%s' (%s)",
	    r->from >= 0 ? r->c.slots[r->from].name : "none",
	    r->from_version ? r->from_version : "?", r->c.slots[r->to].name,
	    version);
	run_journal_start(r);
	if (up) {
		run_step_begin(r, "start");
		r->target_pid = r->st.slot[r->to].pid;
		r->target_start = r->st.slot[r->to].pid_start;
		run_step_end(r, "skipped", "slot '%s' still runs '%s'",
		    r->c.slots[r->to].name, version);
	} else if (RUN_STEP(r, rc, run_start_target(r)))
		goto fail;
	if (RUN_STEP(r, rc, run_gate_target(r)) ||
	    (snap.path && RUN_STEP(r, rc, restore_db(r, &snap))))
		goto fail;
	if (strcmp(r->o->verb, "prepare") == 0) {
		rc = run_stage_prepared(r);
		goto cleanup;
	}
	if ((rc = run_switch_over(r)) != 0)
		goto fail;
	run_drain_old(r);
	rc = run_finish(r, 0, "rolled-back");
	goto cleanup;
fail:
	rc = run_finish(r, rc, "failed");
cleanup:
	pgsnap_release(&snap);
	free(error);
	strbuf_release(&err);
	if (r->version == version)
		r->version = NULL;
	free(version);
	return rc;
}
