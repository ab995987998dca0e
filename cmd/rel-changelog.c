/* rel-changelog: lint, show and release a Keep a Changelog file. */
#include <sys/stat.h>

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "changelog/changelog.h"
#include "changelog/changelog_lint.h"
#include "changelog/changelog_generate.h"
#include "changelog/changelog_json.h"
#include "changelog/changelog_release.h"
#include "changelog/changelog_rules.h"
#include "changelog/contributors.h"
#include "core/cli.h"
#include "core/diag.h"
#include "core/worktree.h"
#include "core/xalloc.h"
#include "release/gitlogdoc.h"
#include "release/relversion.h"
#include "core/jsonout.h"
#include "core/piecebuf.h"
#include "core/readfile.h"

#define SCHEMA "rel-changelog/1"

static const char usage[] =
    "lint [-C dir] [--sections list] [--rule rule=level] [--strict] "
    "[-q] [--pretty] [file]\n"
    "show [-C dir] [-r version] [-q] [--pretty] [file]\n"
    "release -r version [-C dir] [--date yyyy-mm-dd] [--gitlog file] "
    "[--url url] [--tag-prefix prefix] [--all-types] [--commit-links] "
    "[--sections list] "
    "[--rule rule=level] [--strict] [-i] [-q] [--pretty] [file]\n"
    "notes -r version [-C dir] [--json] [--tag-prefix prefix] "
    "[--contributors] [--gitlog file] [-q] [--pretty] [file]\n"
    "generate [-C dir] [--url url] [--all-types] [--commit-links] "
    "[-o file] [-i] [-q] [--pretty] [file]\n"
    "-h | --version";

static const struct cli_help help[] = {
	{ "-r version", "the release to show, make or print notes of" },
	{ "-C dir", "run in dir; the file is by default CHANGELOG.md at the "
	    "top of its work tree" },
	{ "--date yyyy-mm-dd", "the date of the release (default today, "
	    "UTC)" },
	{ "--gitlog file", "the rel-gitlog document to merge (default "
	    "stdin when not a terminal)" },
	{ "--url url", "the repository's web address, for the links" },
	{ "--tag-prefix prefix", "the prefix of release tags in the links" },
	{ "--all-types", "list every commit type, merges and "
	    "unconventional commits too" },
	{ "--commit-links", "link each new item's commit to its page "
	    "(the default when items link theirs)" },
	{ "--sections list", "more section names that lint accepts" },
	{ "--rule rule=level", "set a lint rule off, warning or error "
	    "(repeatable)" },
	{ "--strict", "read the format strictly: the relaxed forms are "
	    "errors, release refuses any lint error" },
	{ "-i, --in-place", "rewrite the file instead of printing it" },
	{ "--json", "print the notes as JSON" },
	{ "--contributors", "end the notes with the authors of the "
	    "rel-gitlog document's commits" },
	{ "-o, --output file", "generate: write the new file to file" },
	CLI_COMMON_HELP
};

