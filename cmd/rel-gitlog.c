/*
 * rel-gitlog: the commits since the last release, parsed, as one JSON
 * document on stdout, commits streamed as they are walked. See
 * rel-gitlog(1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/xalloc.h"
#include "git/commitwalk.h"
#include "core/diag.h"
#include "release/gitlog.h"
#include "git/gitlocal.h"
#include "git/gitrepo.h"
#include "git/treepaths.h"
#include "core/jsonout.h"
#include "core/readfile.h"
#include "release/logsummary.h"
#include "release/msgcheck.h"
#include "release/relrange.h"
#include "release/releases.h"
#include "core/strbuf.h"

static const char usage[] =
    "[-hq] [-C dir] [--from rev] [--to rev] [--tag-prefix prefix] "
    "[--path dir] [--pre id] [--merges] [--next | --check] [--pretty] "
    "[--version]\n"
    "--check --message-file file\n"
    "--releases [-hq] [-C dir] [--since tag] [--pre-releases] [--to rev] "
    "[--tag-prefix prefix] [--path dir] [--pre id] [--merges] [--pretty]";

static const struct cli_help help[] = {
	{ "-C dir", "use the repository that contains dir" },
	{ "--from rev", "start after rev instead of the last release" },
	{ "--to rev", "end at rev instead of HEAD" },
	{ "--tag-prefix prefix", "the prefix of release tags (default v)" },
	{ "--path dir", "only commits that touch dir (repeatable), as for "
	    "one package of a monorepo" },
	{ "--pre id", "give the next version as a pre-release CORE-id.N" },
	{ "--merges", "list merge commits too, and count them" },
	{ "--next", "print the next version alone, no JSON (exit 1: none)" },
	{ "--check", "exit 1 when a commit is not conventional, naming "
	    "each one; no JSON" },
	{ "--message-file file", "check the message in file instead, as a "
	    "commit-msg hook" },
	{ "--releases", "every release since the first tag, newest first, "
	    "in one walk" },
	{ "--since tag", "with --releases: only the releases after tag" },
	{ "--pre-releases", "with --releases: pre-releases as releases of "
	    "their own" },
	CLI_COMMON_HELP
};

enum {
	OPT_FROM = CLI_OPT_TOOL,
	OPT_TO,
	OPT_TAG_PREFIX,
	OPT_PRE,
	OPT_MERGES,
	OPT_PATH,
	OPT_NEXT,
	OPT_CHECK,
	OPT_MESSAGE_FILE,
	OPT_RELEASES,
	OPT_SINCE,
	OPT_PRE_RELEASES
};

struct options {
	const char *dir;
	struct relrange_opts range;
	const char *pre;
	int merges;
	int next;		/* --next: the version alone */
	int check;		/* --check: are the commits conventional? */
	const char *message_file;	/* --message-file */
	char **paths;		/* --path, cleaned (treepaths_clean()) */
	size_t npaths;
	int whole;		/* a --path was the top: every commit */
	int releases;		/* --releases */
	const char *since;
	int pre_releases;
};

/* The abbreviation of ids: core.abbrev when it is a number, else 7. */
static int
abbrev_len(git_repository *repo)
{
	git_config *cfg = NULL;
	int32_t n = 7;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_int32(&n, cfg, "core.abbrev") < 0)
		n = 7;
	git_config_free(cfg);
	return n < 4 ? 4 : n > GIT_OID_HEXSZ ? GIT_OID_HEXSZ : n;
}

/* "since 'v1.2.0'", "in the whole history": the range for people. */
static void
range_text(const struct relrange *r, struct strbuf *base)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (r->release)
		strbuf_addf(base, "since '%s'", r->release->name);
	else if (r->has_base)
		strbuf_addf(base, "since '%s'",
		    git_oid_tostr(hex, 8, &r->base));
	else
		strbuf_adds(base, "in the whole history");
}

