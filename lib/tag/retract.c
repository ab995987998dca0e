/* retract.c: take a release back: GitHub release, remote tag, local tag. */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "forge/ghrelease.h"
#include "git/gitremote.h"
#include "git/gitrepo.h"
#include "release/relversion.h"
#include "tag/reltag.h"

struct retract {
	const struct reltag_opts *o;
	struct reltag_result *res;
	git_repository *repo;
	int opened;		/* gitrepo_open() was called */
	char *tag;
	char *tagref;
	int have_local;
	git_oid local;		/* the local tag's object */
	const git_oid *remote;	/* the remote's, in gr */
	struct gitremote gr;
	struct gh_repo_api gh;
	int on_github;
};

/* Is the object id (a tag) on the commit rel-tag made for it? */
static int
check_release_commit(struct retract *rr, const git_oid *id, const char *where)
{
	git_object *obj = NULL, *peeled = NULL;
	char want[1024], hex[GIT_OID_HEXSZ + 1];
	const char *msg;
	int rc = EXIT_OK;

	if (git_object_lookup(&obj, rr->repo, id, GIT_OBJECT_ANY) != 0) {
		errmsg("tag '%s' on %s is %s, which is not here: fetch it "
		    "(git fetch %s tag %s) and run again", rr->tag, where,
		    gitrepo_short_id(id, hex), rr->o->remote, rr->tag);
		return EXIT_NO;
	}
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0) {
		errmsg("tag '%s' on %s names no commit: rel-tag did not make "
		    "it; delete it by hand if you mean to", rr->tag, where);
		rc = EXIT_NO;
		goto cleanup;
	}
	snprintf(want, sizeof(want), "release: %s", rr->tag);
	msg = git_commit_message((git_commit *)peeled);
	if (git_object_type(obj) != GIT_OBJECT_TAG ||
	    strncmp(msg, want, strlen(want)) != 0 ||
	    (msg[strlen(want)] != '\0' && msg[strlen(want)] != '\n')) {
		errmsg("tag '%s' on %s is on %s, not on the release commit "
		    "rel-tag makes for it ('%s'): rel-tag --retract takes back "
		    "only its own releases; delete the tag by hand if you mean "
		    "to", rr->tag, where,
		    gitrepo_short_id(git_object_id(peeled), hex), want);
		rc = EXIT_NO;
	}
cleanup:
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

static int
prepare(struct retract *rr)
{
	struct semver v = SEMVER_INIT;
	git_reference *ref = NULL;
	enum gh_repo_status st;
	char *url;
	int rc;

	if (relversion_parse(&v, rr->o->version, rr->o->tag_prefix) != 0) {
		errmsg("'%s' is not a SemVer version " RELVERSION_HINT,
		    rr->o->version);
		return EXIT_USAGE;
	}
	rr->res->version = semver_format(&v);
	rr->tag = relversion_tag(rr->o->tag_prefix, &v);
	semver_free(&v);
	rr->tagref = xstrfmt("refs/tags/%s", rr->tag);
	rr->opened = 1;
	if ((rc = gitrepo_open(&rr->repo, rr->o->dir)) != EXIT_OK)
		return rc;
	if (git_reference_is_valid_name(rr->tagref) != 1) {
		errmsg("'%s' is not a valid tag name", rr->tag);
		return EXIT_USAGE;
	}
	if (git_reference_lookup(&ref, rr->repo, rr->tagref) == 0 &&
	    git_reference_target(ref)) {
		rr->have_local = 1;
		git_oid_cpy(&rr->local, git_reference_target(ref));
	}
	git_reference_free(ref);
	if (rr->have_local && (rc = check_release_commit(rr, &rr->local,
	    "this repository")))
		return rc;
	if (gitremote_open(&rr->gr, rr->repo, rr->o->remote) != 0 ||
	    gitremote_list(&rr->gr) != 0) {
		errmsg("%s", rr->gr.error.buf);
		return EXIT_ENV;
	}
	rr->remote = gitremote_ref(&rr->gr, rr->tagref);
	if (rr->remote && rr->have_local &&
	    !git_oid_equal(rr->remote, &rr->local)) {
		char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

		errmsg("tag '%s' on remote '%s' is %s, not the local tag %s: "
		    "it is not this release; nothing deleted", rr->tag,
		    rr->o->remote, gitrepo_short_id(rr->remote, a),
		    gitrepo_short_id(&rr->local, b));
		return EXIT_NO;
	}
	if (rr->remote && !rr->have_local &&
	    (rc = check_release_commit(rr, rr->remote, "the remote")))
		return rc;
	url = gitremote_config_url(rr->repo, rr->o->remote);
	st = gh_repo_api_open(&rr->gh, url);
	free(url);
	if (st == GH_REPO_BAD_TIMEOUT) {
		errmsg("%s", rr->gh.error);
		return EXIT_USAGE;
	}
	rr->on_github = st == GH_REPO_OK;
	if (!rr->on_github)
		progress("remote '%s' is not on GitHub (or GITHUB_API_URL's "
		    "host): no GitHub release to delete", rr->o->remote);
	return EXIT_OK;
}