enum {
	OPT_DATE = CLI_OPT_TOOL, OPT_GITLOG, OPT_URL, OPT_TAG_PREFIX,
	OPT_ALL_TYPES, OPT_SECTIONS, OPT_JSON, OPT_RULE, OPT_STRICT,
	OPT_COMMIT_LINKS, OPT_CONTRIBUTORS
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{ "date", required_argument, NULL, OPT_DATE },
	{ "gitlog", required_argument, NULL, OPT_GITLOG },
	{ "url", required_argument, NULL, OPT_URL },
	{ "tag-prefix", required_argument, NULL, OPT_TAG_PREFIX },
	{ "all-types", no_argument, NULL, OPT_ALL_TYPES },
	{ "commit-links", no_argument, NULL, OPT_COMMIT_LINKS },
	{ "contributors", no_argument, NULL, OPT_CONTRIBUTORS },
	{ "sections", required_argument, NULL, OPT_SECTIONS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "in-place", no_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	struct cli cli;
	const char *verb, *file, *version, *date, *gitlog, *url, *prefix;
	const char *output;	/* generate -o */
	int file_given;
	char *canonical;	/* -r as plain SemVer, NULL when it is none */
	char *found;		/* the default file, from the top of the
				   work tree */
	char **sections;	/* --sections split at commas */
	const char **rules;	/* the --rule options, in order */
	size_t nrules;
	int in_place, json, all_types, strict, commit_links, contributors;
};

static json_t *
new_doc(const struct args *a)
{
	json_t *doc = json_object();

	json_put(doc, "schema", json_string(SCHEMA));
	json_put(doc, "file", json_strz(a->file));
	return doc;
}

static int
print_doc(const struct args *a, json_t *doc, int rc)
{
	if (json_print(stdout, doc, a->cli.pretty) != 0) {
		errmsg_errno("cannot write output");
		rc = EXIT_ENV;
	}
	json_decref(doc);
	return rc;
}

static int
cmd_lint(const struct args *a, struct changelog *cl)
{
	json_t *doc = new_doc(a);
	size_t errors = changelog_lint(cl, (const char *const *)a->sections);

	changelog_print_diags(cl, 0);
	changelog_lint_json(cl, doc);
	if (errors == 0)
		progress("'%s' lints clean (%lld warnings)", a->file,
		    (long long)json_integer_value(json_object_get(doc,
		    "warnings")));
	return print_doc(a, doc, errors ? EXIT_NO : EXIT_OK);
}

/* The release -r names, or NULL with *rc set: EXIT_NO when there is no
   such release, EXIT_USAGE when -r names none a changelog may hold. */
static const struct cl_release *
find_release(const struct args *a, const struct changelog *cl, int *rc)
{
	const struct cl_release *r = changelog_find(cl, a->version);

	if (r != NULL)
		return r;
	if (a->canonical == NULL && strcasecmp(a->version, "latest") != 0 &&
	    strcasecmp(a->version, "unreleased") != 0) {
		errmsg("'%s' is not a SemVer version " RELVERSION_HINT,
		    a->version);
		*rc = EXIT_USAGE;
	} else {
		errmsg("no release '%s' in '%s'", a->version, cl->path);
		*rc = EXIT_NO;
	}
	return NULL;
}

static int
cmd_show(const struct args *a, struct changelog *cl)
{
	const struct cl_release *r;
	json_t *doc;
	int rc;

	if (a->version == NULL) {
		doc = new_doc(a);
		changelog_model_json(cl, doc);
		return print_doc(a, doc, EXIT_OK);
	}
	if ((r = find_release(a, cl, &rc)) == NULL)
		return rc;
	doc = new_doc(a);
	json_put(doc, "release", changelog_release_json(cl, r));
	return print_doc(a, doc, EXIT_OK);
}

static int read_gitlog(const struct args *a, unsigned need,
    struct gitlogdoc *log, int *present);

/* --contributors: the authors of the document's commits. */
static int
read_contributors(const struct args *a, struct gitlogdoc *log,
    struct cl_contributors *who)
{
	int rc, present;