/* One line for people: how many commits since what, and the next version. */
static void
say_summary(const struct logsummary *s, const struct relrange *r,
    const char *next, enum semver_bump bump)
{
	struct strbuf base = STRBUF_INIT;

	range_text(r, &base);
	if (s->count == 0)
		progress("no commits %s", base.buf);
	else if (next == NULL)
		progress("%zu commit%s %s, all reverted in pairs: "
		    "nothing to release", s->count, s->count == 1 ? "" : "s",
		    base.buf);
	else
		progress("%zu commit%s %s, next %s (%s)", s->count,
		    s->count == 1 ? "" : "s", base.buf, next,
		    semver_bump_name(bump));
	strbuf_release(&base);
}

static json_t *
summary_json(const struct logsummary *s, const char *current,
    enum semver_bump bump, const char *next)
{
	json_t *o = json_object();

	if (o == NULL)
		die_oom();
	json_put(o, "count", json_integer((json_int_t)s->count));
	json_put(o, "types", logsummary_types_json(s));
	json_put(o, "breaking", json_integer((json_int_t)s->breaking));
	json_put(o, "unconventional", json_integer((json_int_t)s->unconventional));
	json_put(o, "contributors", logsummary_contributors_json(s));
	json_put(o, "current", json_strz(current));
	json_put(o, "bump", json_strz(semver_bump_name(bump)));
	json_put(o, "next", json_strz(next));
	return o;
}

static void
put_summary(struct json_stream *js, const struct logsummary *s,
    const struct relrange *r, const char *pre)
{
	enum semver_bump bump;
	char *current, *next;

	current = r->release ? semver_format(&r->release->version) : NULL;
	next = relrange_next(r, logsummary_level(s), pre, &bump);
	json_stream_key(js, "summary");
	json_stream_value(js, summary_json(s, current, bump, next));
	say_summary(s, r, next, bump);
	free(current);
	free(next);
}

/*
 * The commits written but held back, in the walk's order: a revert whose
 * partner may still come, and every commit walked after it. Usually
 * empty: only a revert delays the output.
 */
struct held {
	struct strbuf text;	/* open until its verdict is known */
	size_t seq;		/* its place in the walk */
	int waiting;		/* a revert whose partner may still come */
	enum semver_bump bump;	/* its verdict if none comes */
};

struct held_queue {
	struct held *v;
	size_t head, n, alloc;
};

static void
flush_held(struct json_stream *js, struct held_queue *q)
{
	for (; q->head < q->n && !q->v[q->head].waiting; q->head++) {
		json_stream_text(js, q->v[q->head].text.buf,
		    q->v[q->head].text.len);
		strbuf_release(&q->v[q->head].text);
	}
	if (q->head == q->n)
		q->head = q->n = 0;
}

/* Write commit text (open) with verdict v, or hold it. */
static void
put_commit(struct json_stream *js, struct held_queue *q, struct strbuf *text,
    size_t seq, const char *hex, const struct logsummary_verdict *v)
{
	struct held *h, *partner;

	if (*v->cancelled_by) {
		/* A held revert's verdict is now known: it cancels hex. */
		partner = &q->v[q->head + (v->partner_seq - q->v[q->head].seq)];
		gitlog_verdict_write(&partner->text, SEMVER_BUMP_NONE, hex,
		    NULL);
		partner->waiting = 0;
	}
	if (!v->pending)
		gitlog_verdict_write(text, v->bump, NULL,
		    *v->cancelled_by ? v->cancelled_by : NULL);
	if (q->n == 0 && !v->pending) {
		json_stream_text(js, text->buf, text->len);
		return;
	}
	ALLOC_GROW(q->v, q->n + 1, q->alloc);
	h = &q->v[q->n++];
	h->text = *text;
	*text = (struct strbuf)STRBUF_INIT;
	h->seq = seq;
	h->waiting = v->pending;
	h->bump = v->bump;
	flush_held(js, q);
}

/* The walk is over: the reverts still waiting cancel nothing. */
static void
end_held(struct json_stream *js, struct held_queue *q)
{
	size_t i;

	for (i = q->head; i < q->n; i++)
		if (q->v[i].waiting) {
			gitlog_verdict_write(&q->v[i].text, q->v[i].bump,
			    NULL, NULL);
			q->v[i].waiting = 0;
		}
	flush_held(js, q);
	free(q->v);
}

