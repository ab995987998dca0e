/* reltag.c: release commit, annotated tag and push, resumable. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "core/worktree.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "git/gitremote.h"
#include "git/gitrepo.h"
#include "core/proc.h"
#include "tag/reltag.h"
#include "release/reltags.h"
#include "tag/tagforge.h"
#include "tag/tagmsg.h"
#include "release/relversion.h"
#include "core/strbuf.h"

/* One run of rel-tag: what it found, planned and did. */
struct tagrun {
	const struct reltag_opts *o;
	git_repository *repo;
	int opened;		/* gitrepo_open() was called */
	git_signature *sig;
	char *version;		/* "1.2.0" */
	char *tag;		/* "v1.2.0" */
	char *tagref;		/* "refs/tags/v1.2.0" */
	char *branchref;	/* "refs/heads/main" */
	git_oid head;
	git_oid commit;		/* what the tag names (HEAD until committed) */
	int files_changed;
	int have_tag;
	git_oid tag_object;
	char *notes;		/* the tag message (tagmsg.h) */
	struct gitremote gr;
	int push_branch;	/* the remote lacks it */
	int push_tag;
	int prerelease;		/* the version has a pre-release part */
	struct gh_repo_api gh;	/* with publish */
	struct publish_opts po;
	struct publish pb;
	struct reltag_result *res;
};

static int
git_failed(const char *what)
{
	errmsg("%s: %s", what, gitrepo_errmsg());
	return EXIT_ENV;
}

/* HEAD must be a branch with a commit. */
static int
read_head(struct tagrun *rt)
{
	git_reference *head = NULL;
	int rc;

	rc = git_repository_head(&head, rt->repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		errmsg("the repository has no commit to release yet");
		return EXIT_USAGE;
	}
	if (rc != 0)
		return git_failed("cannot read HEAD");
	if (!git_reference_is_branch(head)) {
		git_reference_free(head);
		errmsg("HEAD is detached: check out the release branch first");
		return EXIT_USAGE;
	}
	rt->branchref = xstrdup(git_reference_name(head));
	git_oid_cpy(&rt->head, git_reference_target(head));
	git_oid_cpy(&rt->commit, &rt->head);
	git_reference_free(head);
	return EXIT_OK;
}

/* Does any release file differ from HEAD (in the index or on disk)? */
static int
check_files(struct tagrun *rt)
{
	unsigned int flags;
	size_t i;
	int rc;

	for (i = 0; i < rt->o->nfiles; i++) {
		const char *f = rt->o->files[i];

		if (!worktree_path_inside(f)) {
			errmsg("release file '%s' is not a path inside the work "
			    "tree, relative to its top", f);
			return EXIT_USAGE;
		}
		rc = git_status_file(&flags, rt->repo, f);
		if (rc == GIT_EAMBIGUOUS) {
			errmsg("release file '%s' is not a file", f);
			return EXIT_USAGE;
		}
		if (rc == GIT_ENOTFOUND || (rc == 0 &&
		    (flags & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED)))) {
			errmsg("release file '%s' does not exist", f);
			return EXIT_USAGE;
		}
		if (rc != 0) {
			errmsg("cannot read the status of '%s': %s", f,
			    gitrepo_errmsg());
			return EXIT_ENV;
		}
		if (flags & GIT_STATUS_IGNORED) {
			errmsg("release file '%s' is ignored by git", f);
			return EXIT_USAGE;
		}
		if (flags != GIT_STATUS_CURRENT)
			rt->files_changed = 1;
	}
	return EXIT_OK;
}