	if (a->gitlog == NULL && isatty(STDIN_FILENO)) {
		errmsg("--contributors needs rel-gitlog's document: --gitlog "
		    "file, or on standard input");
		return EXIT_USAGE;
	}
	if ((rc = read_gitlog(a, GITLOGDOC_AUTHOR, log, &present)) ==
	    EXIT_OK && present)
		changelog_contributors(log, who);
	return rc;
}

/* [{name, commits}] */
static json_t *
contributors_json(const struct cl_contributors *who)
{
	json_t *arr = json_array(), *o;
	size_t i;

	if (arr == NULL)
		die_oom();
	for (i = 0; i < who->n; i++) {
		if ((o = json_object()) == NULL)
			die_oom();
		json_put(o, "name", json_strz(who->v[i].name));
		json_put(o, "commits",
		    json_integer((json_int_t)who->v[i].commits));
		json_push(arr, o);
	}
	return arr;
}

static int
cmd_notes(const struct args *a, struct changelog *cl)
{
	struct strbuf body = STRBUF_INIT, title = STRBUF_INIT;
	struct cl_contributors who = { NULL, 0 };
	struct gitlogdoc log = GITLOGDOC_INIT;
	const struct cl_release *r;
	char *prefix;
	json_t *doc;
	int rc = EXIT_OK;

	if ((r = find_release(a, cl, &rc)) == NULL ||
	    (a->contributors && (rc = read_contributors(a, &log, &who)) !=
	    EXIT_OK))
		return rc;
	prefix = a->prefix ? xstrdup(a->prefix) :
	    changelog_tag_prefix(cl, changelog_latest(cl));
	changelog_notes(cl, r, prefix, &body);
	changelog_contributors_notes(&who, &body);
	if (a->json) {
		strbuf_addf(&title, "%s%.*s", r->unreleased ? "" : prefix,
		    (int)r->label.len, cl->buf + r->label.off);
		doc = json_object();
		json_put(doc, "schema", json_string(SCHEMA));
		json_put(doc, "version", json_text(cl->buf + r->label.off,
		    r->label.len));
		json_put(doc, "title", json_text(title.buf, title.len));
		json_put(doc, "body", json_text(body.buf, body.len));
		json_put(doc, "prerelease", json_boolean(r->version_ok &&
		    r->version.pre_len != 0));
		if (a->contributors)
			json_put(doc, "contributors", contributors_json(&who));
		rc = print_doc(a, doc, EXIT_OK);
	} else if (fwrite(body.buf, 1, body.len, stdout) != body.len ||
	    fflush(stdout) != 0) {
		errmsg_errno("cannot write output");
		rc = EXIT_ENV;
	}
	free(prefix);
	strbuf_release(&body);
	strbuf_release(&title);
	changelog_contributors_free(&who);
	gitlogdoc_free(&log);
	return rc;
}

/*
 * Is from standard input and a pipe? An empty pipe is the mark of a
 * failed "rel-gitlog | rel-changelog release": sh has no pipefail, so
 * releasing without the commits would go unnoticed. An empty file or
 * /dev/null still means "no commits".
 */
static int
empty_pipe(const char *from)
{
	struct stat st;

	return strcmp(from, "-") == 0 && fstat(STDIN_FILENO, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* The rel-gitlog document: --gitlog, or stdin when it is not a terminal. */
static int
read_gitlog(const struct args *a, unsigned need, struct gitlogdoc *log,
    int *present)
{
	struct strbuf buf = STRBUF_INIT, err = STRBUF_INIT;
	const char *from = a->gitlog ? a->gitlog : "-";
	size_t i;
	int rc = EXIT_OK;

	*present = 0;
	/* Standard input is a terminal, or the changelog itself. */
	if (a->gitlog == NULL && (isatty(STDIN_FILENO) ||
	    strcmp(a->file, "-") == 0))
		return EXIT_OK;
	if (readfile(from, &buf) != 0) {
		errmsg_errno("cannot read gitlog '%s'", from);
		rc = EXIT_ENV;
		goto cleanup;
	}
	for (i = 0; i < buf.len && buf.buf[i] && strchr(" \t\r\n", buf.buf[i]);
	    i++)
		;
	if (i == buf.len && empty_pipe(from)) {
		errmsg("no rel-gitlog document on standard input (did the "
		    "command before the pipe fail?); give --gitlog /dev/null "
		    "to release without commits");
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (i == buf.len)
		goto cleanup;	/* empty input means no commits */
	if (gitlogdoc_parse(log, buf.buf, buf.len, need, &err) != 0) {
		errmsg("gitlog '%s': %s", from, err.buf);
		rc = EXIT_USAGE;
		goto cleanup;
	}
	*present = 1;
cleanup:
	strbuf_release(&buf);
	strbuf_release(&err);
	return rc;
}

static int
fill_file(int fd, void *out)
{
	return piecebuf_write(out, fd);
}

/* Why the file could not be replaced, and the exit status: the file is
   untouched either way. */
static int
rewrite_failed(const struct args *a, const char *note)
{
	if (errno == ESTALE) {
		errmsg("'%s' changed while it was being released: nothing "
		    "changed, run again%s", a->file, note);
		return EXIT_NO;
	}
	errmsg("cannot write '%s': %s%s", a->file, strerror(errno), note);
	return EXIT_ENV;
}

static int
cmd_release(const struct args *a, struct changelog *cl, struct atomicfile *af)
{
	struct cl_release_result res = CL_RELEASE_RESULT_INIT;
	struct cl_release_opts o;
	struct gitlogdoc log = GITLOGDOC_INIT;
	struct piecebuf out = PIECEBUF_INIT;
	char today[16], *dir = xstrdup(a->file);
	time_t now = time(NULL);
	struct tm tm;
	json_t *doc, *commits;
	int rc, present;

	memset(&o, 0, sizeof(o));
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime_r(&now, &tm));
	o.version = a->version;
	o.date = a->date ? a->date : today;
	o.url = a->url;
	o.tag_prefix = a->prefix;
	o.repo_dir = dirname(dir);
	o.all_types = a->all_types;
	o.commit_links = a->commit_links;
	o.strict = a->strict;
	o.sections = (const char *const *)a->sections;
	if ((rc = read_gitlog(a, CL_GITLOG_NEED, &log, &present)) != EXIT_OK)
		goto cleanup;
	o.log = present ? &log : NULL;
	if ((rc = changelog_release(cl, &o, &out, &res)) != EXIT_OK)
		goto cleanup;
	if (!a->in_place) {
		if (piecebuf_write(&out, STDOUT_FILENO) != 0) {
			errmsg_errno("cannot write output");
			rc = EXIT_ENV;
		}
		goto cleanup;
	}
	/* The summary goes out before the rename, so that a failure to
	   write it (exit 3) still leaves the file as it was. */
	if (atomicfile_prepare(af, fill_file, &out) != 0) {
		rc = rewrite_failed(a, "");
		goto cleanup;
	}
	doc = new_doc(a);
	json_put(doc, "ok", json_true());
	json_put(doc, "version", json_strz(o.version));
	json_put(doc, "date", json_strz(o.date));
	json_put(doc, "previous", json_strz(res.previous));
	json_put(doc, "items", json_integer((json_int_t)res.items));
	commits = json_object();
	json_put(commits, "added", json_integer((json_int_t)res.commits_added));
	json_put(commits, "mentioned",
	    json_integer((json_int_t)res.commits_mentioned));
	json_put(commits, "left_out",
	    json_integer((json_int_t)res.commits_left_out));
	json_put(doc, "commits", commits);
	json_put(doc, "url", json_strz(res.url));
	if ((rc = print_doc(a, doc, EXIT_OK)) != EXIT_OK)
		goto cleanup;
	if (atomicfile_commit(af) != 0)
		rc = rewrite_failed(a, " (the summary above does not hold)");
	else
		progress("released %s in '%s': %zu items, %zu of them from "
		    "commits", o.version, a->file, res.items,
		    res.commits_added);
cleanup:
	changelog_release_result_free(&res);
	gitlogdoc_free(&log);
	piecebuf_release(&out);
	free(dir);
	return rc;
}

struct generate_run {
	struct changelog *cl;
	struct cl_generate_opts o;
	struct cl_generate_result res;
	int rc;
};

static int
fill_generated(int fd, void *arg)
{
	struct generate_run *g = arg;

	g->rc = changelog_generate(g->cl, &g->o, STDIN_FILENO, fd, &g->res);
	return g->rc == EXIT_OK ? 0 : -1;
}

/* generate: the whole file from rel-gitlog --releases on stdin. */
static int
cmd_generate(const struct args *a, struct changelog *cl,
    struct atomicfile *af)
{
	struct generate_run g;
	const char *to = a->in_place ? a->file : a->output;
	char *dir = xstrdup(cl ? a->file : ".");
	json_t *doc;
	int rc = EXIT_OK;

	memset(&g, 0, sizeof(g));
	g.cl = cl;
	g.o.url = a->url;
	g.o.repo_dir = dirname(dir);
	g.o.all_types = a->all_types;
	g.o.commit_links = a->commit_links;
	if (isatty(STDIN_FILENO)) {
		errmsg("generate reads 'rel-gitlog --releases' on standard "
		    "input");
		rc = EXIT_USAGE;
	} else if (to == NULL)
		rc = fill_generated(STDOUT_FILENO, &g) == 0 ? EXIT_OK : g.rc;
	else if ((a->in_place ? atomicfile_prepare(af, fill_generated, &g) :
	    atomicfile_replace_with(to, fill_generated, &g)) != 0)
		rc = g.rc != EXIT_OK ? g.rc : rewrite_failed(a, "");
	else {
		doc = new_doc(a);
		json_put(doc, "file", json_strz(to));
		json_put(doc, "ok", json_true());
		json_put(doc, "added", json_integer((json_int_t)g.res.added));
		json_put(doc, "kept", json_integer((json_int_t)g.res.kept));
		json_put(doc, "items", json_integer((json_int_t)g.res.items));
		json_put(doc, "url", json_strz(g.res.url));
		rc = print_doc(a, doc, EXIT_OK);
		if (rc == EXIT_OK && a->in_place && atomicfile_commit(af) != 0)
			rc = rewrite_failed(a, " (the summary above does not "
			    "hold)");
		if (rc == EXIT_OK)
			progress("'%s': %zu release%s added, %zu kept", to,
			    g.res.added, g.res.added == 1 ? "" : "s",
			    g.res.kept);
	}
	if (rc == EXIT_OK && g.res.url == NULL && g.res.added)
		warnmsg("no web address for the links: give --url");
	changelog_generate_result_free(&g.res);
	free(dir);
	return rc;
}

static char **
split_list(const char *s)
{
	char **v = xcalloc(strlen(s) + 2, sizeof(*v));
	size_t n = 0, len;

	while (*s) {
		len = strcspn(s, ",");
		if (len)
			v[n++] = xstrndup(s, len);
		s += len + (s[len] == ',');
	}
	return v;
}

/* A --rule option, checked now: a bad one is a usage error. */
static void
add_rule(struct args *a, const char *spec)
{
	struct cl_rules scratch = CL_RULES_INIT;
	struct strbuf err = STRBUF_INIT;

	if (changelog_rules_set(&scratch, spec, strlen(spec), &err) != 0)
		cli_usage_error(&a->cli, "--rule: %s", err.buf);
	a->rules = xrealloc(a->rules, (a->nrules + 1) * sizeof(*a->rules));
	a->rules[a->nrules++] = spec;
}

/*
 * The rules: --strict, then the rules file next to the changelog (none
 * for standard input), then the --rule options. Returns EXIT_OK, or
 * EXIT_USAGE for a bad file, EXIT_ENV for one that cannot be read.
 */
static int
load_rules(const struct args *a, struct cl_rules *rules)
{
	struct strbuf path = STRBUF_INIT, buf = STRBUF_INIT, err = STRBUF_INIT;
	char *dir = xstrdup(a->file);
	size_t i;
	int rc = EXIT_OK;

	rules->strict = a->strict;
	if (strcmp(a->file, "-") != 0) {
		strbuf_addf(&path, "%s/%s", dirname(dir), CHANGELOG_RULES_FILE);
		if (readfile(path.buf, &buf) != 0 && errno != ENOENT) {
			errmsg("cannot read '%s': %s", path.buf,
			    strerror(errno));
			rc = EXIT_ENV;
		} else if (buf.len && changelog_rules_parse(rules, path.buf,
		    buf.buf, buf.len, &err) != 0) {
			errmsg("%s", err.buf);
			rc = EXIT_USAGE;
		}
	}
	for (i = 0; rc == EXIT_OK && i < a->nrules; i++)
		changelog_rules_set(rules, a->rules[i], strlen(a->rules[i]),
		    &err);
	strbuf_release(&path);
	strbuf_release(&buf);
	strbuf_release(&err);
	free(dir);
	return rc;
}

static void
parse_args(struct args *a, int argc, char **argv)
{
	const char *dir = NULL;
	int c;

	cli_init(&a->cli, argv[0], usage, help, longopts);
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "r:iC:o:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'r': a->version = optarg; break;
		case 'i': a->in_place = 1; break;
		case 'o': a->output = optarg; break;
		case 'C': dir = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_GITLOG: a->gitlog = optarg; break;
		case OPT_URL: a->url = optarg; break;
		case OPT_TAG_PREFIX: a->prefix = optarg; break;
		case OPT_ALL_TYPES: a->all_types = 1; break;
		case OPT_COMMIT_LINKS: a->commit_links = 1; break;
		case OPT_CONTRIBUTORS: a->contributors = 1; break;
		case OPT_SECTIONS: a->sections = split_list(optarg); break;
		case OPT_JSON: a->json = 1; break;
		case OPT_RULE: add_rule(a, optarg); break;
		case OPT_STRICT: a->strict = 1; break;
		default: cli_common_option(&a->cli, c, argv);
		}
	}
	cli_done(&a->cli);
	if (optind >= argc)
		cli_usage_error(&a->cli, "no command given");
	a->verb = argv[optind++];
	if (dir && chdir(dir) != 0)
		die(EXIT_USAGE, "cannot change to '%s': %s", dir,
		    strerror(errno));
	/* As rel-check and rel-tag: the changelog of the work tree. */
	a->file_given = optind < argc;
	a->file = optind < argc ? argv[optind++] :
	    (a->found = worktree_from_top("CHANGELOG.md"));
	if (optind < argc)
		cli_usage_error(&a->cli, "unexpected argument '%s'",
		    argv[optind]);
	if (strcmp(a->verb, "lint") && strcmp(a->verb, "show") &&
	    strcmp(a->verb, "release") && strcmp(a->verb, "notes") &&
	    strcmp(a->verb, "generate"))
		cli_usage_error(&a->cli, "unknown command '%s'", a->verb);
	if (a->version == NULL && (!strcmp(a->verb, "release") ||
	    !strcmp(a->verb, "notes")))
		cli_usage_error(&a->cli, "'%s' needs -r version", a->verb);
	if (a->output && (a->in_place || strcmp(a->verb, "generate")))
		die(EXIT_USAGE, a->in_place ? "-o and -i exclude each other" :
		    "-o is for generate");
	if (a->in_place && strcmp(a->file, "-") == 0)
		die(EXIT_USAGE, "-i needs a file, not standard input");
	if (a->gitlog && strcmp(a->gitlog, "-") == 0 &&
	    strcmp(a->file, "-") == 0)
		die(EXIT_USAGE, "the changelog and the gitlog cannot "
		    "both come from standard input");
	if (a->date && !changelog_valid_date(a->date, strlen(a->date)))
		die(EXIT_USAGE, "'%s' is not a date (yyyy-mm-dd)",
		    a->date);
	if (a->contributors && strcmp(a->verb, "notes"))
		die(EXIT_USAGE, "--contributors is for notes");
	if (a->gitlog && strcmp(a->verb, "release") && !a->contributors)
		die(EXIT_USAGE, "--gitlog is for release, and for notes "
		    "--contributors");
	/* -r as people type it: "v1.2.0" is 1.2.0 (relversion.h); a label
	   that is no version ("latest") is looked up as given. */
	if (a->version && (a->canonical = relversion_canonical(a->version,
	    a->prefix)) != NULL)
		a->version = a->canonical;
	if (a->canonical == NULL && !strcmp(a->verb, "release"))
		die(EXIT_USAGE, "'%s' is not a SemVer version "
		    RELVERSION_HINT, a->version);
}

static int
lock_file(const struct args *a, struct atomicfile *af)
{
	if (atomicfile_lock(af, a->file) == 0)
		return EXIT_OK;
	if (errno == EWOULDBLOCK) {
		errmsg("'%s' is being rewritten by another process: nothing "
		    "changed", a->file);
		return EXIT_NO;
	}
	errmsg_errno("cannot write '%s'", a->file);
	return EXIT_ENV;
}

int
main(int argc, char **argv)
{
	struct changelog cl = CHANGELOG_INIT;
	struct atomicfile af = ATOMICFILE_INIT;
	struct cl_rules rules = CL_RULES_INIT;
	struct args a;
	char **s;
	int rc;

	memset(&a, 0, sizeof(a));
	parse_args(&a, argc, argv);
	/* release -i: the file is locked before it is read. */
	if ((rc = load_rules(&a, &rules)) != EXIT_OK)
		;	/* said why */
	else if (a.in_place && (!strcmp(a.verb, "release") ||
	    !strcmp(a.verb, "generate")) && (rc = lock_file(&a, &af)) != EXIT_OK)
		;	/* said why */
	else if (!strcmp(a.verb, "generate") && !a.in_place && !a.file_given)
		rc = cmd_generate(&a, NULL, &af);
	else if (changelog_load(&cl, a.file) != 0)
		rc = EXIT_ENV;
	else {
		cl.rules = &rules;
		if (!strcmp(a.verb, "lint"))
			rc = cmd_lint(&a, &cl);
		else if (!strcmp(a.verb, "show"))
			rc = cmd_show(&a, &cl);
		else if (!strcmp(a.verb, "notes"))
			rc = cmd_notes(&a, &cl);
		else if (!strcmp(a.verb, "generate"))
			rc = cmd_generate(&a, &cl, &af);
		else
			rc = cmd_release(&a, &cl, &af);
	}
	changelog_free(&cl);
	atomicfile_release(&af);
	for (s = a.sections; s && *s; s++)
		free(*s);
	free(a.sections);
	free(a.rules);
	free(a.canonical);
	free(a.found);
	return rc;
}