/* Start the walk of the range, as the options say; 0 or -1. End it
   with gitlog_end() either way. */
static int
start_walk(struct gitlog *gl, git_repository *repo, const struct relrange *r,
    const struct options *opt)
{
	if (gitlog_start(gl, repo, &r->to, r->has_base ? &r->base : NULL,
	    opt->merges) < 0)
		return -1;
	if (!opt->whole)
		gitlog_only_paths(gl, (const char *const *)opt->paths,
		    opt->npaths);
	return 0;
}

/* Stream the commits into the open array; 0 or -1 (a git error). */
static int
put_commits(struct json_stream *js, git_repository *repo,
    const struct relrange *r, const struct options *opt,
    struct logsummary *s)
{
	struct strbuf text = STRBUF_INIT;
	struct held_queue held = { NULL, 0, 0, 0 };
	struct logsummary_verdict v;
	struct gitlog_commit c;
	struct gitlog gl;
	int abbrev = abbrev_len(repo), rc = -1;

	if (start_walk(&gl, repo, r, opt) < 0)
		goto cleanup;
	while ((rc = gitlog_next(&gl, &c)) > 0) {
		gitlog_warn_footer(&c, abbrev);
		gitlog_commit_write(&text, &c, abbrev);
		logsummary_add(s, &c, &v);
		put_commit(js, &held, &text, s->count - 1, c.hex, &v);
		gitlog_commit_free(&c);
	}
cleanup:
	end_held(js, &held);
	gitlog_end(&gl);
	strbuf_release(&text);
	return rc;
}

/* The end of the document: ok, and why not. EXIT_OK or EXIT_ENV. */
static int
end_document(struct json_stream *js, int walked)
{
	int status = EXIT_OK;

	json_stream_key(js, "ok");
	json_stream_value(js, json_boolean(walked == 0));
	if (walked < 0) {
		/* Keep the document whole: the commits so far, then why. */
		errmsg("cannot walk the history: %s", gitrepo_errmsg());
		json_stream_key(js, "error");
		json_stream_value(js, json_strz(gitrepo_errmsg()));
		status = EXIT_ENV;
	}
	json_stream_end_object(js);
	if (json_stream_finish(js) < 0) {
		errmsg_errno("cannot write the output");
		status = EXIT_ENV;
	}
	return status;
}

/* A --path that is not in the tree of the range's end is most likely
   misspelt (or relative to the wrong directory): say so. */
static void
warn_missing_paths(git_repository *repo, const struct relrange *r,
    const struct options *opt)
{
	size_t i;

	for (i = 0; i < opt->npaths && !opt->whole; i++)
		if (treepaths_has(repo, &r->to, opt->paths[i]) == 0)
			warnmsg("'%s' is not in %s (paths are from the top of "
			    "the work tree)", opt->paths[i], r->to_name);
}

/*
 * --next: the verdicts alone, and the next version on stdout; EXIT_NO
 * when no commit counts (none, or all reverted in pairs).
 */
static int
print_next(git_repository *repo, const struct relrange *r,
    const struct options *opt)
{
	struct logsummary_verdict v;
	struct gitlog_commit c;
	struct logsummary s;
	struct gitlog gl;
	enum semver_bump bump;
	char *next = NULL;
	int status = EXIT_OK, rc = -1, abbrev = abbrev_len(repo);

	logsummary_init(&s, r->release ? &r->release->version : NULL);
	if (start_walk(&gl, repo, r, opt) == 0)
		while ((rc = gitlog_next(&gl, &c)) > 0) {
			gitlog_warn_footer(&c, abbrev);
			logsummary_add(&s, &c, &v);
			gitlog_commit_free(&c);
		}
	gitlog_end(&gl);
	if (rc < 0) {
		errmsg("cannot walk the history: %s", gitrepo_errmsg());
		status = EXIT_ENV;
		goto cleanup;
	}
	next = relrange_next(r, logsummary_level(&s), opt->pre, &bump);
	say_summary(&s, r, next, bump);
	if (next == NULL) {
		errmsg("no next version: nothing to release");
		status = EXIT_NO;
	} else if (printf("%s\n", next) < 0 || fflush(stdout) != 0) {
		errmsg_errno("cannot write the output");
		status = EXIT_ENV;
	}
cleanup:
	free(next);
	logsummary_free(&s);
	return status;
}