/* An existing local tag must be annotated and on the commit we release. */
static int
check_local_tag(struct tagrun *rt)
{
	git_reference *ref = NULL;
	git_object *obj = NULL, *peeled = NULL;
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	int rc = EXIT_OK;

	if (git_reference_lookup(&ref, rt->repo, rt->tagref) != 0)
		return EXIT_OK;
	if (git_reference_target(ref) == NULL ||
	    git_object_lookup(&obj, rt->repo, git_reference_target(ref),
	    GIT_OBJECT_ANY) != 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0) {
		rc = git_failed("cannot read the existing tag");
		goto cleanup;
	}
	if (git_object_type(obj) != GIT_OBJECT_TAG) {
		errmsg("tag '%s' exists on %s but is not annotated: delete it "
		    "(git tag -d %s) and run again", rt->tag,
		    gitrepo_short_id(git_object_id(peeled), a), rt->tag);
		rc = EXIT_NO;
		goto cleanup;
	}
	if (rt->files_changed || !git_oid_equal(git_object_id(peeled),
	    &rt->head)) {
		errmsg("tag '%s' already exists on %s, not on %s%s", rt->tag,
		    gitrepo_short_id(git_object_id(peeled), a),
		    rt->files_changed ? "the release commit to be made from "
		    "HEAD " : "HEAD ", gitrepo_short_id(&rt->head, b));
		rc = EXIT_NO;
		goto cleanup;
	}
	rt->have_tag = 1;
	git_oid_cpy(&rt->tag_object, git_object_id(obj));
cleanup:
	git_object_free(peeled);
	git_object_free(obj);
	git_reference_free(ref);
	return rc;
}

static int
config_true(git_config *cfg, const char *key)
{
	int v;

	return git_config_get_bool(&v, cfg, key) == 0 && v;
}

/*
 * libgit2 does not sign. Where git would sign the commit or the tag to
 * make, refuse rather than make it unsigned behind the user's back; a
 * commit or tag made and signed with git is then taken as done.
 */
static int
check_signing(struct tagrun *rt)
{
	git_config *cfg = NULL;
	int rc = EXIT_OK;

	if (git_repository_config_snapshot(&cfg, rt->repo) != 0)
		return git_failed("cannot read the git configuration");
	if (rt->files_changed && config_true(cfg, "commit.gpgsign")) {
		errmsg("commit.gpgSign is set and rel-tag cannot sign: commit "
		    "the release files with git commit -S -m 'release: %s', "
		    "then run rel-tag again", rt->tag);
		rc = EXIT_ENV;
	} else if (!rt->have_tag && (config_true(cfg, "tag.gpgsign") ||
	    config_true(cfg, "tag.forcesignannotated"))) {
		errmsg("tag.gpgSign is set and rel-tag cannot sign: tag with "
		    "git tag -s %s (the notes from rel-changelog notes), then "
		    "run rel-tag again", rt->tag);
		rc = EXIT_ENV;
	}
	git_config_free(cfg);
	return rc;
}

/* The release notes of the version, from rel-changelog. */
static int
read_notes(struct tagrun *rt)
{
	struct proc_result res = PROC_RESULT_INIT;
	struct strbuf path = STRBUF_INIT;
	const char *args[] = { "notes", "-r", rt->version, "--tag-prefix",
		rt->o->tag_prefix, NULL, NULL };
	char *error = NULL;
	int rc = EXIT_ENV;

	if (rt->o->notes)
		strbuf_adds(&path, rt->o->notes);
	else
		strbuf_addf(&path, "%s%s", git_repository_workdir(rt->repo),
		    rt->o->files[0]);
	args[5] = path.buf;
	if (proc_run_tool("rel-changelog", args, NULL, 0, &res,
	    &error) != 0) {
		errmsg("%s", error);
		goto cleanup;
	}
	if (res.status != 0) {
		errmsg("no release notes for '%s' in '%s': %s", rt->version,
		    rt->o->notes ? rt->o->notes : rt->o->files[0],
		    proc_first_error(&res));
		rc = res.status == EXIT_ENV ? EXIT_ENV : EXIT_USAGE;
		goto cleanup;
	}
	rt->notes = tagmsg_make(rt->tag, res.out.buf, res.out.len);
	rc = EXIT_OK;
cleanup:
	proc_result_release(&res);
	strbuf_release(&path);
	free(error);
	return rc;
}

