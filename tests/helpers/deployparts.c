/*
 * deployparts: deploy-slot's parts (lib/deploy/) run one at a time from
 * the shell tests, each printing a JSON document on stdout:
 *
 *	deployparts caddy-upstreams ADMIN ID
 *	deployparts caddy-switch ADMIN ID DIAL [TIMEOUT_MS]
 *	    {"result": "ok"|"down"|"rejected"|"no-handler"|"mismatch",
 *	     "upstreams"|"before": [DIAL...], "error": TEXT|null}
 *	deployparts snap-take DIR ENV VERSION|- TO_VERSION|- [KEEP]
 *	deployparts snap-list DIR
 *	deployparts snap-restore DIR WHICH CURRENT|-
 *	    (DATABASE_URL from the environment)
 *	deployparts drain PORT [TIMEOUT_MS]
 *
 * Exit status: 0 ok; 2 usage; 3 a failure of the environment (Caddy
 * down, pg_dump failed); 4 Caddy rejected; 5 no handler; 6 mismatch;
 * errors also on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "deploy/caddy.h"
#include "deploy/drain.h"
#include "deploy/pgsnap.h"

static const char usage[] = "usage: deployparts caddy-upstreams|caddy-switch|"
    "snap-take|snap-list|snap-restore|drain ARGS...";

static const char *
opt_arg(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

static json_t *
dials_json(const struct caddy_upstreams *up)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < up->n; i++)
		json_push(a, json_strz(up->dial[i]));
	return a;
}

static int
caddy_cmd(int argc, char **argv, json_t *doc)
{
	static const char *names[] = { "ok", "down", "rejected", "no-handler",
		"mismatch" };
	static const int status[] = { 0, 3, 4, 5, 6 };
	struct caddy c;
	struct caddy_upstreams up = CADDY_UPSTREAMS_INIT;
	enum caddy_result res;
	char *error = NULL;
	int sw = strcmp(argv[1], "caddy-switch") == 0;

	if (argc != (sw ? 5 : 4) && !(sw && argc == 6))
		die(2, "%s", usage);
	if (caddy_init(&c, argv[2], argv[3], argc == 6 ? atol(argv[5]) : 0,
	    &error) != 0)
		die(2, "%s", error);
	if (sw)
		res = caddy_switch(&c, argv[4], &up, &error);
	else
		res = caddy_upstreams(&c, &up, &error);
	json_put(doc, "result", json_strz(names[res]));
	json_put(doc, sw ? "before" : "upstreams", dials_json(&up));
	json_put(doc, "error", json_strz(error));
	if (error)
		errmsg("%s", error);
	free(error);
	caddy_upstreams_release(&up);
	caddy_release(&c);
	return status[res];
}

static int
snap_cmd(int argc, char **argv, json_t *doc)
{
	struct pgsnap_config cfg = { getenv("DATABASE_URL"), NULL, NULL, 0 };
	struct pgsnap s = PGSNAP_INIT, before = PGSNAP_INIT, *list = NULL;
	char *error = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (argc < 3)
		die(2, "%s", usage);
	cfg.dir = argv[2];
	if (strcmp(argv[1], "snap-take") == 0 && (argc == 6 || argc == 7)) {
		cfg.env = argv[3];
		cfg.keep = argc == 7 ? (unsigned)atoi(argv[6]) : 0;
		if (cfg.database_url == NULL)
			die(2, "DATABASE_URL is not set");
		rc = pgsnap_take(&cfg, opt_arg(argv[4]), opt_arg(argv[5]), &s,
		    &error);
		if (rc == 0)
			json_put(doc, "snapshot", pgsnap_json(&s));
	} else if (strcmp(argv[1], "snap-list") == 0 && argc == 3) {
		json_t *a = json_array();

		rc = pgsnap_list(cfg.dir, &list, &n, &error);
		for (i = 0; i < n; i++)
			json_push(a, pgsnap_json(&list[i]));
		json_put(doc, "snapshots", a);
		pgsnap_list_release(list, n);
	} else if (strcmp(argv[1], "snap-restore") == 0 && argc == 5) {
		if (cfg.database_url == NULL)
			die(2, "DATABASE_URL is not set");
		rc = pgsnap_find(cfg.dir, argv[3], opt_arg(argv[4]), &s, &error);
		if (rc != 0) {
			errmsg("%s", error);
			free(error);
			return 2;
		}
		rc = pgsnap_restore(&cfg, &s, opt_arg(argv[4]), &before, &error);
		json_put(doc, "restored", pgsnap_json(&s));
		json_put(doc, "before", before.path ? pgsnap_json(&before) :
		    json_null());
	} else {
		die(2, "%s", usage);
	}
	json_put(doc, "error", json_strz(error));
	if (error)
		errmsg("%s", error);
	free(error);
	pgsnap_release(&s);
	pgsnap_release(&before);
	return rc ? 3 : 0;
}

int
main(int argc, char **argv)
{
	json_t *doc = json_object();
	int rc;

	set_progname("deployparts");
	if (argc < 2)
		die(2, "%s", usage);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(3, "cannot initialise libcurl");
	if (strncmp(argv[1], "caddy-", 6) == 0) {
		rc = caddy_cmd(argc, argv, doc);
	} else if (strncmp(argv[1], "snap-", 5) == 0) {
		rc = snap_cmd(argc, argv, doc);
	} else if (strcmp(argv[1], "drain") == 0 && (argc == 3 || argc == 4)) {
		int n = argc == 4 ? drain_wait((unsigned)atoi(argv[2]),
		    atoll(argv[3]), 50) : drain_count((unsigned)atoi(argv[2]));

		json_put(doc, "established", json_integer(n));
		rc = n < 0 ? 3 : 0;
	} else {
		die(2, "%s", usage);
	}
	json_print(stdout, doc, 0);
	json_decref(doc);
	curl_global_cleanup();
	return rc;
}