/* --check: each commit that is not conventional named on stderr. */
static int
check_commits(git_repository *repo, const struct relrange *r,
    const struct options *opt)
{
	struct strbuf base = STRBUF_INIT;
	struct gitlog_commit c;
	struct gitlog gl;
	const char *why;
	size_t count = 0, bad = 0;
	int status = EXIT_OK, rc = -1, abbrev = abbrev_len(repo);

	if (start_walk(&gl, repo, r, opt) == 0)
		while ((rc = gitlog_next(&gl, &c)) > 0) {
			count++;
			if ((why = msgcheck_problem(&c.cc, 0)) != NULL) {
				errmsg("%.*s '%s': %s", abbrev, c.hex,
				    c.cc.header, why);
				bad++;
			}
			gitlog_commit_free(&c);
		}
	gitlog_end(&gl);
	range_text(r, &base);
	if (rc < 0) {
		errmsg("cannot walk the history: %s", gitrepo_errmsg());
		status = EXIT_ENV;
	} else if (bad) {
		errmsg("%zu of %zu commit%s %s %s not conventional", bad,
		    count, count == 1 ? "" : "s", base.buf,
		    bad == 1 ? "is" : "are");
		status = EXIT_NO;
	} else
		progress("%zu commit%s %s, all conventional%s", count,
		    count == 1 ? "" : "s", base.buf,
		    opt->merges ? "" : " (merge commits are not checked)");
	strbuf_release(&base);
	return status;
}

/* --message-file: the message a commit-msg hook is given. */
static int
check_message_file(const char *path)
{
	struct strbuf raw = STRBUF_INIT, msg = STRBUF_INIT;
	struct cc_commit c;
	const char *why;
	int status = EXIT_OK;

	if (readfile(path, &raw) != 0) {
		errmsg_errno("cannot read '%s'", path);
		strbuf_release(&raw);
		return EXIT_ENV;
	}
	msgcheck_strip(raw.buf, raw.len, &msg);
	cc_parse(&c, msg.buf, msg.len);
	if ((why = msgcheck_problem(&c, MSGCHECK_HOOK)) != NULL) {
		errmsg("%s: '%s': %s", path, c.header, why);
		status = EXIT_NO;
	} else
		progress("'%s' is conventional", c.header);
	cc_free(&c);
	strbuf_release(&raw);
	strbuf_release(&msg);
	return status;
}

static int
run(git_repository *repo, const struct options *opt, int pretty)
{
	struct logsummary s;
	struct json_stream js;
	struct relrange r;
	int status, walked;

	if ((status = relrange_resolve(&r, repo, &opt->range)) != EXIT_OK)
		goto cleanup;
	warn_missing_paths(repo, &r, opt);
	if (opt->next || opt->check) {
		status = opt->next ? print_next(repo, &r, opt) :
		    check_commits(repo, &r, opt);
		goto cleanup;
	}
	logsummary_init(&s, r.release ? &r.release->version : NULL);
	json_stream_init(&js, stdout, pretty);
	json_stream_begin_object(&js);
	json_stream_key(&js, "schema");
	json_stream_value(&js, json_string("rel-gitlog/1"));
	json_stream_key(&js, "from");
	json_stream_value(&js, relrange_from_json(&r));
	json_stream_key(&js, "to");
	json_stream_value(&js, relrange_to_json(&r));
	json_stream_key(&js, "ignored_tags");
	json_stream_value(&js, relrange_ignored_json(&r));
	json_stream_key(&js, "other_prefix");
	json_stream_value(&js, relrange_other_prefix_json(&r));
	json_stream_key(&js, "commits");
	json_stream_begin_array(&js);
	walked = put_commits(&js, repo, &r, opt, &s);
	json_stream_end_array(&js);
	if (walked == 0)
		put_summary(&js, &s, &r, opt->pre);
	status = end_document(&js, walked);
	logsummary_free(&s);
cleanup:
	relrange_free(&r);
	return status;
}

