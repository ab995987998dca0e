/*
 * caddy.h: moving traffic through Caddy's admin API (deploy-slot's switch).
 *
 * The site's reverse_proxy handler carries an "@id" (CADDY_UPSTREAM_ID,
 * "app" say), so its upstreams are reached at /id/app/upstreams whatever
 * the shape of the rest of the configuration:
 *
 *	{"handler": "reverse_proxy", "@id": "app",
 *	 "upstreams": [{"dial": "127.0.0.1:8081"}]}
 *
 *	struct caddy c;
 *	struct caddy_upstreams before = CADDY_UPSTREAMS_INIT;
 *	char *error = NULL;
 *
 *	caddy_init(&c, "http://127.0.0.1:2019", "app", 5000);
 *	switch (caddy_switch(&c, "127.0.0.1:8082", &before, &error)) {
 *	case CADDY_OK: ...traffic goes to 127.0.0.1:8082... break;
 *	case CADDY_DOWN: ...exit 3, error says why...
 *	default: ...exit 3 as well: Caddy refused, or read back otherwise...
 *	}
 *	caddy_upstreams_release(&before);
 *	free(error);
 *	caddy_release(&c);
 *
 * A switch is: GET /id/ID (the handler must exist and be a reverse_proxy
 * with an "upstreams" array; its dial addresses are the "before"), PATCH
 * /id/ID/upstreams with [{"dial": DIAL}] (Caddy replaces that array and
 * reloads gracefully: requests in flight finish on the old upstream, new
 * ones go to the new), then GET /id/ID/upstreams again, which must be
 * exactly one upstream dialling DIAL.
 *
 * Surviving a restart of Caddy: Caddy saves every configuration loaded
 * through its admin API to its autosave file
 * ($XDG_CONFIG_HOME/caddy/autosave.json, unless admin.config.persist is
 * false), and `caddy run --resume` starts from that file rather than from
 * --config. So Caddy must run with --resume (Debian's caddy-api.service
 * does: `caddy run --environ --resume`), and nobody must `caddy reload` an
 * older file over it. A Caddy started from a Caddyfile or `--config` alone
 * comes back up on its old upstream after a restart: deploy-slot's status
 * notices (it compares Caddy's upstream with the state file).
 *
 * The admin API's own checks: on a loopback address Caddy accepts only a
 * Host header naming an allowed origin (the listen address, localhost,
 * 127.0.0.1 or ::1 with its port), which libcurl sends as CADDY_ADMIN
 * names it; and with "enforce_origin" it requires an Origin header too,
 * so every request carries "Origin: CADDY_ADMIN's scheme://host:port".
 * Only http:// admin addresses are supported (not unix sockets).
 *
 * The caller owns curl_global_init() and curl_global_cleanup().
 *
 * Caddy replaces its admin server at every change of configuration, so a
 * request right after one may be reset unanswered: a request whose
 * connection fails (refused, reset, nothing received) is tried again up
 * to 3 times, 50 ms apart, within the timeout. All are idempotent.
 *
 * Timeouts: connecting takes at most min(timeout_ms, 2000) ms, a whole
 * request at most timeout_ms, so a Caddy that accepts and never answers
 * cannot hang a deploy.
 */
#ifndef RELTOOLS_DEPLOY_CADDY_H
#define RELTOOLS_DEPLOY_CADDY_H

#include <stddef.h>

enum caddy_result {
	CADDY_OK = 0,
	CADDY_DOWN,		/* nothing answers at CADDY_ADMIN (refused,
				   timed out, bad host): the environment */
	CADDY_REJECTED,		/* Caddy answered 4xx/5xx; *error quotes
				   Caddy's own "error" text and the status */
	CADDY_NO_HANDLER,	/* no object has that @id, or it is not a
				   reverse_proxy with an upstreams array */
	CADDY_MISMATCH		/* the read-back differs from what we set */
};

struct caddy {
	char *admin;		/* CADDY_ADMIN without a trailing '/' */
	char *origin;		/* scheme://host:port of admin */
	char *id;		/* CADDY_UPSTREAM_ID */
	long timeout_ms;
};

/* The dial addresses of a handler's upstreams, in order. */
struct caddy_upstreams {
	char **dial;
	size_t n;
};

#define CADDY_UPSTREAMS_INIT { NULL, 0 }

/*
 * Set c up for the admin API at admin (NULL: "http://127.0.0.1:2019") and
 * the handler tagged id; timeout_ms <= 0 means 5000. Returns 0, or -1
 * with *error (malloc'd) when admin is not an http:// URL or id is empty
 * or has a '/' (the usage is wrong: exit 2). Nothing is contacted yet.
 */
int caddy_init(struct caddy *c, const char *admin, const char *id,
    long timeout_ms, char **error);
void caddy_release(struct caddy *c);

/*
 * Read the handler's upstreams into *up (released by the caller, also on
 * failure). Returns CADDY_OK, or another result with *error malloc'd.
 */
enum caddy_result caddy_upstreams(struct caddy *c, struct caddy_upstreams *up,
    char **error);

/*
 * Point the handler at the single upstream dial ("127.0.0.1:8082"), then
 * read it back. Caddy itself takes any dial string and fails only when
 * proxying, so an empty dial, or one with blanks, '/' or '"', is refused
 * here (CADDY_REJECTED, Caddy not contacted). before (may be NULL) receives the upstreams as they were,
 * filled as soon as they were read (so also when the change itself then
 * fails). Returns CADDY_OK, or another result with *error malloc'd; on
 * CADDY_DOWN and CADDY_NO_HANDLER nothing was changed; on CADDY_REJECTED
 * Caddy kept its previous configuration (its loads are all or nothing).
 */
enum caddy_result caddy_switch(struct caddy *c, const char *dial,
    struct caddy_upstreams *before, char **error);

/* Nonzero when up is exactly one upstream dialling dial. */
int caddy_upstreams_are(const struct caddy_upstreams *up, const char *dial);

void caddy_upstreams_release(struct caddy_upstreams *up);

#endif
