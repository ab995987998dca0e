/*
 * hosts.c: a verb on the hosts of HOST or HOSTS over ssh: one host's
 * document passed through, several hosts' gathered in one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "deploy/hosts.h"
#include "deploy/remote.h"


#define TAIL_MAX 16

/*
 * The options, verb and version of o as the hosts are given them, into
 * tail (TAIL_MAX); wait holds the --lock-wait duration.
 */
static void
hosts_verb_tail(const struct deploy_opts *o, const char **tail, char *wait,
    size_t waitsize)
{
	size_t n = 0;

	if (o->dry_run)
		tail[n++] = "--dry-run";
	if (o->lock_wait_ms > 0) {
		snprintf(wait, waitsize, "%lldms", o->lock_wait_ms);
		tail[n++] = "--lock-wait";
		tail[n++] = wait;
	}
	if (o->restore_db) {
		tail[n++] = "--restore-db";
		tail[n++] = o->restore_db;
	}
	if (o->lock_token) {
		tail[n++] = "--lock-token";
		tail[n++] = o->lock_token;
	}
	if (o->no_db)
		tail[n++] = "--no-db";
	if (o->rollback)
		tail[n++] = "--rollback";
	tail[n++] = o->verb;
	if (o->version)
		tail[n++] = o->version;
	tail[n] = NULL;
}

/* "-e ENV -c REMOTE_CONFIG [-q] [--pretty]" then tail, into args. */
static void
full_args(const struct deploy_opts *o, const struct deploy_config *c,
    const char *const *tail, const char **args, int pretty)
{
	size_t n = 0;

	args[n++] = "-e";
	args[n++] = c->env;
	args[n++] = "-c";
	args[n++] = c->remote_config;
	if (o->quiet)
		args[n++] = "-q";
	if (pretty)
		args[n++] = "--pretty";
	while (*tail && n < 2 * TAIL_MAX - 1)
		args[n++] = *tail++;
	args[n] = NULL;
}

static json_t *
error_doc(const struct deploy_opts *o, const char *host, const char *msg)
{
	json_t *doc = json_object();

	json_put(doc, "schema", json_string("deploy-slot/1"));
	json_put(doc, "ok", json_false());
	json_put(doc, "env", json_strz(o->env));
	json_put(doc, "verb", json_strz(o->verb));
	json_put(doc, "version", json_strz(o->version));
	json_put(doc, "host", json_strz(host));
	json_put(doc, "error", json_strz(msg));
	return doc;
}

/* HOST: the verb there, its document through unchanged. */
static int
run_one(const struct deploy_opts *o, const struct deploy_config *c,
    json_t **doc, struct strbuf *raw)
{
	struct remote_cmd cmd;
	struct strbuf msg = STRBUF_INIT;
	const char *tail[TAIL_MAX], *args[2 * TAIL_MAX];
	char wait[32];
	int rc;

	hosts_verb_tail(o, tail, wait, sizeof(wait));
	full_args(o, c, tail, args, o->pretty);
	remote_start(&cmd, c, &c->hosts[0], args, 0);
	remote_wait(&cmd, 1, REMOTE_UNTIL_EXIT);
	rc = remote_outcome(&cmd, &msg);
	if (msg.len == 0) {
		strbuf_add(raw, strbuf_str(&cmd.outbuf), cmd.outbuf.len);
	} else {
		errmsg("%s", msg.buf);
		*doc = error_doc(o, c->hosts[0].spec, msg.buf);
	}
	remote_release(&cmd);
	strbuf_release(&msg);
	return rc;
}

/* Add the steps of doc to entry, each marked with its phase. */
static void
add_steps(json_t *entry, json_t *doc, const char *phase)
{
	json_t *steps = json_object_get(entry, "steps"), *step;
	size_t i;

	json_array_foreach(json_object_get(doc, "steps"), i, step) {
		step = json_deep_copy(step);
		json_put(step, "phase", json_string(phase));
		json_push(steps, step);
	}
}

int
hosts_phase(struct hosts_run *h, const size_t *idx, size_t n,
    const char *phase, const char *const *tail, json_t **docs)
{
	struct remote_cmd *cmds = xcalloc(n ? n : 1, sizeof(*cmds));
	struct strbuf msg = STRBUF_INIT;
	const char *args[2 * TAIL_MAX];
	json_t *entry, *doc, *v;
	size_t i;
	int rc, worst = 0;

	full_args(h->o, h->c, tail, args, 0);
	for (i = 0; i < n; i++)
		remote_start(&cmds[i], h->c, &h->c->hosts[idx[i]], args, 0);
	remote_wait(cmds, n, REMOTE_UNTIL_EXIT);
	for (i = 0; i < n; i++) {
		entry = json_array_get(h->entries, idx[i]);
		strbuf_reset(&msg);
		rc = remote_outcome(&cmds[i], &msg);
		doc = msg.len ? NULL : json_loadb(cmds[i].outbuf.buf,
		    cmds[i].outbuf.len, 0, NULL);
		if (msg.len)
			errmsg("%s", msg.buf);
		add_steps(entry, doc, phase);
		json_put(entry, "exit", json_integer(rc));
		json_put(entry, "ok", json_boolean(rc == 0));
		v = json_object_get(doc, "error");
		if (msg.len || json_is_string(v))
			json_put(entry, "error", msg.len ? json_strz(msg.buf) :
			    json_incref(v));
		if (doc && !json_is_null(json_object_get(doc, "to")) &&
		    json_object_get(doc, "to")) {
			json_put(entry, "from", json_incref(json_object_get(doc,
			    "from")));
			json_put(entry, "to", json_incref(json_object_get(doc,
			    "to")));
		}
		if (docs)
			docs[i] = doc;
		else
			json_decref(doc);
		if (rc > worst)
			worst = rc;
		remote_release(&cmds[i]);
	}
	free(cmds);
	strbuf_release(&msg);
	return worst;
}