/* {tag, version, commit} of a release tag, or null. */
static json_t *
tag_json(const struct reltag *t)
{
	char hex[GIT_OID_HEXSZ + 1];
	json_t *o;
	char *v;

	if (t == NULL)
		return json_null();
	if ((o = json_object()) == NULL)
		die_oom();
	v = semver_format(&t->version);
	json_put(o, "tag", json_strz(t->name));
	json_put(o, "version", json_strz(v));
	json_put(o, "commit", json_strz(git_oid_tostr(hex, sizeof(hex),
	    &t->commit)));
	free(v);
	return o;
}

struct releases_out {
	struct json_stream *js;
	size_t releases, commits;
};

/* One entry of releases[], as releases_walk() hands it out. */
static int
put_release(const struct releases_entry *e, void *arg)
{
	struct releases_out *ro = arg;
	struct json_stream *js = ro->js;
	json_t *t = tag_json(e->tag);
	char date[32];
	size_t i;

	json_stream_begin_object(js);
	json_stream_key(js, "tag");
	json_stream_value(js, json_incref(json_is_null(t) ? t :
	    json_object_get(t, "tag")));
	json_stream_key(js, "version");
	json_stream_value(js, json_incref(json_is_null(t) ? t :
	    json_object_get(t, "version")));
	gitlog_format_date(date, sizeof(date), e->date);
	json_stream_key(js, "date");
	json_stream_value(js, json_strz(e->tag ? date : NULL));
	json_stream_key(js, "commit");
	json_stream_value(js, json_incref(json_is_null(t) ? t :
	    json_object_get(t, "commit")));
	json_decref(t);
	json_stream_key(js, "from");
	json_stream_value(js, tag_json(e->from));
	json_stream_key(js, "commits");
	json_stream_begin_array(js);
	for (i = 0; i < e->ncommits; i++)
		json_stream_text(js, e->commits[i].buf, e->commits[i].len);
	json_stream_end_array(js);
	json_stream_key(js, "summary");
	json_stream_value(js, summary_json(e->summary, e->current, e->bump,
	    e->next));
	json_stream_end_object(js);
	ro->releases += e->tag != NULL;
	ro->commits += e->ncommits;
	return 0;
}

/* --releases: every release since the first tag, newest first. */
static int
run_releases(git_repository *repo, const struct options *opt, int pretty)
{
	struct releases_opts o;
	struct releases_out ro = { NULL, 0, 0 };
	struct json_stream js;
	struct releases rs;
	int status, walked;

	memset(&o, 0, sizeof(o));
	o.to = opt->range.to;
	o.since = opt->since;
	o.prefix = opt->range.prefix;
	o.pre = opt->pre;
	o.pre_releases = opt->pre_releases;
	o.merges = opt->merges;
	o.paths = opt->whole ? NULL : (const char *const *)opt->paths;
	o.npaths = opt->whole ? 0 : opt->npaths;
	o.abbrev = abbrev_len(repo);
	if ((status = releases_open(&rs, repo, &o)) != EXIT_OK)
		goto cleanup;
	json_stream_init(&js, stdout, pretty);
	ro.js = &js;
	json_stream_begin_object(&js);
	json_stream_key(&js, "schema");
	json_stream_value(&js, json_string("rel-gitlog-releases/1"));
	json_stream_key(&js, "to");
	json_stream_value(&js, json_pack("{s:s, s:s}", "ref", rs.to_name,
	    "commit", git_oid_tostr_s(&rs.to)));
	json_stream_key(&js, "since");
	json_stream_value(&js, tag_json(rs.since));
	json_stream_key(&js, "releases");
	json_stream_begin_array(&js);
	walked = releases_walk(&rs, put_release, &ro);
	json_stream_end_array(&js);
	json_stream_key(&js, "ignored_tags");
	json_stream_value(&js, relrange_tags_ignored_json(&rs.tags));
	if ((status = end_document(&js, walked)) == EXIT_OK)
		progress("%zu release%s, %zu commit%s", ro.releases,
		    ro.releases == 1 ? "" : "s", ro.commits,
		    ro.commits == 1 ? "" : "s");
cleanup:
	releases_close(&rs);
	return status;
}

