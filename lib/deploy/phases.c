/*
 * phases.c: deploy and rollback across hosts.
 *
 * 0. lock: on every host, in the order of their names (so two deployers
 *    never hold a part each), "deploy-slot hold --lock-token T" over an
 *    ssh session kept open: the host's flock, held for the whole run and
 *    released by the kernel if we or the connection die. The verbs
 *    below, given the same token, run under it.
 * 1. prepare on DB_HOST (it migrates the database before any new
 *    version starts), then on the others at once with --no-db.
 * 2. only when every host is prepared: switch on all at once.
 * 3. finish on all at once.
 * A host failing in 1 undid itself; the others are aborted (their new
 * slot stopped, nothing switched). A host failing in 2 undid itself;
 * the hosts that switched are aborted (switched back, state as before).
 * rollback goes the same way with "prepare --rollback" (the previous
 * slot started again when stopped, and gated; --restore-db on DB_HOST
 * alone).
 *
 * SIGINT, SIGTERM or SIGHUP: the phase in progress ends on every host,
 * then the hosts are aborted as after a failure (once switch has
 * ended, the deploy stands and finishes); a second signal ends us at
 * once, the locks released with our ssh sessions.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "deploy/hosts.h"
#include "deploy/remote.h"
#include "deploy/stopsig.h"

/* 32 hex digits from the kernel's random source; 0 or -1. */
static int
new_token(char *out)
{
	unsigned char raw[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC), i;

	if (fd < 0 || read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* 0, or when a signal asked us to stop, the error set and exit 1. */
static int
stopped(struct hosts_run *h)
{
	int sig = stopsig_caught();

	if (sig == 0)
		return 0;
	if (json_is_null(json_object_get(h->doc, "error"))) {
		json_put(h->doc, "error", json_sprintf("stopped by signal %d "
		    "(%s): undoing the deploy on every host", sig,
		    strsignal(sig)));
		errmsg("%s", json_string_value(json_object_get(h->doc,
		    "error")));
	}
	return EXIT_NO;
}

static const struct deploy_config *sort_config;

static int
by_name(const void *a, const void *b)
{
	return strcmp(sort_config->hosts[*(const size_t *)a].spec,
	    sort_config->hosts[*(const size_t *)b].spec);
}

static void
step(json_t *entry, const char *phase, const char *status, const char *detail)
{
	json_t *s = json_object();

	json_put(s, "name", json_string(phase));
	json_put(s, "status", json_string(status));
	json_put(s, "ms", json_integer(0));
	json_put(s, "detail", json_strz(detail));
	json_put(s, "phase", json_string(phase));
	json_push(json_object_get(entry, "steps"), s);
}

/*
 * Hold every host's lock, one after the other in sorted order, into
 * holds[] (indexed as c->hosts). 0, or the exit status (those taken are
 * left for release_holds()).
 */
static int
take_holds(struct hosts_run *h, struct remote_cmd *holds, long long wait_ms)
{
	const struct deploy_config *c = h->c;
	size_t *order = xcalloc(c->nhosts, sizeof(*order)), i, k;
	struct strbuf msg = STRBUF_INIT;
	const char *args[16];
	char wait[32];
	json_t *entry;
	int rc = 0;

	for (i = 0; i < c->nhosts; i++)
		order[i] = i;
	sort_config = c;
	qsort(order, c->nhosts, sizeof(*order), by_name);
	snprintf(wait, sizeof(wait), "%lldms", wait_ms);
	k = 0;
	args[k++] = "-e";
	args[k++] = c->env;
	args[k++] = "-c";
	args[k++] = c->remote_config;
	args[k++] = "-q";
	args[k++] = "--lock-wait";
	args[k++] = wait;
	args[k++] = "--lock-token";
	args[k++] = h->token;
	args[k++] = "hold";
	args[k] = NULL;
	for (i = 0; i < c->nhosts && rc == 0; i++) {
		struct remote_cmd *cmd = &holds[order[i]];

		entry = json_array_get(h->entries, order[i]);
		remote_start(cmd, c, &c->hosts[order[i]], args, 1);
		remote_wait(cmd, 1, REMOTE_UNTIL_LINE);
		if (strncmp(strbuf_str(&cmd->outbuf), "held\n", 5) == 0) {
			step(entry, "lock", "ok", "held for this deploy");
			continue;
		}
		remote_wait(cmd, 1, REMOTE_UNTIL_EXIT);
		strbuf_reset(&msg);
		rc = remote_outcome(cmd, &msg);
		if (msg.len == 0) {
			json_t *doc = json_loadb(cmd->outbuf.buf,
			    cmd->outbuf.len, 0, NULL);

			strbuf_addf(&msg, "%s: %s", c->hosts[order[i]].spec,
			    json_string_value(json_object_get(doc, "error")) ?
			    json_string_value(json_object_get(doc, "error")) :
			    "cannot hold the lock");
			json_decref(doc);
			errmsg("%s", msg.buf);
		} else
			errmsg("%s", msg.buf);
		if (rc == 0)
			rc = EXIT_ENV;
		step(entry, "lock", "failed", msg.buf);
		json_put(entry, "exit", json_integer(rc));
		json_put(entry, "error", json_strz(msg.buf));
		json_put(h->doc, "error", json_strz(msg.buf));
	}
	strbuf_release(&msg);
	free(order);
	return rc;
}

static void
release_holds(struct hosts_run *h, struct remote_cmd *holds)
{
	size_t i;

	for (i = 0; i < h->c->nhosts; i++)
		if (holds[i].pid)
			remote_close_stdin(&holds[i]);
	remote_wait(holds, h->c->nhosts, REMOTE_UNTIL_EXIT);
	for (i = 0; i < h->c->nhosts; i++)
		remote_release(&holds[i]);
}

/*
 * Run verb on the n hosts idx[] under our lock. With db 0, prepare has
 * --no-db (a deploy) or no --restore-db (a rollback): the database is
 * DB_HOST's to change.
 */
static int
phase(struct hosts_run *h, const size_t *idx, size_t n, const char *verb,
    int db)
{
	const struct deploy_opts *o = h->o;
	int prepare = strcmp(verb, "prepare") == 0;
	const char *tail[10];
	size_t k = 0;

	if (n == 0)
		return 0;
	tail[k++] = "--lock-token";
	tail[k++] = h->token;
	if (prepare && o->version && !db)
		tail[k++] = "--no-db";
	if (prepare && o->version == NULL)
		tail[k++] = "--rollback";
	if (prepare && o->restore_db && db) {
		tail[k++] = "--restore-db";
		tail[k++] = o->restore_db;
	}
	tail[k++] = verb;
	if (prepare && o->version)
		tail[k++] = o->version;
	tail[k] = NULL;
	return hosts_phase(h, idx, n, verb, tail, NULL);
}

/* Into out the hosts of in whose entry's last exit is (ok) 0 or not. */
static size_t
select_hosts(struct hosts_run *h, const size_t *in, size_t n, int ok,
    size_t *out)
{
	size_t i, k = 0;
	json_t *e;

	for (i = 0; i < n; i++) {
		e = json_array_get(h->entries, in[i]);
		if ((json_integer_value(json_object_get(e, "exit")) == 0) == ok)
			out[k++] = in[i];
	}
	return k;
}

/* The first failed host's error as the document's. */
static void
first_error(struct hosts_run *h, const size_t *bad, size_t n,
    const char *what)
{
	json_t *e;
	const char *err;

	if (n == 0 || !json_is_null(json_object_get(h->doc, "error")))
		return;
	e = json_array_get(h->entries, bad[0]);
	err = json_string_value(json_object_get(e, "error"));
	json_put(h->doc, "error", json_sprintf("%s failed on %s: %s", what,
	    json_string_value(json_object_get(e, "host")), err ? err : "?"));
}

static int
run_phases(struct hosts_run *h)
{
	const struct deploy_config *c = h->c;
	size_t n = c->nhosts, *all = xcalloc(n, sizeof(size_t));
	size_t *good = xcalloc(n, sizeof(size_t)), *bad = xcalloc(n,
	    sizeof(size_t)), *rest = xcalloc(n, sizeof(size_t));
	size_t i, k = 0, ngood, nbad;
	int rc, worst;

	for (i = 0; i < n; i++) {
		all[i] = i;
		if (i != c->db_host)
			rest[k++] = i;
	}
	/* 1: prepare, DB_HOST first. */
	worst = phase(h, &c->db_host, 1, "prepare", 1);
	if (worst == 0 && (rc = phase(h, rest, k, "prepare", 0)) > worst)
		worst = rc;
	ngood = select_hosts(h, all, n, 1, good);
	if (worst != 0 || (worst = stopped(h)) != 0) {
		nbad = select_hosts(h, all, n, 0, bad);
		first_error(h, bad, nbad, "prepare");
		phase(h, good, ngood, "abort", 0);
		goto done;
	}
	/* 2: switch everywhere. */
	worst = phase(h, all, n, "switch", 0);
	if (worst != 0 || (worst = stopped(h)) != 0) {
		ngood = select_hosts(h, all, n, 1, good);
		nbad = select_hosts(h, all, n, 0, bad);
		first_error(h, bad, nbad, "switch");
		phase(h, good, ngood, "abort", 0);
		goto done;
	}
	/* 3: finish. */
	worst = phase(h, all, n, "finish", 0);
	if (worst != 0) {
		nbad = select_hosts(h, all, n, 0, bad);
		first_error(h, bad, nbad, "finish");
	}
done:
	for (i = 0; i < n; i++)
		json_put(json_array_get(h->entries, i), "ok",
		    json_boolean(worst == 0));
	free(all);
	free(good);
	free(bad);
	free(rest);
	return worst;
}

int
hosts_deploy(struct hosts_run *h)
{
	struct remote_cmd *holds = xcalloc(h->c->nhosts, sizeof(*holds));
	struct deploy_opts o = *h->o;
	const struct deploy_opts *saved = h->o;
	int rc;

	if (new_token(h->token) != 0) {
		free(holds);
		json_put(h->doc, "error", json_string("cannot read "
		    "/dev/urandom"));
		errmsg("cannot read /dev/urandom");
		return EXIT_ENV;
	}
	o.lock_wait_ms = 0;
	o.lock_token = h->token;
	h->o = &o;
	stopsig_catch();
	if ((rc = take_holds(h, holds, saved->lock_wait_ms)) == 0 &&
	    (rc = stopped(h)) == 0)
		rc = run_phases(h);
	release_holds(h, holds);
	free(holds);
	h->o = saved;
	return rc;
}
