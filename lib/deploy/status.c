/*
 * status.c: the verbs that look rather than act: status (the recorded
 * state against what runs and what Caddy serves), snapshots, and unlock.
 */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "deploy/gate.h"
#include "deploy/journal.h"
#include "deploy/run.h"
#include "deploy/slot.h"

static json_t *
lock_json(struct run *r)
{
	json_t *lock = json_object(), *holder = NULL;
	int held;

	if (deploy_lock_peek(&r->c, &held, &holder) != 0)
		warnmsg("cannot read '%s/lock'", r->c.state_dir);
	json_put(lock, "held", json_boolean(held));
	json_put(lock, "holder", holder && held ? json_incref(holder) :
	    json_null());
	json_put(lock, "left_by_dead_holder", holder && !held ?
	    json_incref(holder) : json_null());
	json_decref(holder);
	return lock;
}

/* Which slot Caddy sends traffic to, and whether the state agrees. */
static json_t *
caddy_json(struct run *r)
{
	struct caddy_upstreams up = CADDY_UPSTREAMS_INIT;
	json_t *o = json_object(), *list = json_array();
	char dial[64], *error = NULL;
	int i, slot = -1;
	size_t k;

	if (run_caddy(r) != 0 ||
	    caddy_upstreams(&r->caddy, &up, &error) != CADDY_OK) {
		json_put(o, "upstreams", json_null());
		json_put(o, "slot", json_null());
		json_put(o, "agrees", json_null());
		json_put(o, "error", json_strz(error ? error :
		    "CADDY_ADMIN or CADDY_UPSTREAM_ID"));
		goto cleanup;
	}
	for (k = 0; k < up.n; k++)
		json_push(list, json_string(up.dial[k]));
	for (i = 0; i < 2; i++) {
		run_dial(r, i, dial, sizeof(dial));
		if (caddy_upstreams_are(&up, dial))
			slot = i;
	}
	json_put(o, "upstreams", list);
	list = NULL;
	json_put(o, "slot", slot < 0 ? json_null() :
	    json_string(r->c.slots[slot].name));
	json_put(o, "agrees", json_boolean(slot == r->st.active &&
	    (slot >= 0 || !r->st.exists)));
	json_put(o, "error", json_null());
cleanup:
	json_decref(list);
	caddy_upstreams_release(&up);
	free(error);
	return o;
}

int
run_status(struct run *r)
{
	struct strbuf err = STRBUF_INIT;
	json_t *slots = json_object(), *one, *journal;
	char *error = NULL;
	int i, rc = 0;

	if (deploy_state_read(&r->c, &r->st, &err) != 0) {
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
		json_decref(slots);
		goto cleanup;
	}
	json_put(r->doc, "state", r->st.exists ?
	    deploy_state_json(&r->c, &r->st) : json_null());
	json_put(r->doc, "active", r->st.active < 0 ? json_null() :
	    json_string(r->c.slots[r->st.active].name));
	json_put(r->doc, "public_url", json_strz(r->c.public_url));
	json_put(r->doc, "lock", lock_json(r));
	json_put(r->doc, "caddy", caddy_json(r));
	for (i = 0; i < 2; i++) {
		one = json_object();
		json_put(one, "port", json_integer(r->c.slots[i].port));
		json_put(one, "version", json_strz(r->st.slot[i].version));
		json_put(one, "pid", r->st.slot[i].pid > 0 ?
		    json_integer(r->st.slot[i].pid) : json_null());
		json_put(one, "running", json_boolean(r->st.slot[i].pid > 0 ?
		    deploy_pid_ours(r->st.slot[i].pid, r->st.slot[i].pid_start) :
		    r->st.slot[i].running));
		json_put(one, "healthy", json_boolean(deploy_health_now(&r->c,
		    r->c.slots[i].port)));
		json_put(slots, r->c.slots[i].name, one);
	}
	json_put(r->doc, "slots", slots);
	journal = deploy_journal_read(&r->c, &error);
	if (error)
		warnmsg("%s", error);
	json_put(r->doc, "interrupted", journal ? journal : json_null());
	if (journal && json_string_value(json_object_get(journal, "phase")))
		warnmsg("a deploy of '%s' across hosts is %s here: switch and "
		    "finish it, or abort it",
		    json_string_value(json_object_get(journal, "version")),
		    json_string_value(json_object_get(journal, "phase")));
	else if (journal)
		warnmsg("an attempt was interrupted: %s of '%s' at step '%s'; "
		    "the next deploy or rollback puts things back first",
		    json_string_value(json_object_get(journal, "verb")),
		    json_string_value(json_object_get(journal, "version")),
		    json_string_value(json_object_get(journal, "step")));
cleanup:
	free(error);
	strbuf_release(&err);
	return rc;
}

int
run_snapshots(struct run *r)
{
	struct pgsnap *list = NULL;
	json_t *arr = json_array();
	char *error = NULL;
	size_t i, n = 0;
	int rc = 0;

	if (pgsnap_list(r->c.snapshot_dir, &list, &n, &error) != 0) {
		rc = run_fail(r, EXIT_ENV, "%s", error);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		json_push(arr, pgsnap_json(&list[i]));
	progress("%zu snapshot%s in '%s'", n, n == 1 ? "" : "s",
	    r->c.snapshot_dir);
cleanup:
	json_put(r->doc, "snapshots", arr);
	pgsnap_list_release(list, n);
	free(error);
	return rc;
}

int
run_unlock(struct run *r)
{
	struct strbuf err = STRBUF_INIT, who = STRBUF_INIT;
	json_t *holder = NULL;
	int rc;

	switch (deploy_lock_clear(&r->c, &holder, &err)) {
	case 0:
		json_put(r->doc, "cleared", holder ? json_incref(holder) :
		    json_null());
		if (holder) {
			deploy_lock_describe(&who, holder);
			progress("cleared the lock details left by %s", who.buf);
		} else
			progress("nothing to clear: no holder");
		rc = 0;
		break;
	case 1:
		deploy_lock_describe(&who, holder);
		json_put(r->doc, "lock", holder ? json_incref(holder) :
		    json_null());
		rc = run_fail(r, EXIT_NO, "the lock is held by %s, which is "
		    "alive: not cleared", who.buf);
		break;
	default:
		rc = run_fail(r, EXIT_ENV, "%s", err.buf);
	}
	json_decref(holder);
	strbuf_release(&err);
	strbuf_release(&who);
	return rc;
}