/* A --path: the top of the repository means every commit. */
static void
add_path(struct options *opt, const char *arg)
{
	char *path = treepaths_clean(arg);

	if (path == NULL) {
		opt->whole = 1;
		return;
	}
	opt->paths = xrealloc(opt->paths, (opt->npaths + 1) *
	    sizeof(*opt->paths));
	opt->paths[opt->npaths++] = path;
}

static void
free_paths(struct options *opt)
{
	while (opt->npaths)
		free(opt->paths[--opt->npaths]);
	free(opt->paths);
	opt->paths = NULL;
}

/* --next, --check and --message-file: what goes with what. */
static void
check_modes(struct options *opt)
{
	if (opt->next && (opt->check || opt->message_file))
		die(EXIT_USAGE, "--next and --check exclude each other");
	if (opt->message_file && (opt->range.from || opt->range.to ||
	    opt->npaths || opt->whole || opt->pre || opt->merges))
		die(EXIT_USAGE, "--message-file checks one message: --from, "
		    "--to, --path, --pre and --merges do not apply");
	if (opt->releases && opt->range.from)
		die(EXIT_USAGE, "--from and --releases cannot go together "
		    "(--since names where the releases start)");
	if (opt->releases && (opt->next || opt->check || opt->message_file))
		die(EXIT_USAGE, "--releases writes a document: --next and "
		    "--check do not apply");
	if (!opt->releases && (opt->since || opt->pre_releases))
		die(EXIT_USAGE, "%s needs --releases", opt->since ?
		    "--since" : "--pre-releases");
	if (opt->message_file)
		opt->check = 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "tag-prefix", required_argument, NULL, OPT_TAG_PREFIX },
		{ "pre", required_argument, NULL, OPT_PRE },
		{ "merges", no_argument, NULL, OPT_MERGES },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "next", no_argument, NULL, OPT_NEXT },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "message-file", required_argument, NULL, OPT_MESSAGE_FILE },
		{ "releases", no_argument, NULL, OPT_RELEASES },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "pre-releases", no_argument, NULL, OPT_PRE_RELEASES },
		{ NULL, 0, NULL, 0 }
	};
	struct options opt = { .range.prefix = "v" };
	git_repository *repo = NULL;
	struct cli cli;
	int c, status;

	cli_init(&cli, argv[0], usage, help, longopts);
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "C:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'C':
			opt.dir = optarg;
			break;
		case OPT_FROM:
			opt.range.from = optarg;
			break;
		case OPT_TO:
			opt.range.to = optarg;
			break;
		case OPT_TAG_PREFIX:
			opt.range.prefix = optarg;
			break;
		case OPT_PRE:
			opt.pre = optarg;
			break;
		case OPT_MERGES:
			opt.merges = 1;
			break;
		case OPT_PATH:
			add_path(&opt, optarg);
			break;
		case OPT_NEXT:
			opt.next = 1;
			break;
		case OPT_CHECK:
			opt.check = 1;
			break;
		case OPT_MESSAGE_FILE:
			opt.message_file = optarg;
			break;
		case OPT_RELEASES:
			opt.releases = 1;
			break;
		case OPT_SINCE:
			opt.since = optarg;
			break;
		case OPT_PRE_RELEASES:
			opt.pre_releases = 1;
			break;
		default:
			cli_common_option(&cli, c, argv);
		}
	}
	if (optind < argc)
		cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
	if (opt.pre && !semver_valid_pre(opt.pre))
		die(EXIT_USAGE, "'%s' is not a pre-release identifier",
		    opt.pre);
	check_modes(&opt);
	cli_done(&cli);
	if (opt.message_file) {
		free_paths(&opt);
		return check_message_file(opt.message_file);
	}
	gitlocal_only();
	if ((status = gitrepo_open(&repo, opt.dir)) == EXIT_OK) {
		commitwalk_setup();
		status = opt.releases ? run_releases(repo, &opt, cli.pretty) :
		    run(repo, &opt, cli.pretty);
	}
	gitrepo_close(repo);
	free_paths(&opt);
	return status;
}
