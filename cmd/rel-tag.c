/* rel-tag: release commit, annotated tag and push; safe to re-run. */
#include <stdio.h>
#include <stdlib.h>

#include "core/cli.h"
#include "core/worktree.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "tag/reltag.h"

static const char usage[] =
    "-r version [-C dir] [--file path]... [--remote name] "
    "[--tag-prefix prefix] [--push] [--dry-run] [-q] [--pretty]";

static const struct cli_help help[] = {
	{ "-r, --release version", "the version to release (SemVer)" },
	{ "-C dir", "use the repository that contains dir" },
	{ "--file path", "a release file to commit; repeatable "
	    "(default CHANGELOG.md)" },
	{ "--remote name", "the remote to push to (default origin)" },
	{ "--tag-prefix prefix", "the tag is prefix and the version "
	    "(default v)" },
	{ "--push", "push the branch and the tag, and confirm them" },
	{ "--dry-run", "print the plan and change nothing" },
	CLI_COMMON_HELP
};

enum {
	OPT_FILE = CLI_OPT_TOOL,
	OPT_REMOTE,
	OPT_TAG_PREFIX,
	OPT_PUSH,
	OPT_DRY_RUN
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "release", required_argument, NULL, 'r' },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "tag-prefix", required_argument, NULL, OPT_TAG_PREFIX },
	{ "push", no_argument, NULL, OPT_PUSH },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ NULL, 0, NULL, 0 }
};

static json_t *
list_json(const struct reltag_list *l)
{
	json_t *a = json_array();
	size_t i;

	if (a == NULL)
		die_oom();
	for (i = 0; i < l->n; i++)
		json_push(a, json_strz(l->v[i]));
	return a;
}

/* The rel-tag/1 document (rel-tag(1), OUTPUT). */
static json_t *
document(const struct reltag_result *res, int dry_run)
{
	json_t *doc = json_object();

	if (doc == NULL)
		die_oom();
	json_put(doc, "schema", json_string("rel-tag/1"));
	json_put(doc, "version", json_strz(res->version));
	json_put(doc, "tag", json_strz(res->tag));
	json_put(doc, "commit", json_strz(*res->commit ? res->commit : NULL));
	json_put(doc, "tag_object", json_strz(*res->tag_object ?
	    res->tag_object : NULL));
	json_put(doc, "pushed", list_json(&res->pushed));
	json_put(doc, "already_done", list_json(&res->done));
	json_put(doc, "dry_run", json_boolean(dry_run));
	if (dry_run)
		json_put(doc, "plan", list_json(&res->plan));
	return doc;
}

int
main(int argc, char **argv)
{
	static const char *const default_files[] = { "CHANGELOG.md" };
	struct reltag_opts o = { NULL, NULL, default_files, 1, "origin", "v",
	    0, 0 };
	const char **files = NULL;
	size_t alloc_files = 0;
	struct cli cli;
	struct reltag_result res = RELTAG_RESULT_INIT;
	json_t *doc = NULL;
	int opt, rc;

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
		case OPT_FILE:
			ALLOC_GROW(files, o.nfiles + 1, alloc_files);
			if (o.files == default_files)
				o.nfiles = 0;
			files[o.nfiles++] = worktree_path(optarg);
			o.files = files;
			break;
		case OPT_REMOTE:
			o.remote = optarg;
			break;
		case OPT_TAG_PREFIX:
			o.tag_prefix = optarg;
			break;
		case OPT_PUSH:
			o.push = 1;
			break;
		case OPT_DRY_RUN:
			o.dry_run = 1;
			break;
		default:
			cli_common_option(&cli, opt, argv);
		}
	}
	if (optind < argc)
		cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
	if (o.version == NULL)
		cli_usage_error(&cli, "which version? give -r VERSION");
	cli_done(&cli);
	if ((rc = reltag_run(&o, &res)) == EXIT_OK) {
		doc = document(&res, o.dry_run);
		if (json_print(stdout, doc, cli.pretty) != 0) {
			errmsg_errno("cannot write the output");
			rc = EXIT_ENV;
		}
		json_decref(doc);
	}
	reltag_result_free(&res);
	free(files);
	return rc;
}
