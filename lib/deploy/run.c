/* run.c: deploy_run(), and the steps, journal and audit every verb shares. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "deploy/audit.h"
#include "deploy/gate.h"
#include "deploy/hosts.h"
#include "deploy/journal.h"
#include "deploy/run.h"
#include "deploy/stopsig.h"

void
run_step_begin(struct run *r, const char *name)
{
	r->step = name;
	r->step_ms = clock_ms();
	if (r->journal)
		run_journal_set(r, "step", json_string(name));
}

void
run_step_start(struct run *r, const char *name)
{
	r->step = name;
	r->step_ms = clock_ms();
	if (r->journal)
		json_put(r->journal, "step", json_string(name));
}

void
run_step_end(struct run *r, const char *status, const char *fmt, ...)
{
	struct strbuf detail = STRBUF_INIT;
	long long ms = clock_ms() - r->step_ms;
	json_t *step = json_object();
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		strbuf_vaddf(&detail, fmt, ap);
		va_end(ap);
	}
	json_put(step, "name", json_string(r->step));
	json_put(step, "status", json_string(status));
	json_put(step, "ms", json_integer(ms));
	json_put(step, "detail", fmt ? json_strz(detail.buf) : json_null());
	json_push(r->steps, step);
	if (strcmp(status, "failed") == 0)
		errmsg("%s: failed (%lldms)", r->step, ms);
	else
		progress("%s: %s%s%s (%lldms)", r->step,
		    strcmp(status, "ok") == 0 ? "" : status,
		    strcmp(status, "ok") == 0 || !fmt ? "" : ": ",
		    strbuf_str(&detail), ms);
	strbuf_release(&detail);
}

int
run_fail(struct run *r, int status, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (json_is_null(json_object_get(r->doc, "error"))) {
		json_put(r->doc, "error", json_strz(msg.buf));
		errmsg("%s", msg.buf);
	}
	strbuf_release(&msg);
	return status;
}

void
run_journal_write(struct run *r)
{
	struct strbuf err = STRBUF_INIT;

	if (r->journal && deploy_journal_write(&r->c, r->journal, &err) != 0)
		warnmsg("%s", err.buf);
	strbuf_release(&err);
}

void
run_journal_set(struct run *r, const char *key, json_t *value)
{
	if (r->journal == NULL) {
		json_decref(value);
		return;
	}
	json_put(r->journal, key, value);
	run_journal_write(r);
}

json_t *
run_slot_ref(const struct run *r, int i, const char *version)
{
	json_t *ref = json_object();

	json_put(ref, "slot", i < 0 ? json_null() :
	    json_string(r->c.slots[i].name));
	json_put(ref, "version", json_strz(version));
	return ref;
}

int
run_stopped(struct run *r)
{
	int sig = stopsig_caught();

	if (sig == 0)
		return 0;
	return run_fail(r, EXIT_NO, "stopped by signal %d (%s): undoing the "
	    "attempt", sig, strsignal(sig));
}

int
run_journal_start(struct run *r)
{
	char now[32];

	stopsig_catch();
	deploy_time_now(now, sizeof(now));
	r->journal = json_object();
	json_put(r->journal, "verb", json_string(r->o->verb));
	json_put(r->journal, "version", json_strz(r->version));
	json_put(r->journal, "pid", json_integer(getpid()));
	json_put(r->journal, "started", json_string(now));
	json_put(r->journal, "from", run_slot_ref(r, r->from, r->from_version));
	json_put(r->journal, "to", run_slot_ref(r, r->to, r->version));
	if (r->rollback)
		json_put(r->journal, "rollback", json_true());
	run_journal_set(r, "step", json_string(r->step ? r->step : "start"));
	return 0;
}

void
run_dial(const struct run *r, int i, char *buf, size_t size)
{
	snprintf(buf, size, "127.0.0.1:%d", r->c.slots[i].port);
}

int
run_caddy(struct run *r)
{
	char *error = NULL;

	if (r->caddy_ready)
		return 0;
	if (caddy_init(&r->caddy, r->c.caddy_admin, r->c.caddy_upstream_id,
	    5000, &error) != 0) {
		run_fail(r, EXIT_USAGE, "%s", error);
		free(error);
		return -1;
	}
	r->caddy_ready = 1;
	return 0;
}

void
run_pgsnap_config(const struct run *r, struct pgsnap_config *pc)
{
	pc->database_url = r->c.database_url;
	pc->dir = r->c.snapshot_dir;
	pc->env = r->c.env;
	pc->keep = (unsigned)r->c.snapshot_keep;
}

void
run_audit(struct run *r, const char *result)
{
	struct strbuf err = STRBUF_INIT;
	json_t *e = json_object();

	json_put(e, "verb", json_string(r->o->verb));
	json_put(e, "version", json_strz(r->version));
	json_put(e, "from", run_slot_ref(r, r->from, r->from_version));
	json_put(e, "to", run_slot_ref(r, r->to, r->version));
	json_put(e, "result", json_string(result));
	json_put(e, "ms", json_integer(clock_ms() - r->started_ms));
	json_put(e, "snapshot", json_strz(r->snap.file));
	json_put(e, "restored", json_incref(json_object_get(r->doc,
	    "restored")));
	json_put(e, "reason", json_incref(json_object_get(r->doc, "error")));
	if (deploy_audit_append(&r->c, e, &err) != 0)
		warnmsg("%s", err.buf);
	json_decref(e);
	strbuf_release(&err);
}

int
run_state_write(struct run *r)
{
	struct strbuf err = STRBUF_INIT;
	char now[32];
	int rc;

	deploy_time_now(now, sizeof(now));
	deploy_set_str(&r->st.updated, now);
	rc = deploy_state_write(&r->c, &r->st, &err);
	if (rc != 0)
		run_fail(r, EXIT_ENV, "%s", err.buf);
	strbuf_release(&err);
	return rc;
}

void
run_env_refresh(struct run *r)
{
	deploy_env_set(&r->env, "DEPLOY_ENV", r->c.env);
	deploy_env_set(&r->env, "DEPLOY_SLOT_LOCK_HELD",
	    deploy_lock_held(&r->lock) ? "1" : "0");
	deploy_env_set(&r->env, "FROM_SLOT",
	    r->from >= 0 ? r->c.slots[r->from].name : "");
	deploy_env_set(&r->env, "FROM_VERSION",
	    r->from_version ? r->from_version : "");
	if (r->to >= 0) {
		char port[16];

		snprintf(port, sizeof(port), "%d", r->c.slots[r->to].port);
		deploy_env_set(&r->env, "SLOT", r->c.slots[r->to].name);
		deploy_env_set(&r->env, "PORT", port);
	}
	deploy_env_set(&r->env, "VERSION", r->version ? r->version : "");
}

int
run_lock(struct run *r, const char *verb)
{
	struct strbuf err = STRBUF_INIT;
	json_t *holder = NULL;
	int rc = 0;

	run_step_begin(r, "lock");
	switch (deploy_lock_take(&r->c, verb, r->version, r->o->lock_token,
	    r->o->lock_wait_ms, &r->lock, &holder, &err)) {
	case 0:
		run_step_end(r, "ok", "%s/lock%s", r->c.state_dir,
		    r->lock.borrowed ? ", held for this deploy across hosts" :
		    "");
		break;
	case 1:
		json_put(r->doc, "lock", holder ? json_incref(holder) :
		    json_null());
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_NO, "%s", err.buf);
		goto cleanup;
	default:
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
cleanup:
	json_decref(holder);
	strbuf_release(&err);
	return rc;
}

int
run_prepare(struct run *r, const char *verb)
{
	struct strbuf err = STRBUF_INIT;
	int rc;

	if ((rc = run_lock(r, verb)) != 0)
		goto cleanup;
	run_step_begin(r, "recover");
	if ((rc = run_recover(r)) != 0)
		goto cleanup;
	run_step_begin(r, "state");
	deploy_state_release(&r->st);
	if (deploy_state_read(&r->c, &r->st, &err) != 0) {
		run_step_end(r, "failed", "%s", err.buf);
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		goto cleanup;
	}
cleanup:
	strbuf_release(&err);
	return rc;
}

static json_t *
new_doc(const struct deploy_opts *o)
{
	json_t *doc = json_object();

	json_put(doc, "schema", json_string("deploy-slot/1"));
	json_put(doc, "ok", json_false());
	json_put(doc, "env", json_strz(o->env));
	json_put(doc, "verb", json_strz(o->verb));
	json_put(doc, "version", json_strz(o->version));
	json_put(doc, "dry_run", json_boolean(o->dry_run));
	json_put(doc, "from", json_null());
	json_put(doc, "to", json_null());
	json_put(doc, "steps", json_array());
	json_put(doc, "snapshot", json_null());
	json_put(doc, "restored", json_null());
	json_put(doc, "error", json_null());
	return doc;
}

int
deploy_run(const struct deploy_opts *o, json_t **doc, struct strbuf *raw)
{
	struct strbuf err = STRBUF_INIT;
	struct run r;
	struct pgsnap empty = PGSNAP_INIT;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.lock.fd = -1;
	r.from = r.to = -1;
	r.snap = empty;
	r.version = o->version;
	r.started_ms = clock_ms();
	deploy_state_init(&r.st);
	r.doc = new_doc(o);
	r.steps = json_object_get(r.doc, "steps");
	if (deploy_config_load_hosts(&r.c, o->env, o->config, o->hosts,
	    o->nhosts, &err) != 0) {
		/* FILE:LINE: message, as a compiler says it. */
		fprintf(stderr, "%s\n", err.buf);
		json_put(r.doc, "error", json_strz(err.buf));
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (r.c.nhosts > 0) {
		json_decref(r.doc);
		r.doc = NULL;
		rc = deploy_hosts_run(o, &r.c, &r.doc, raw);
		goto cleanup;
	}
	run_env_refresh(&r);
	if (strcmp(o->verb, "deploy") == 0 || strcmp(o->verb, "prepare") == 0)
		rc = o->rollback ? run_rollback(&r) : run_deploy(&r);
	else if (strcmp(o->verb, "switch") == 0)
		rc = run_stage_switch(&r);
	else if (strcmp(o->verb, "finish") == 0)
		rc = run_stage_finish(&r);
	else if (strcmp(o->verb, "abort") == 0)
		rc = run_stage_abort(&r);
	else if (strcmp(o->verb, "hold") == 0)
		rc = run_stage_hold(&r);
	else if (strcmp(o->verb, "rollback") == 0)
		rc = run_rollback(&r);
	else if (strcmp(o->verb, "status") == 0)
		rc = run_status(&r);
	else if (strcmp(o->verb, "snapshots") == 0)
		rc = run_snapshots(&r);
	else
		rc = run_unlock(&r);
	if (rc == EXIT_OK || (o->dry_run && rc == EXIT_NO &&
	    json_is_null(json_object_get(r.doc, "error"))))
		json_put(r.doc, "ok", json_true());
cleanup:
	deploy_lock_release(&r.lock);
	if (r.caddy_ready)
		caddy_release(&r.caddy);
	pgsnap_release(&r.snap);
	json_decref(r.journal);
	deploy_env_release(&r.env);
	deploy_state_release(&r.st);
	deploy_config_release(&r.c);
	free(r.from_version);
	free(r.caddy_before);
	strbuf_release(&err);
	*doc = r.doc;
	return rc;
}
