/* relcheck.c: rel-check's run; the version and changelog checks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "git/gitrepo.h"
#include "core/jsonout.h"
#include "core/proc.h"
#include "check/checkrun.h"
#include "check/relcheck_ci.h"
#include "check/relcheck_git.h"
#include "core/xalloc.h"
#include "release/gitlogdoc.h"
#include "release/reltags.h"
#include "release/relversion.h"
#include "core/strbuf.h"

#define NAMED_COMMITS 5		/* commits named in a version-bump warning */

/* Run a sibling tool; 0 when it ran (whatever its exit status), or -1
 * with check failed, saying why. */
static int
run_tool(struct relcheck *rc, const char *name, const char *const *args,
    const char *in, size_t inlen, struct proc_result *res,
    const char *check)
{
	char *error = NULL;

	if (proc_run_tool(name, args, in, inlen, res, &error) == 0)
		return 0;
	relcheck_add(rc, check, "fail", "%s", error);
	free(error);
	return -1;
}

/* The version asked for, and its tag: EXIT_OK, or EXIT_USAGE (said). */
static int
check_version_valid(struct relcheck *rc)
{
	struct strbuf ref = STRBUF_INIT;
	char *s, *tag = NULL;
	int r = EXIT_USAGE;

	if (relversion_parse(&rc->want, rc->o->version,
	    rc->o->tag_prefix) != 0) {
		errmsg("'%s' is not a SemVer version " RELVERSION_HINT,
		    rc->o->version);
		return EXIT_USAGE;
	}
	tag = relversion_tag(rc->o->tag_prefix, &rc->want);
	/* rel-tag refuses such a tag, after make release has rewritten the
	 * changelog: refuse it first. */
	strbuf_addf(&ref, "refs/tags/%s", tag);
	if (git_reference_is_valid_name(ref.buf) != 1) {
		errmsg("'%s' is not a valid tag name (--tag-prefix '%s')",
		    tag, rc->o->tag_prefix);
		goto cleanup;
	}
	rc->tag = tag;
	tag = NULL;
	s = semver_format(&rc->want);
	relcheck_add(rc, "version", "pass", "'%s' is a SemVer version", s);
	free(s);
	r = EXIT_OK;
cleanup:
	strbuf_release(&ref);
	free(tag);
	return r;
}

static void
check_version_greater(struct relcheck *rc, const struct gitlogdoc *log)
{
	struct semver latest = SEMVER_INIT;
	struct strbuf hint = STRBUF_INIT;
	const char *lv = log->from_version, *lt = log->from_tag;

	if (!log->has_from && log->other_prefix) {
		/* rel-gitlog found the tags, under a prefix that is not
		 * the one given: most likely no first release. */
		reltags_other_prefix_hint(&hint, rc->o->tag_prefix,
		    log->other_prefix, (size_t)log->other_prefix_tags);
		relcheck_add(rc, "version-greater", "fail", "%s", hint.buf);
	} else if (!log->has_from) {
		relcheck_add(rc, "version-greater", "pass", "no earlier "
		    "release tag: '%s' is the first release", rc->tag);
	} else if (lv == NULL || semver_parse_str(&latest, lv) != 0) {
		relcheck_add(rc, "version-greater", "fail", "rel-gitlog gave "
		    "no latest release version");
	} else if (semver_cmp(&rc->want, &latest) > 0) {
		relcheck_add(rc, "version-greater", "pass", "greater than the "
		    "latest release %s ('%s')", lv, lt ? lt : "");
	} else {
		relcheck_add(rc, "version-greater", "fail", "not greater than "
		    "the latest release %s ('%s')", lv, lt ? lt : "");
	}
	strbuf_release(&hint);
	semver_free(&latest);
}

/*
 * Is the version asked for below what the commits call for? Then name
 * the commits that call for more: rel-gitlog decided what each calls
 * for (its bump, none for a revert and the commit it cancels).
 */
