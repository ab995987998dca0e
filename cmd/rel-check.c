/* rel-check: may we release this version? Every check, reported. */
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

#include "core/cli.h"
#include "core/worktree.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "check/relcheck.h"

static const char usage[] =
    "-r version [-C dir] [--remote name] [--branch name] "
    "[--changelog file] [--tag-prefix prefix] [--path dir] "
    "[--no-ci | --ci-wait seconds] [--ci-only] [--no-fetch] [-hq] "
    "[--pretty] [--version]";

static const struct cli_help help[] = {
	{ "-r, --release version", "the version to release (SemVer)" },
	{ "-C dir", "use the repository that contains dir" },
	{ "--remote name", "the remote to compare with (default origin)" },
	{ "--branch name", "the release branch (default main)" },
	{ "--changelog file", "the changelog, from the top of the work tree "
	    "(default CHANGELOG.md)" },
	{ "--tag-prefix prefix", "the prefix of release tags (default v)" },
	{ "--path dir", "only commits that touch dir, from the top of the "
	    "work tree (repeatable): one package of a monorepo" },
	{ "--no-ci", "skip the CI check" },
	{ "--ci-wait seconds", "wait this long for pending CI to finish" },
	{ "--ci-only", "only CI, of the commit the release tag points to" },
	{ "--no-fetch", "compare with the remote as last fetched" },
	CLI_COMMON_HELP
};

enum {
	OPT_REMOTE = CLI_OPT_TOOL,
	OPT_BRANCH,
	OPT_CHANGELOG,
	OPT_TAG_PREFIX,
	OPT_NO_CI,
	OPT_CI_WAIT,
	OPT_NO_FETCH,
	OPT_PATH,
	OPT_CI_ONLY
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "release", required_argument, NULL, 'r' },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "branch", required_argument, NULL, OPT_BRANCH },
	{ "changelog", required_argument, NULL, OPT_CHANGELOG },
	{ "tag-prefix", required_argument, NULL, OPT_TAG_PREFIX },
	{ "no-ci", no_argument, NULL, OPT_NO_CI },
	{ "ci-wait", required_argument, NULL, OPT_CI_WAIT },
	{ "no-fetch", no_argument, NULL, OPT_NO_FETCH },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "ci-only", no_argument, NULL, OPT_CI_ONLY },
	{ NULL, 0, NULL, 0 }
};

/* The rel-check/1 document (rel-check(1), OUTPUT). */
static json_t *
document(const struct relcheck_result *res)
{
	json_t *doc = json_object(), *checks = json_array(), *c;
	size_t i;

	if (doc == NULL || checks == NULL)
		die_oom();
	for (i = 0; i < res->nchecks; i++) {
		if ((c = json_object()) == NULL)
			die_oom();
		json_put(c, "name", json_strz(res->checks[i].name));
		json_put(c, "status", json_strz(res->checks[i].status));
		json_put(c, "detail", json_strz(res->checks[i].detail));
		json_push(checks, c);
	}
	json_put(doc, "schema", json_string("rel-check/1"));
	json_put(doc, "version", json_strz(res->version));
	json_put(doc, "tag", json_strz(res->tag));
	json_put(doc, "commit", json_strz(*res->commit ? res->commit : NULL));
	json_put(doc, "ok", json_boolean(res->failed == 0));
	json_put(doc, "checks", checks);
	return doc;
}

int
main(int argc, char **argv)
{
	struct relcheck_opts o = { NULL, NULL, "origin", "main",
	    "CHANGELOG.md", "v", 0, 0, 0, 0, NULL, 0 };
	const char **paths = NULL;
	struct relcheck_result res = RELCHECK_RESULT_INIT;
	struct cli cli;
	json_t *doc = NULL;
	int opt, rc, waits = 0;

	cli_init(&cli, argv[0], usage, help, longopts);
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "r:C:",
	    longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			o.version = optarg;
			break;
		case 'C':
			o.dir = optarg;
			break;
		case OPT_REMOTE:
			o.remote = optarg;
			break;
		case OPT_BRANCH:
			o.branch = optarg;
			break;
		case OPT_CHANGELOG:
			o.changelog = worktree_path(optarg);
			break;
		case OPT_TAG_PREFIX:
			o.tag_prefix = optarg;
			break;
		case OPT_NO_CI:
			o.no_ci = 1;
			break;
		case OPT_CI_WAIT:
			if (cli_parse_duration(optarg, &o.ci_wait_ms) != 0)
				die(EXIT_USAGE, "--ci-wait wants seconds, "
				    "not '%s'", optarg);
			waits = 1;
			break;
		case OPT_CI_ONLY:
			o.ci_only = 1;
			break;
		case OPT_NO_FETCH:
			o.no_fetch = 1;
			break;
		case OPT_PATH:
			paths = xrealloc(paths, (o.npaths + 1) *
			    sizeof(*paths));
			paths[o.npaths++] = optarg;
			o.paths = paths;
			break;
		default:
			cli_common_option(&cli, opt, argv);
		}
	}
	if (optind < argc)
		cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
	if (o.version == NULL)
		cli_usage_error(&cli, "which version? give -r VERSION");
	if (!worktree_path_inside(o.changelog))
		die(EXIT_USAGE, "--changelog is a path inside the work "
		    "tree, relative to its top, not '%s'", o.changelog);
	if (o.no_ci && waits)
		die(EXIT_USAGE, "--no-ci and --ci-wait exclude each other");
	if (o.no_ci && o.ci_only)
		die(EXIT_USAGE, "--no-ci and --ci-only exclude each other");
	cli_done(&cli);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die(EXIT_ENV, "cannot initialise libcurl");
	rc = relcheck_run(&o, &res);
	if (rc == EXIT_OK || rc == EXIT_NO) {
		doc = document(&res);
		if (json_print(stdout, doc, cli.pretty) != 0) {
			errmsg_errno("cannot write the output");
			rc = EXIT_ENV;
		}
		json_decref(doc);
	}
	relcheck_result_free(&res);
	free(paths);
	curl_global_cleanup();
	return rc;
}
