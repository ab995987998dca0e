/*
 * deploy-slot: blue-green deploys on one host behind Caddy, with a
 * PostgreSQL snapshot, a health gate, a verified switch and a rollback
 * that moves traffic. See man/deploy-slot.1.
 */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "deploy/deploy.h"
#include "deploy/hostspec.h"

static const char usage[] =
    "-e env [-c file] [--host host ...] [--dry-run] [--lock-wait duration] "
    "[-q] [--pretty] deploy version\n"
    "-e env [-c file] [--host host ...] [--dry-run] [--lock-wait duration] "
    "[-q] [--pretty] rollback [--restore-db snapshot]\n"
    "-e env [-c file] [--host host ...] [-q] [--pretty] status\n"
    "-e env [-c file] [--host host ...] [-q] [--pretty] snapshots\n"
    "-e env [-c file] [--host host ...] [-q] [--pretty] unlock\n"
    "-e env [-c file] [--host host ...] [--lock-token token] [--no-db] "
    "[--lock-wait duration] [-q] [--pretty] prepare version\n"
    "-e env [-c file] [--host host ...] [--lock-token token] "
    "[--restore-db snapshot] [--lock-wait duration] [-q] [--pretty] "
    "prepare --rollback\n"
    "-e env [-c file] [--host host ...] [--lock-token token] [-q] "
    "[--pretty] switch | finish | abort\n"
    "-e env [-c file] --lock-token token [--lock-wait duration] [-q] "
    "[--pretty] hold";

static const struct cli_help help[] = {
	{ "-e, --env env", "the environment: reads .deploy.conf.env" },
	{ "-c, --config file", "read this configuration file instead" },
	{ "--host host", "run on [user@]host[:port] over ssh; repeatable" },
	{ "--dry-run", "print the plan of a deploy or rollback, change nothing" },
	{ "--lock-wait duration", "wait this long for another deploy to end" },
	{ "--restore-db snapshot", "rollback: restore this snapshot (or latest)" },
	{ "--lock-token token", "the lock a hold keeps for a deploy across hosts" },
	{ "--no-db", "prepare: no snapshot, no migration (another host's)" },
	{ "--rollback", "prepare: a rollback rather than a deploy" },
	CLI_COMMON_HELP
};

enum {
	OPT_DRY_RUN = CLI_OPT_TOOL,
	OPT_LOCK_WAIT,
	OPT_RESTORE_DB,
	OPT_HOST,
	OPT_LOCK_TOKEN,
	OPT_NO_DB,
	OPT_ROLLBACK
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "env", required_argument, NULL, 'e' },
	{ "config", required_argument, NULL, 'c' },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "lock-wait", required_argument, NULL, OPT_LOCK_WAIT },
	{ "restore-db", required_argument, NULL, OPT_RESTORE_DB },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "lock-token", required_argument, NULL, OPT_LOCK_TOKEN },
	{ "no-db", no_argument, NULL, OPT_NO_DB },
	{ "rollback", no_argument, NULL, OPT_ROLLBACK },
	{ NULL, 0, NULL, 0 }
};

