/* relrange.c: the commits a release covers and the version they lead to. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "git/gitrepo.h"
#include "core/jsonout.h"
#include "release/nextver.h"
#include "release/relrange.h"

int
relrange_resolve_rev(git_oid *out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int rc;

	rc = git_revparse_single(&obj, repo, rev);
	if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS ||
	    rc == GIT_EINVALIDSPEC) {
		errmsg("unknown revision '%s'", rev);
		return EXIT_USAGE;
	}
	if (rc < 0) {
		errmsg("cannot read revision '%s': %s", rev, gitrepo_errmsg());
		return EXIT_ENV;
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		errmsg("revision '%s' is not a commit", rev);
		return EXIT_USAGE;
	}
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	return EXIT_OK;
}

/* A shallow clone's history stops short: the base may be missing. */
static int
check_shallow(git_repository *repo)
{
	const char *dir = git_repository_workdir(repo);

	if (git_repository_is_shallow(repo) != 1)
		return EXIT_OK;
	errmsg("'%s' is a shallow clone and its history is incomplete: "
	    "run 'git fetch --unshallow' first",
	    dir ? dir : git_repository_path(repo));
	return EXIT_ENV;
}

static int
check_unborn(git_repository *repo)
{
	git_reference *head = NULL;
	const char *branch = NULL;

	if (git_repository_head_unborn(repo) != 1)
		return EXIT_OK;
	if (git_reference_lookup(&head, repo, "HEAD") == 0)
		branch = git_reference_symbolic_target(head);
	if (branch && strncmp(branch, "refs/heads/", 11) == 0)
		branch += 11;
	errmsg("'HEAD' has no commits yet: branch '%s' is unborn",
	    branch ? branch : "HEAD");
	git_reference_free(head);
	return EXIT_ENV;
}

int
relrange_check_repo(git_repository *repo, const char *to_name)
{
	int rc = check_shallow(repo);

	if (rc == EXIT_OK && strcmp(to_name, "HEAD") == 0)
		rc = check_unborn(repo);
	return rc;
}

/* The release tag --from names, else the highest final one on its commit. */
static const struct reltag *
release_of(const struct reltags *rt, const char *rev, const git_oid *commit)
{
	const char *name = rev;
	size_t i;

	if (strncmp(name, "refs/tags/", 10) == 0)
		name += 10;
	for (i = 0; i < rt->ntags; i++)
		if (strcmp(rt->tags[i].name, name) == 0)
			return &rt->tags[i];
	return reltags_on_commit(rt, commit);
}

int
relrange_resolve(struct relrange *r, git_repository *repo,
    const struct relrange_opts *o)
{
	struct strbuf hint = STRBUF_INIT;
	int rc;

	memset(r, 0, sizeof(*r));
	r->to_name = o->to ? o->to : "HEAD";
	if ((rc = relrange_check_repo(repo, r->to_name)) != EXIT_OK)
		return rc;
	if ((rc = relrange_resolve_rev(&r->to, repo, r->to_name)) != EXIT_OK)
		return rc;
	if (o->from && (rc = relrange_resolve_rev(&r->base, repo, o->from)) != EXIT_OK)
		return rc;
	if (reltags_find(&r->tags, repo, o->prefix, &r->to, r->to_name) < 0) {
		errmsg("cannot read tags: %s", gitrepo_errmsg());
		return EXIT_ENV;
	}
	if (r->tags.other_prefix) {
		reltags_other_prefix_hint(&hint, o->prefix,
		    r->tags.other_prefix, r->tags.nother);
		warnmsg("%s", hint.buf);
		strbuf_release(&hint);
	}
	if (o->from) {
		r->has_base = 1;
		r->release = release_of(&r->tags, o->from, &r->base);
		/* git log's answer too, but most likely swapped options. */
		if (git_graph_descendant_of(repo, &r->base, &r->to) == 1)
			warnmsg("--from '%s' comes after --to '%s': "
			    "the range is empty", o->from, r->to_name);
	} else if (r->tags.base) {
		r->has_base = 1;
		r->release = r->tags.base;
		git_oid_cpy(&r->base, &r->release->commit);
	}
	return EXIT_OK;
}