static void
check_version_bump(struct relcheck *rc, const struct gitlogdoc *log)
{
	const struct gitlogdoc_commit *c;
	const char *bump = log->bump >= 0 ?
	    semver_bump_name((enum semver_bump)log->bump) : "?";
	struct semver n = SEMVER_INIT, cv = SEMVER_INIT, core = SEMVER_INIT;
	struct strbuf names = STRBUF_INIT;
	size_t i, named = 0, more = 0;
	enum semver_bump want;

	if (log->next == NULL || semver_parse_str(&n, log->next) != 0) {
		relcheck_add(rc, "version-bump", "warn", "no commits since "
		    "the latest release");
		goto cleanup;
	}
	if (semver_parse_str(&cv, log->current ? log->current : "0.0.0") != 0)
		semver_parse_str(&cv, "0.0.0");
	semver_bump(&core, &rc->want, SEMVER_BUMP_NONE);
	if (semver_cmp(&core, &n) >= 0) {
		relcheck_add(rc, "version-bump", "pass", "the commits call "
		    "for %s (%s)%s", log->next, bump,
		    semver_cmp(&core, &n) > 0 ? ", a smaller bump" : "");
		goto cleanup;
	}
	want = semver_core_diff(&cv, &core);
	if (want < SEMVER_BUMP_PATCH)
		want = SEMVER_BUMP_PATCH;
	for (i = 0; i < log->ncommits; i++) {
		c = &log->commits[i];
		if (c->bump <= (int)want)
			continue;
		if (named++ >= NAMED_COMMITS) {
			more++;
			continue;
		}
		strbuf_addf(&names, "%s%s %s", names.len ? ", " : "",
		    c->short_id, c->header);
	}
	if (more)
		strbuf_addf(&names, " and %zu more", more);
	relcheck_add(rc, "version-bump", "warn", "the commits call for %s "
	    "(%s)%s%s", log->next, bump, names.len ? ": " : "",
	    names.buf);
cleanup:
	strbuf_release(&names);
	semver_free(&n);
	semver_free(&cv);
	semver_free(&core);
}

/* The fields of rel-gitlog's document the version checks use. */
#define GITLOG_NEED (GITLOGDOC_SHORT | GITLOGDOC_HEADER | GITLOGDOC_BUMP | \
	GITLOGDOC_FROM | GITLOGDOC_SUMMARY)

/* rel-gitlog's document, for the version checks and the changelog: 0, or
 * -1 when it failed, said as a failed check. */
static int
read_gitlog(struct relcheck *rc, struct gitlogdoc *log, struct strbuf *raw)
{
	struct proc_result res = PROC_RESULT_INIT;
	struct strbuf err = STRBUF_INIT;
	const char **args = xcalloc(5 + 2 * rc->o->npaths, sizeof(*args));
	size_t i, n = 0;
	int r = -1;

	args[n++] = "-C";
	args[n++] = git_repository_workdir(rc->repo);
	args[n++] = "--tag-prefix";
	args[n++] = rc->o->tag_prefix;
	for (i = 0; i < rc->o->npaths; i++) {
		args[n++] = "--path";
		args[n++] = rc->o->paths[i];
	}

	if (run_tool(rc, "rel-gitlog", args, NULL, 0, &res,
	    "version-greater") != 0)
		goto cleanup;
	if (res.status != 0 || gitlogdoc_parse(log, res.out.buf, res.out.len,
	    GITLOG_NEED, &err) != 0) {
		relcheck_add(rc, "version-greater", "fail", "cannot read the "
		    "releases: %s", res.status ? proc_first_error(&res) :
		    err.buf);
		goto cleanup;
	}
	strbuf_add(raw, res.out.buf, res.out.len);
	r = 0;
cleanup:
	free(args);
	strbuf_release(&err);
	proc_result_release(&res);
	return r;
}

/* The first diagnostic of rel-changelog lint's doc that is an error, not
 * a warning; NULL when there is none. */
static json_t *
first_error(json_t *doc)
{
	json_t *d;
	const char *severity;
	size_t i;

	json_array_foreach(json_object_get(doc, "diagnostics"), i, d) {
		severity = json_string_value(json_object_get(d, "severity"));
		if (severity && strcmp(severity, "error") == 0)
			return d;
	}
	return NULL;
}

static void
check_changelog_lint(struct relcheck *rc, const char *path)
{
	struct proc_result res = PROC_RESULT_INIT;
	const char *args[] = { "lint", path, NULL };
	json_t *doc = NULL, *d;

	if (run_tool(rc, "rel-changelog", args, NULL, 0, &res,
	    "changelog-lint") != 0)
		goto cleanup;
	doc = json_loadb(res.out.buf, res.out.len, 0, NULL);
	if (json_is_true(json_object_get(doc, "ok")) && res.status == 0) {
		relcheck_add(rc, "changelog-lint", "pass", "'%s' lints clean "
		    "(%lld warnings)", rc->o->changelog, (long long)
		    json_integer_value(json_object_get(doc, "warnings")));
	} else if ((d = first_error(doc)) != NULL) {
		relcheck_add(rc, "changelog-lint", "fail", "'%s' has %lld "
		    "errors; the first, line %lld: %s", rc->o->changelog,
		    (long long)json_integer_value(json_object_get(doc,
		    "errors")), (long long)json_integer_value(
		    json_object_get(d, "line")), json_string_value(
		    json_object_get(d, "message")));
	} else {
		relcheck_add(rc, "changelog-lint", "fail", "cannot lint '%s': "
		    "%s", rc->o->changelog, proc_first_error(&res));
	}
cleanup:
	json_decref(doc);
	proc_result_release(&res);
}