/* hold: the lock is taken; the one line a deploy across hosts waits for. */
static void
say_held(void)
{
	fputs("held\n", stdout);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct deploy_opts o;
	struct deploy_host h;
	struct strbuf raw = STRBUF_INIT;
	struct cli cli;
	json_t *doc = NULL;
	const char **hosts = NULL;
	char *error = NULL;
	int opt, rc, lock_wait_set = 0;

	memset(&o, 0, sizeof(o));
	cli_init(&cli, argv[0], usage, help, longopts);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "e:c:",
	    longopts, NULL)) != -1) {
		switch (opt) {
		case 'e':
			o.env = optarg;
			break;
		case 'c':
			o.config = optarg;
			break;
		case OPT_DRY_RUN:
			o.dry_run = 1;
			break;
		case OPT_LOCK_WAIT:
			if (cli_parse_duration(optarg, &o.lock_wait_ms) != 0)
				die(EXIT_USAGE, "--lock-wait: '%s' is not a "
				    "duration (500ms, 5s, 2m)", optarg);
			lock_wait_set = 1;
			break;
		case OPT_RESTORE_DB:
			o.restore_db = optarg;
			break;
		case OPT_LOCK_TOKEN:
			if (*optarg == '\0' || strlen(optarg) > 64 ||
			    optarg[strspn(optarg, "0123456789abcdef")] != '\0')
				die(EXIT_USAGE, "--lock-token: '%s' is not up to "
				    "64 hex digits", optarg);
			o.lock_token = optarg;
			break;
		case OPT_NO_DB:
			o.no_db = 1;
			break;
		case OPT_ROLLBACK:
			o.rollback = 1;
			break;
		case OPT_HOST:
			if (deploy_host_parse(&h, optarg, &error) != 0)
				die(EXIT_USAGE, "--host: %s", error);
			deploy_host_release(&h);
			hosts = xrealloc(hosts, (o.nhosts + 1) * sizeof(*hosts));
			hosts[o.nhosts++] = optarg;
			o.hosts = hosts;
			break;
		default:
			cli_common_option(&cli, opt, argv);
		}
	}
	if (o.env == NULL)
		cli_usage_error(&cli, "which environment? give -e ENV");
	if (optind == argc)
		cli_usage_error(&cli, "which verb? deploy, rollback, status, "
		    "snapshots, unlock, prepare, switch, finish, abort or hold");
	o.verb = argv[optind++];
	if (strcmp(o.verb, "deploy") == 0 || (strcmp(o.verb, "prepare") == 0 &&
	    !o.rollback)) {
		if (optind == argc)
			cli_usage_error(&cli, "deploy which version?");
		o.version = argv[optind++];
		if (*o.version == '\0')
			cli_usage_error(&cli, "the version is empty");
	} else if (strcmp(o.verb, "rollback") != 0 &&
	    strcmp(o.verb, "prepare") != 0 &&
	    strcmp(o.verb, "status") != 0 && strcmp(o.verb, "snapshots") != 0 &&
	    strcmp(o.verb, "unlock") != 0 && strcmp(o.verb, "switch") != 0 &&
	    strcmp(o.verb, "finish") != 0 && strcmp(o.verb, "abort") != 0 &&
	    strcmp(o.verb, "hold") != 0)
		cli_usage_error(&cli, "unknown verb '%s'", o.verb);
	if ((o.no_db || o.rollback) && strcmp(o.verb, "prepare") != 0)
		cli_usage_error(&cli, "--%s goes with prepare", o.no_db ?
		    "no-db" : "rollback");
	if (o.no_db && o.rollback)
		cli_usage_error(&cli, "--no-db goes with a deploy: a rollback "
		    "changes the database only with --restore-db");
	if (strcmp(o.verb, "hold") == 0 && o.lock_token == NULL)
		cli_usage_error(&cli, "hold: give --lock-token");
	if (optind < argc)
		cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
	if (o.restore_db && strcmp(o.verb, "rollback") != 0 && !o.rollback)
		cli_usage_error(&cli, "--restore-db goes with rollback");
	if (o.dry_run && strcmp(o.verb, "deploy") != 0 &&
	    strcmp(o.verb, "rollback") != 0)
		cli_usage_error(&cli, "--dry-run goes with deploy or rollback");
	if (lock_wait_set && strcmp(o.verb, "deploy") != 0 &&
	    strcmp(o.verb, "rollback") != 0 && strcmp(o.verb, "prepare") != 0 &&
	    strcmp(o.verb, "hold") != 0)
		cli_usage_error(&cli, "--lock-wait goes with deploy, rollback, "
		    "prepare or hold");
	cli_done(&cli);
	o.quiet = cli.quiet;
	o.pretty = cli.pretty;
	o.on_held = say_held;
	/* A reader of stderr that goes away must not stop a deploy halfway. */
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "cannot initialise libcurl");
	rc = deploy_run(&o, &doc, &raw);
	if ((doc && json_print(stdout, doc, cli.pretty) != 0) ||
	    (raw.len && (fwrite(raw.buf, 1, raw.len, stdout) != raw.len ||
	    fflush(stdout) != 0))) {
		errmsg("cannot write the output: %m");
		rc = EXIT_ENV;
	}
	json_decref(doc);
	strbuf_release(&raw);
	free(hosts);
	curl_global_cleanup();
	return rc;
}