void
relrange_free(struct relrange *r)
{
	reltags_free(&r->tags);
	memset(r, 0, sizeof(*r));
}

/* "--pre beta" after 1.0.0-rc.2 gives 1.0.0-beta.1, which sorts below. */
static void
warn_if_below(const struct reltags *rt, const struct semver *next,
    const char *shown)
{
	size_t i;

	for (i = 0; i < rt->ntags; i++)	/* highest first */
		if (semver_cmp(&rt->tags[i].version, next) > 0 &&
		    semver_core_diff(&rt->tags[i].version, next) ==
		    SEMVER_BUMP_NONE) {
			warnmsg("next version '%s' sorts below the existing "
			    "tag '%s'", shown, rt->tags[i].name);
			return;
		}
}

char *
relrange_next(const struct relrange *r, enum semver_bump level,
    const char *pre, enum semver_bump *bump)
{
	return relrange_next_after(&r->tags, r->release ?
	    &r->release->version : NULL, &r->tags.announced, level, pre, bump);
}

char *
relrange_next_after(const struct reltags *rt, const struct semver *current,
    const struct semver *announced, enum semver_bump level, const char *pre,
    enum semver_bump *bump)
{
	struct semver next, with_pre;
	char *last, *s;

	*bump = SEMVER_BUMP_NONE;
	if (level == SEMVER_BUMP_NONE)
		return NULL;
	*bump = nextver_core(&next, current, level, announced);
	if (pre) {
		last = reltags_last_pre(rt, &next, pre);
		semver_with_pre(&with_pre, &next, pre, last);
		free(last);
		semver_free(&next);
		next = with_pre;
	}
	s = semver_format(&next);
	if (pre)
		warn_if_below(rt, &next, s);
	semver_free(&next);
	return s;
}

static json_t *
oid_json(const git_oid *oid)
{
	char hex[GIT_OID_HEXSZ + 1];

	return json_strz(git_oid_tostr(hex, sizeof(hex), oid));
}

json_t *
relrange_from_json(const struct relrange *r)
{
	json_t *o;
	char *v;

	if (!r->has_base)
		return json_null();
	if ((o = json_object()) == NULL)
		die_oom();
	v = r->release ? semver_format(&r->release->version) : NULL;
	json_put(o, "tag", json_strz(r->release ? r->release->name : NULL));
	json_put(o, "version", json_strz(v));
	json_put(o, "commit", oid_json(&r->base));
	free(v);
	return o;
}

json_t *
relrange_to_json(const struct relrange *r)
{
	json_t *o = json_object();

	if (o == NULL)
		die_oom();
	json_put(o, "ref", json_strz(r->to_name));
	json_put(o, "commit", oid_json(&r->to));
	return o;
}

json_t *
relrange_ignored_json(const struct relrange *r)
{
	return relrange_tags_ignored_json(&r->tags);
}

json_t *
relrange_tags_ignored_json(const struct reltags *rt)
{
	json_t *a = json_array(), *o;
	size_t i;

	if (a == NULL)
		die_oom();
	for (i = 0; i < rt->nignored; i++) {
		if ((o = json_object()) == NULL)
			die_oom();
		json_put(o, "tag", json_strz(rt->ignored[i].name));
		json_put(o, "reason", json_strz(rt->ignored[i].reason));
		json_push(a, o);
	}
	return a;
}

json_t *
relrange_other_prefix_json(const struct relrange *r)
{
	json_t *o;

	if (r->tags.other_prefix == NULL)
		return json_null();
	if ((o = json_object()) == NULL)
		die_oom();
	json_put(o, "prefix", json_strz(r->tags.other_prefix));
	json_put(o, "tags", json_integer((json_int_t)r->tags.nother));
	return o;
}