static void
did(struct retract *rr, const char *what, int done)
{
	reltag_list_add(done ? &rr->res->retracted : &rr->res->done, what);
}

static void
plan(struct retract *rr, const char *step)
{
	if (rr->o->dry_run)
		progress("would %s", step);
	reltag_list_add(&rr->res->plan, step);
}

static int
delete_release(struct retract *rr)
{
	struct gh_release rel;
	char *error = NULL, *what;
	int found;

	memset(&rel, 0, sizeof(rel));
	if ((found = gh_release_find(&rr->gh.api, rr->tag, &rel,
	    &error)) < 0) {
		errmsg("%s", error);
		free(error);
		return EXIT_ENV;
	}
	if (!found) {
		did(rr, "release", 0);
		return EXIT_OK;
	}
	what = xstrfmt("delete the GitHub release '%s'%s (id %lld) and its "
	    "assets", rr->tag, rel.draft ? " (draft)" : "", rel.id);
	plan(rr, what);
	free(what);
	if (!rr->o->dry_run) {
		if (gh_release_delete(&rr->gh.api, rel.id, &error) != 0) {
			errmsg("%s", error);
			free(error);
			gh_release_free(&rel);
			return EXIT_ENV;
		}
		progress("deleted the GitHub release '%s'", rr->tag);
		did(rr, "release", 1);
	}
	gh_release_free(&rel);
	return EXIT_OK;
}

static int
delete_remote_tag(struct retract *rr)
{
	struct strbuf spec = STRBUF_INIT, step = STRBUF_INIT;
	const char *specs[1];
	int rc = EXIT_OK;

	if (rr->remote == NULL) {
		did(rr, "remote tag", 0);
		return EXIT_OK;
	}
	strbuf_addf(&step, "delete '%s' on remote '%s'", rr->tagref,
	    rr->o->remote);
	plan(rr, step.buf);
	if (rr->o->dry_run)
		goto cleanup;
	strbuf_addf(&spec, ":%s", rr->tagref);
	specs[0] = spec.buf;
	if (gitremote_push(&rr->gr, specs, 1) != 0 ||
	    gitremote_list(&rr->gr) != 0) {
		errmsg("%s", rr->gr.error.buf);
		rc = EXIT_ENV;
		goto cleanup;
	}
	if (gitremote_ref(&rr->gr, rr->tagref)) {
		errmsg("remote '%s' still shows '%s' after its deletion",
		    rr->o->remote, rr->tagref);
		rc = EXIT_ENV;
		goto cleanup;
	}
	progress("deleted '%s' on remote '%s'", rr->tagref, rr->o->remote);
	did(rr, "remote tag", 1);
cleanup:
	strbuf_release(&spec);
	strbuf_release(&step);
	return rc;
}

static int
delete_local_tag(struct retract *rr)
{
	struct strbuf step = STRBUF_INIT;

	if (!rr->have_local) {
		did(rr, "local tag", 0);
		return EXIT_OK;
	}
	strbuf_addf(&step, "delete the local tag '%s'", rr->tag);
	plan(rr, step.buf);
	strbuf_release(&step);
	if (rr->o->dry_run)
		return EXIT_OK;
	if (git_tag_delete(rr->repo, rr->tag) != 0) {
		errmsg("cannot delete the local tag '%s': %s", rr->tag,
		    gitrepo_errmsg());
		return EXIT_ENV;
	}
	progress("deleted the local tag '%s'", rr->tag);
	did(rr, "local tag", 1);
	return EXIT_OK;
}

int
reltag_retract(const struct reltag_opts *opts, struct reltag_result *res)
{
	struct retract rr;
	int rc;

	memset(&rr, 0, sizeof(rr));
	strbuf_init(&rr.gr.error);
	rr.o = opts;
	rr.res = res;
	if ((rc = prepare(&rr)) != EXIT_OK)
		goto cleanup;
	if (rr.on_github) {
		if ((rc = delete_release(&rr)) != EXIT_OK)
			goto cleanup;
	}
	if ((rc = delete_remote_tag(&rr)) != EXIT_OK ||
	    (rc = delete_local_tag(&rr)) != EXIT_OK)
		goto cleanup;
	res->tag = rr.tag;
	rr.tag = NULL;
cleanup:
	gitremote_close(&rr.gr);
	gh_repo_api_close(&rr.gh);
	free(rr.tag);
	free(rr.tagref);
	if (rr.opened)
		gitrepo_close(rr.repo);
	return rc;
}