/* Would "rel-changelog release" accept this version? A dry run. */
static void
check_changelog_release(struct relcheck *rc, const char *path,
    const struct strbuf *gitlog)
{
	struct proc_result res = PROC_RESULT_INIT;
	char *v;
	const char *args[] = { "release", "-r", NULL, "--tag-prefix",
		rc->o->tag_prefix, "--gitlog", "-", path, NULL };

	v = semver_format(&rc->want);
	args[2] = v;
	if (run_tool(rc, "rel-changelog", args, gitlog->buf,
	    gitlog->len, &res, "changelog-release") != 0)
		goto cleanup;
	if (res.status == 0)
		relcheck_add(rc, "changelog-release", "pass", "'%s' has "
		    "changes to release as %s", rc->o->changelog, v);
	else
		relcheck_add(rc, "changelog-release", "fail", "'%s' cannot "
		    "release %s: %s", rc->o->changelog, v,
		    proc_first_error(&res));
cleanup:
	proc_result_release(&res);
	free(v);
}

static void
version_checks(struct relcheck *rc, struct strbuf *raw)
{
	struct gitlogdoc log = GITLOGDOC_INIT;

	if (read_gitlog(rc, &log, raw) != 0) {
		relcheck_add(rc, "version-bump", "skip", "no release history");
		return;
	}
	check_version_greater(rc, &log);
	check_version_bump(rc, &log);
	gitlogdoc_free(&log);
}

/* --ci-only: the CI check of the commit the version's tag points to,
 * which must be here (release it first). */
static void
tag_ci_checks(struct relcheck *rc)
{
	struct strbuf spec = STRBUF_INIT;
	git_object *obj = NULL;

	strbuf_addf(&spec, "refs/tags/%s^{commit}", rc->tag);
	if (git_revparse_single(&obj, rc->repo, spec.buf) != 0) {
		relcheck_add(rc, "ci", "fail", "no tag '%s' here to ask CI "
		    "about: release it first", rc->tag);
		goto cleanup;
	}
	git_oid_cpy(&rc->head, git_object_id(obj));
	rc->have_head = 1;
	relcheck_ci(rc);
cleanup:
	git_object_free(obj);
	strbuf_release(&spec);
}

void
relcheck_result_free(struct relcheck_result *res)
{
	size_t i;

	for (i = 0; i < res->nchecks; i++) {
		free(res->checks[i].name);
		free(res->checks[i].status);
		free(res->checks[i].detail);
	}
	free(res->checks);
	free(res->version);
	free(res->tag);
	memset(res, 0, sizeof(*res));
}

int
relcheck_run(const struct relcheck_opts *opts, struct relcheck_result *res)
{
	struct relcheck rc;
	struct strbuf gitlog = STRBUF_INIT, path = STRBUF_INIT;
	int r;

	memset(&rc, 0, sizeof(rc));
	rc.o = opts;
	rc.res = res;
	if ((r = gitrepo_open(&rc.repo, opts->dir)) != EXIT_OK)
		goto cleanup;
	if (git_repository_is_bare(rc.repo)) {
		errmsg("the repository is bare: run rel-check in a checkout");
		r = EXIT_USAGE;
		goto cleanup;
	}
	if ((r = check_version_valid(&rc)) != EXIT_OK)
		goto cleanup;
	if (opts->ci_only) {
		tag_ci_checks(&rc);
		goto done;
	}
	rc.have_head = git_reference_name_to_id(&rc.head, rc.repo,
	    "HEAD") == 0;
	version_checks(&rc, &gitlog);
	relcheck_git(&rc);
	strbuf_addf(&path, "%s%s", git_repository_workdir(rc.repo),
	    opts->changelog);
	check_changelog_lint(&rc, path.buf);
	check_changelog_release(&rc, path.buf, &gitlog);
	relcheck_ci(&rc);
done:
	res->version = semver_format(&rc.want);
	res->tag = rc.tag;
	rc.tag = NULL;
	if (rc.have_head)
		git_oid_tostr(res->commit, sizeof(res->commit), &rc.head);
	if (res->failed)
		errmsg("%d of %zu checks failed", res->failed, res->nchecks);
	else if (opts->ci_only)
		progress("CI is green for '%s'", res->tag);
	else
		progress("ready to release '%s'", res->tag);
	r = res->failed ? EXIT_NO : EXIT_OK;
cleanup:
	strbuf_release(&gitlog);
	strbuf_release(&path);
	semver_free(&rc.want);
	free(rc.tag);
	gitrepo_close(rc.repo);
	return r;
}