/* Which refs does the remote lack? A different tag there is an error. */
static int
check_remote(struct tagrun *rt)
{
	const git_oid *branch, *tag;
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

	if (gitremote_open(&rt->gr, rt->repo, rt->o->remote) != 0 ||
	    gitremote_list(&rt->gr) != 0 ||
	    gitremote_check_push_path(&rt->gr) != 0) {
		errmsg("%s", rt->gr.error.buf);
		return EXIT_ENV;
	}
	branch = gitremote_ref(&rt->gr, rt->branchref);
	tag = gitremote_ref(&rt->gr, rt->tagref);
	if (tag && !(rt->have_tag && git_oid_equal(tag, &rt->tag_object))) {
		if (rt->have_tag)
			errmsg("tag '%s' on remote '%s' is %s, not the local "
			    "tag %s", rt->tag, rt->o->remote,
			    gitrepo_short_id(tag, a),
			    gitrepo_short_id(&rt->tag_object, b));
		else
			errmsg("tag '%s' already exists on remote '%s' (%s)",
			    rt->tag, rt->o->remote, gitrepo_short_id(tag, a));
		return EXIT_NO;
	}
	/* A push that cannot fast-forward would fail after the commit and
	 * the tag: find out now, while nothing is changed. */
	if (branch && !git_oid_equal(branch, &rt->head) &&
	    git_graph_descendant_of(rt->repo, &rt->head, branch) != 1) {
		errmsg("'%s' on remote '%s' has commits that are not here "
		    "(%s): pull first", rt->branchref, rt->o->remote,
		    gitrepo_short_id(branch, a));
		return EXIT_NO;
	}
	rt->push_tag = tag == NULL;
	rt->push_branch = rt->files_changed || branch == NULL ||
	    !git_oid_equal(branch, &rt->head);
	return EXIT_OK;
}

static int
signature(struct tagrun *rt)
{
	int rc = git_signature_default(&rt->sig, rt->repo);

	if (rc == GIT_ENOTFOUND) {
		errmsg("user.name and user.email are not set: run git config "
		    "user.name 'Your Name' and git config user.email "
		    "'you@example.org'");
		return EXIT_ENV;
	}
	return rc ? git_failed("cannot read the committer from git config") :
	    EXIT_OK;
}

void
reltag_list_add(struct reltag_list *l, const char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = xstrdup(s);
}

static void
note_done(struct tagrun *rt, const char *step)
{
	reltag_list_add(&rt->res->done, step);
}

static void
plan(struct tagrun *rt, const char *fmt, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, fmt, arg);
	if (rt->o->dry_run)
		progress("would %s", sb.buf);
	reltag_list_add(&rt->res->plan, sb.buf);
	strbuf_release(&sb);
}

/*
 * Can the tag's ref be a file here? git writes refs/tags/NAME.lock, then
 * renames it: a name the file system cannot hold would fail after the
 * release commit was made, and again at every run.
 */