/* status: which version each host serves, and whether they agree. */
static void
status_summary(struct hosts_run *h, json_t **docs)
{
	json_t *versions = json_object(), *list, *st;
	const char *active, *version;
	size_t i;

	for (i = 0; i < h->c->nhosts; i++) {
		st = json_object_get(docs[i], "state");
		active = json_string_value(json_object_get(docs[i], "active"));
		version = active ? json_string_value(json_object_get(
		    json_object_get(json_object_get(st, "slots"), active),
		    "version")) : NULL;
		json_put(json_array_get(h->entries, i), "status",
		    docs[i] ? json_incref(docs[i]) : json_null());
		json_put(json_array_get(h->entries, i), "active_version",
		    json_strz(version));
		if (docs[i] == NULL)
			continue;
		version = version ? version : "(none)";
		list = json_object_get(versions, version);
		if (list == NULL) {
			list = json_array();
			json_put(versions, version, list);
		}
		json_push(list, json_string(h->c->hosts[i].spec));
	}
	json_put(h->doc, "versions", json_incref(versions));
	json_put(h->doc, "agree", json_boolean(json_object_size(versions) == 1));
	if (json_object_size(versions) > 1)
		warnmsg("the hosts disagree about the active version: %zu "
		    "versions", json_object_size(versions));
	json_decref(versions);
}

/* Every host at once: status, snapshots, unlock. */
static int
run_each(struct hosts_run *h)
{
	json_t **docs = xcalloc(h->c->nhosts, sizeof(*docs));
	size_t *idx = xcalloc(h->c->nhosts, sizeof(*idx)), i;
	const char *tail[TAIL_MAX];
	char wait[32];
	int rc;

	for (i = 0; i < h->c->nhosts; i++)
		idx[i] = i;
	hosts_verb_tail(h->o, tail, wait, sizeof(wait));
	rc = hosts_phase(h, idx, h->c->nhosts, h->o->verb, tail, docs);
	if (strcmp(h->o->verb, "status") == 0)
		status_summary(h, docs);
	else
		for (i = 0; i < h->c->nhosts; i++)
			json_put(json_array_get(h->entries, i), "document",
			    docs[i] ? json_incref(docs[i]) : json_null());
	for (i = 0; i < h->c->nhosts; i++)
		json_decref(docs[i]);
	free(docs);
	free(idx);
	return rc;
}

int
deploy_hosts_run(const struct deploy_opts *o, const struct deploy_config *c,
    json_t **doc, struct strbuf *raw)
{
	struct hosts_run h;
	json_t *entry;
	size_t i;
	int rc;

	if (!c->multi)
		return run_one(o, c, doc, raw);
	memset(&h, 0, sizeof(h));
	h.o = o;
	h.c = c;
	h.doc = json_object();
	h.entries = json_array();
	json_put(h.doc, "schema", json_string("deploy-slot/1"));
	json_put(h.doc, "ok", json_false());
	json_put(h.doc, "env", json_strz(o->env));
	json_put(h.doc, "verb", json_strz(o->verb));
	json_put(h.doc, "version", json_strz(o->version));
	json_put(h.doc, "dry_run", json_boolean(o->dry_run));
	for (i = 0; i < c->nhosts; i++) {
		entry = json_object();
		json_put(entry, "host", json_string(c->hosts[i].spec));
		json_put(entry, "ok", json_false());
		json_put(entry, "exit", json_null());
		json_put(entry, "error", json_null());
		json_put(entry, "from", json_null());
		json_put(entry, "to", json_null());
		json_put(entry, "steps", json_array());
		json_push(h.entries, entry);
	}
	json_put(h.doc, "hosts", json_incref(h.entries));
	json_put(h.doc, "error", json_null());
	if ((strcmp(o->verb, "deploy") == 0 ||
	    strcmp(o->verb, "rollback") == 0) && !o->dry_run)
		rc = hosts_deploy(&h);
	else
		rc = run_each(&h);
	json_put(h.doc, "ok", json_boolean(rc == 0 || (o->dry_run &&
	    rc == EXIT_NO)));
	json_decref(h.entries);
	*doc = h.doc;
	return rc;
}
