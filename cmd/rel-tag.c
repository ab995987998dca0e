/* rel-tag: release commit, annotated tag and push; safe to re-run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/cli.h"
#include "core/worktree.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/xalloc.h"
#include "tag/reltag.h"

static const char usage[] =
    "-r version [-C dir] [--file path]... [--notes file] [--remote name] "
    "[--tag-prefix prefix] [--push] [--publish [--title text] [--draft] "
    "[--asset file]...] [--retract] [--dry-run] [-hq] [--pretty] [--version]";

static const struct cli_help help[] = {
	{ "-r, --release version", "the version to release (SemVer)" },
	{ "-C dir", "use the repository that contains dir" },
	{ "--file path", "a release file to commit; repeatable "
	    "(default CHANGELOG.md)" },
	{ "--notes file", "read the release notes from this changelog "
	    "(default the first --file)" },
	{ "--remote name", "the remote to push to (default origin)" },
	{ "--tag-prefix prefix", "the tag is prefix and the version "
	    "(default v)" },
	{ "--push", "push the branch and the tag, and confirm them" },
	{ "--publish", "push, then create or finish the GitHub release" },
	{ "--title text", "the release's title (default the tag)" },
	{ "--draft", "leave the release a draft" },
	{ "--asset file", "attach file to the release; repeatable" },
	{ "--retract", "delete the GitHub release, the remote tag and the "
	    "local tag" },
	{ "--dry-run", "print the plan and change nothing" },
	CLI_COMMON_HELP
};

enum {
	OPT_FILE = CLI_OPT_TOOL,
	OPT_NOTES,
	OPT_REMOTE,
	OPT_TAG_PREFIX,
	OPT_PUSH,
	OPT_PUBLISH,
	OPT_TITLE,
	OPT_DRAFT,
	OPT_ASSET,
	OPT_RETRACT,
	OPT_DRY_RUN
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "release", required_argument, NULL, 'r' },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "tag-prefix", required_argument, NULL, OPT_TAG_PREFIX },
	{ "push", no_argument, NULL, OPT_PUSH },
	{ "publish", no_argument, NULL, OPT_PUBLISH },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "draft", no_argument, NULL, OPT_DRAFT },
	{ "asset", required_argument, NULL, OPT_ASSET },
	{ "retract", no_argument, NULL, OPT_RETRACT },
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

static json_t *
release_json(const struct publish_result *rel)
{
	json_t *o = json_object(), *assets = json_array(), *a;
	size_t i;

	if (o == NULL || assets == NULL)
		die_oom();
	json_put(o, "id", rel->id ? json_integer(rel->id) : json_null());
	json_put(o, "url", json_strz(rel->url));
	json_put(o, "draft", json_boolean(rel->draft));
	json_put(o, "prerelease", json_boolean(rel->prerelease));
	for (i = 0; i < rel->nassets; i++) {
		if ((a = json_object()) == NULL)
			die_oom();
		json_put(a, "name", json_strz(rel->assets[i].name));
		json_put(a, "size", json_integer(rel->assets[i].size));
		json_put(a, "sha256", json_strz(rel->assets[i].sha256));
		json_put(a, "url", json_strz(rel->assets[i].url));
		json_put(a, "state", json_strz(rel->assets[i].state));
		json_push(assets, a);
	}
	json_put(o, "assets", assets);
	return o;
}

/* The rel-tag/1 document (rel-tag(1), OUTPUT). */
static json_t *
document(const struct reltag_result *res, const struct reltag_opts *o)
{
	json_t *doc = json_object();

	if (doc == NULL)
		die_oom();
	json_put(doc, "schema", json_string("rel-tag/1"));
	json_put(doc, "version", json_strz(res->version));
	json_put(doc, "tag", json_strz(res->tag));
	if (o->retract) {
		json_put(doc, "retracted", list_json(&res->retracted));
	} else {
		json_put(doc, "commit", json_strz(*res->commit ? res->commit :
		    NULL));
		json_put(doc, "tag_object", json_strz(*res->tag_object ?
		    res->tag_object : NULL));
		json_put(doc, "pushed", list_json(&res->pushed));
	}
	json_put(doc, "already_done", list_json(&res->done));
	if (res->published)
		json_put(doc, "release", release_json(&res->release));
	json_put(doc, "dry_run", json_boolean(o->dry_run));
	if (o->dry_run)
		json_put(doc, "plan", list_json(&res->plan));
	return doc;
}

/* Add path to a list that starts as *dflt (replaced by the first). */
static void
add_path(const char ***list, size_t *n, size_t *alloc, const char *path)
{
	ALLOC_GROW(*list, *n + 1, *alloc);
	(*list)[(*n)++] = path;
}

int
main(int argc, char **argv)
{
	static const char *const default_files[] = { "CHANGELOG.md" };
	struct reltag_opts o;
	const char **files = NULL, **assets = NULL;
	size_t alloc_files = 0, alloc_assets = 0, nassets = 0;
	struct cli cli;
	struct reltag_result res = RELTAG_RESULT_INIT;
	json_t *doc = NULL;
	int opt, rc;

	memset(&o, 0, sizeof(o));
	o.files = default_files;
	o.nfiles = 1;
	o.remote = "origin";
	o.tag_prefix = "v";
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
			if (o.files == default_files)
				o.nfiles = 0;
			add_path(&files, &o.nfiles, &alloc_files,
			    worktree_path(optarg));
			o.files = files;
			break;
		case OPT_NOTES:
			o.notes = optarg;
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
		case OPT_PUBLISH:
			o.publish = o.push = 1;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_DRAFT:
			o.draft = 1;
			break;
		case OPT_ASSET:
			add_path(&assets, &nassets, &alloc_assets, optarg);
			break;
		case OPT_RETRACT:
			o.retract = 1;
			break;
		case OPT_DRY_RUN:
			o.dry_run = 1;
			break;
		default:
			cli_common_option(&cli, opt, argv);
		}
	}
	o.assets = assets;
	o.nassets = nassets;
	if (optind < argc)
		cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
	if (o.version == NULL)
		cli_usage_error(&cli, "which version? give -r VERSION");
	if (!o.publish && (o.title || o.draft || nassets))
		cli_usage_error(&cli, "--title, --draft and --asset go with "
		    "--publish");
	if (o.retract && (o.push || files))
		cli_usage_error(&cli, "--retract goes with no --push, "
		    "--publish or --file");
	cli_done(&cli);
	if (o.publish && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_ENV, "cannot initialise libcurl");
	rc = o.retract ? reltag_retract(&o, &res) : reltag_run(&o, &res);
	if (rc == EXIT_OK) {
		doc = document(&res, &o);
		if (json_print(stdout, doc, cli.pretty) != 0) {
			errmsg_errno("cannot write the output");
			rc = EXIT_ENV;
		}
		json_decref(doc);
	}
	reltag_result_free(&res);
	free(files);
	free(assets);
	if (o.publish)
		curl_global_cleanup();
	return rc;
}