static int
check_ref_path(struct tagrun *rt)
{
	const char *dir = git_repository_commondir(rt->repo), *p, *slash;
	long name_max = pathconf(dir, _PC_NAME_MAX);
	size_t len;

	if (name_max <= 0)
		name_max = NAME_MAX;
	for (p = rt->tagref; *p; p = slash + 1) {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		/* the last part gets ".lock" while it is written */
		if (len + (slash ? 0 : strlen(".lock")) > (size_t)name_max) {
			errmsg("tag '%.40s...' is too long for a ref: each part "
			    "of its name may have %ld bytes at most (%zu here)",
			    rt->tag, name_max - (long)strlen(".lock"), len);
			return EXIT_USAGE;
		}
		if (slash == NULL)
			break;
	}
	if (strlen(dir) + strlen(rt->tagref) + strlen(".lock") >= PATH_MAX) {
		errmsg("tag '%.40s...' is too long for a ref: its path would "
		    "exceed %d bytes", rt->tag, PATH_MAX);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The project's tags are under another prefix: say so (reltags.h). */
static int
warn_other_prefix(struct tagrun *rt)
{
	struct strbuf hint = STRBUF_INIT;
	char *other = NULL;
	size_t n;

	if (reltags_other_prefix(rt->repo, rt->o->tag_prefix, &other,
	    &n) != 0)
		return git_failed("cannot read the tags");
	if (other != NULL) {
		reltags_other_prefix_hint(&hint, rt->o->tag_prefix, other, n);
		warnmsg("%s", hint.buf);
	}
	strbuf_release(&hint);
	free(other);
	return EXIT_OK;
}

/* The GitHub repository and the assets, checked before any change. */
static int
prepare_publish(struct tagrun *rt)
{
	int rc;

	rt->po.tag = rt->tag;
	rt->po.title = rt->o->title;
	rt->po.prerelease = rt->prerelease;
	rt->po.draft = rt->o->draft;
	rt->po.files = rt->o->assets;
	rt->po.nfiles = rt->o->nassets;
	rt->po.dry_run = rt->o->dry_run;
	publish_init(&rt->pb, &rt->po);
	if ((rc = tagforge_open(&rt->gh, rt->repo, rt->o->remote,
	    "publish the release")) != EXIT_OK)
		return rc;
	return publish_check_assets(&rt->pb);
}

static void
publish_step(void *arg, const char *step)
{
	struct tagrun *rt = arg;

	reltag_list_add(&rt->res->plan, step);
}

/* The GitHub release, its notes those the tag carries. */
static int
publish(struct tagrun *rt)
{
	char *body = NULL;
	int rc;

	if (rt->notes)
		body = tagmsg_notes(rt->notes);
	else if (rt->have_tag || !rt->o->dry_run)
		body = tagforge_notes(rt->repo, &rt->tag_object);
	if (body == NULL && !rt->o->dry_run)
		return git_failed("cannot read the message of the tag");
	rc = publish_run(&rt->pb, &rt->gh.api, body, publish_step, rt);
	free(body);
	if (rc == EXIT_OK) {
		rt->res->release = rt->pb.res;
		rt->res->published = 1;
		memset(&rt->pb.res, 0, sizeof(rt->pb.res));
	}
	return rc;
}

static int
prepare(struct tagrun *rt)
{
	struct semver v = SEMVER_INIT;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (relversion_parse(&v, rt->o->version, rt->o->tag_prefix) != 0) {
		errmsg("'%s' is not a SemVer version " RELVERSION_HINT,
		    rt->o->version);
		return EXIT_USAGE;
	}
	rt->version = semver_format(&v);
	rt->prerelease = v.pre != NULL;
	rt->tag = relversion_tag(rt->o->tag_prefix, &v);
	semver_free(&v);
	strbuf_addf(&sb, "refs/tags/%s", rt->tag);
	rt->tagref = strbuf_detach(&sb, NULL);
	rt->opened = 1;
	if ((rc = gitrepo_open(&rt->repo, rt->o->dir)) != EXIT_OK)
		return rc;
	if (git_reference_is_valid_name(rt->tagref) != 1) {
		errmsg("'%s' is not a valid tag name", rt->tag);
		return EXIT_USAGE;
	}
	if ((rc = check_ref_path(rt)) != EXIT_OK)
		return rc;
	if (git_repository_is_bare(rt->repo)) {
		errmsg("the repository is bare: run rel-tag in a checkout");
		return EXIT_USAGE;
	}
	if ((rc = warn_other_prefix(rt)) != EXIT_OK)
		return rc;
	if ((rc = read_head(rt)) || (rc = check_files(rt)) ||
	    (rc = check_local_tag(rt)) || (rc = check_signing(rt)))
		return rc;
	if (rt->o->publish && (rc = prepare_publish(rt)))
		return rc;
	if (rt->o->push && (rc = check_remote(rt)))
		return rc;
	if (!rt->have_tag && (rc = read_notes(rt)))
		return rc;
	if ((rt->files_changed || !rt->have_tag) && (rc = signature(rt)))
		return rc;
	return EXIT_OK;
}

/*
 * The tree of the release commit: HEAD's tree with the release files as
 * staged in idx, and nothing else that idx holds (git commit -- PATHS).
 */
static int
release_tree(struct tagrun *rt, git_index *idx, git_commit *parent,
    git_oid *tree_id)
{
	git_index *only = NULL;
	git_tree *head_tree = NULL;
	const git_index_entry *e;
	size_t i;
	int rc = -1;

	if (git_index_new(&only) != 0 ||
	    git_commit_tree(&head_tree, parent) != 0 ||
	    git_index_read_tree(only, head_tree) != 0)
		goto cleanup;
	for (i = 0; i < rt->o->nfiles; i++)
		if ((e = git_index_get_bypath(idx, rt->o->files[i], 0)) ==
		    NULL || git_index_add(only, e) != 0)
			goto cleanup;
	rc = git_index_write_tree_to(tree_id, only, rt->repo);
cleanup:
	git_tree_free(head_tree);
	git_index_free(only);
	return rc;
}

static int
make_commit(struct tagrun *rt)
{
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_id;
	struct strbuf msg = STRBUF_INIT;
	char id[GIT_OID_HEXSZ + 1];
	size_t i;
	int rc = EXIT_ENV;

	if (git_repository_index(&idx, rt->repo) != 0)
		goto fail;
	for (i = 0; i < rt->o->nfiles; i++)
		if (git_index_add_bypath(idx, rt->o->files[i]) != 0)
			goto fail;
	strbuf_addf(&msg, "release: %s\n", rt->tag);
	if (git_index_write(idx) != 0 ||
	    git_commit_lookup(&parent, rt->repo, &rt->head) != 0 ||
	    release_tree(rt, idx, parent, &tree_id) != 0 ||
	    git_tree_lookup(&tree, rt->repo, &tree_id) != 0 ||
	    git_commit_create(&rt->commit, rt->repo, "HEAD", rt->sig, rt->sig,
	    NULL, msg.buf, tree, 1, (const git_commit **)&parent) != 0)
		goto fail;
	progress("committed %s 'release: %s'",
	    gitrepo_short_id(&rt->commit, id), rt->tag);
	rc = EXIT_OK;
	goto cleanup;
fail:
	rc = git_failed("cannot commit the release files");
cleanup:
	strbuf_release(&msg);
	git_commit_free(parent);
	git_tree_free(tree);
	git_index_free(idx);
	return rc;
}

static int
make_tag(struct tagrun *rt)
{
	git_object *target = NULL;
	char id[GIT_OID_HEXSZ + 1];
	int rc = EXIT_OK;

	if (git_object_lookup(&target, rt->repo, &rt->commit,
	    GIT_OBJECT_COMMIT) != 0 ||
	    git_tag_create(&rt->tag_object, rt->repo, rt->tag, target,
	    rt->sig, rt->notes, 0) != 0)
		rc = git_failed("cannot create the tag");
	else
		progress("tagged '%s' on %s", rt->tag,
		    gitrepo_short_id(&rt->commit, id));
	git_object_free(target);
	return rc;
}

/* Push what the remote lacks, then read its refs back. */
static int
push(struct tagrun *rt)
{
	const char *specs[2];
	struct strbuf b = STRBUF_INIT, t = STRBUF_INIT;
	const git_oid *branch, *tag;
	size_t n = 0;
	int rc = EXIT_ENV;

	strbuf_addf(&b, "%s:%s", rt->branchref, rt->branchref);
	strbuf_addf(&t, "%s:%s", rt->tagref, rt->tagref);
	if (rt->push_branch)
		specs[n++] = b.buf;
	if (rt->push_tag)
		specs[n++] = t.buf;
	if (n && gitremote_push(&rt->gr, specs, n) != 0) {
		errmsg("%s", rt->gr.error.buf);
		goto cleanup;
	}
	if (gitremote_list(&rt->gr) != 0) {
		errmsg("%s", rt->gr.error.buf);
		goto cleanup;
	}
	branch = gitremote_ref(&rt->gr, rt->branchref);
	tag = gitremote_ref(&rt->gr, rt->tagref);
	if (!branch || !git_oid_equal(branch, &rt->commit) || !tag ||
	    !git_oid_equal(tag, &rt->tag_object)) {
		errmsg("remote '%s' does not show '%s' and '%s' as pushed",
		    rt->o->remote, rt->branchref, rt->tagref);
		goto cleanup;
	}
	if (rt->push_branch)
		reltag_list_add(&rt->res->pushed, rt->branchref);
	if (rt->push_tag)
		reltag_list_add(&rt->res->pushed, rt->tagref);
	if (n)
		progress("pushed %s%s%s to '%s'", rt->push_branch ?
		    rt->branchref : "", n == 2 ? " and " : "", rt->push_tag ?
		    rt->tagref : "", rt->o->remote);
	rc = EXIT_OK;
cleanup:
	strbuf_release(&b);
	strbuf_release(&t);
	return rc;
}

static void
plan_or_done(struct tagrun *rt)
{
	struct strbuf sb = STRBUF_INIT;

	if (rt->files_changed)
		plan(rt, "commit the release files as 'release: %s'", rt->tag);
	else
		note_done(rt, "commit");
	if (!rt->have_tag)
		plan(rt, "create the annotated tag '%s' with the release "
		    "notes", rt->tag);
	else
		note_done(rt, "tag");
	if (!rt->o->push)
		return;
	strbuf_addf(&sb, "push %s", rt->branchref);
	if (rt->push_branch)
		plan(rt, "push '%s'", rt->branchref);
	else
		note_done(rt, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "push %s", rt->tagref);
	if (rt->push_tag)
		plan(rt, "push '%s'", rt->tagref);
	else
		note_done(rt, sb.buf);
	strbuf_release(&sb);
}

/* What the run did, into its result. */
static void
result(struct tagrun *rt)
{
	struct reltag_result *res = rt->res;

	if (!(rt->o->dry_run && rt->files_changed))
		git_oid_tostr(res->commit, sizeof(res->commit), &rt->commit);
	if (rt->have_tag || !rt->o->dry_run)
		git_oid_tostr(res->tag_object, sizeof(res->tag_object),
		    &rt->tag_object);
	res->version = rt->version;
	res->tag = rt->tag;
	rt->version = rt->tag = NULL;
}

static void
list_free(struct reltag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
reltag_result_free(struct reltag_result *res)
{
	free(res->version);
	free(res->tag);
	list_free(&res->pushed);
	list_free(&res->done);
	list_free(&res->plan);
	list_free(&res->retracted);
	publish_result_free(&res->release);
	memset(res, 0, sizeof(*res));
}

int
reltag_run(const struct reltag_opts *opts, struct reltag_result *res)
{
	struct tagrun rt;
	int rc;

	memset(&rt, 0, sizeof(rt));
	strbuf_init(&rt.gr.error);
	rt.o = opts;
	rt.res = res;
	if ((rc = prepare(&rt)) != EXIT_OK)
		goto cleanup;
	plan_or_done(&rt);
	if (!opts->dry_run &&
	    ((rt.files_changed && (rc = make_commit(&rt))) ||
	    (!rt.have_tag && (rc = make_tag(&rt))) ||
	    (opts->push && (rc = push(&rt)))))
		goto cleanup;
	if (opts->publish && (rc = publish(&rt)))
		goto cleanup;
	/* --publish tells its own steps, done already or not. */
	if (!opts->dry_run && !opts->publish && res->plan.n == 0)
		progress("'%s' is released already%s: nothing to do", rt.tag,
		    opts->push ? " and on the remote" : "");
	result(&rt);
cleanup:
	gitremote_close(&rt.gr);
	git_signature_free(rt.sig);
	free(rt.version);
	free(rt.tag);
	free(rt.tagref);
	free(rt.branchref);
	free(rt.notes);
	publish_free(&rt.pb);
	gh_repo_api_close(&rt.gh);
	if (rt.opened)
		gitrepo_close(rt.repo);
	return rc;
}
