/* relcheck_git.c: rel-check's git checks, through libgit2. */
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "git/gitremote.h"
#include "git/gitrepo.h"
#include "check/relcheck_git.h"
#include "core/strbuf.h"

#define NAMED_PATHS 5		/* paths named in a "clean" failure */

static void
check_branch(struct relcheck *rc)
{
	git_reference *head = NULL;
	char id[GIT_OID_HEXSZ + 1];
	const char *name;

	if (git_repository_head(&head, rc->repo) != 0) {
		relcheck_add(rc, "branch", "fail", "HEAD names no commit: %s",
		    gitrepo_errmsg());
		return;
	}
	if (!git_reference_is_branch(head)) {
		relcheck_add(rc, "branch", "fail", "HEAD is detached at %s, "
		    "not on '%s'", gitrepo_short_id(&rc->head, id),
		    rc->o->branch);
	} else {
		git_branch_name(&name, head);
		if (strcmp(name, rc->o->branch) == 0)
			relcheck_add(rc, "branch", "pass", "on '%s'", name);
		else
			relcheck_add(rc, "branch", "fail", "on '%s', not on the "
			    "release branch '%s'", name, rc->o->branch);
	}
	git_reference_free(head);
}

static void
check_clean(struct relcheck *rc)
{
	git_status_options so;
	git_status_list *list = NULL;
	const git_status_entry *e;
	struct strbuf names = STRBUF_INIT;
	const char *path;
	size_t i, n, dirty = 0;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, rc->repo, &so) != 0) {
		relcheck_add(rc, "clean", "fail", "cannot read the status: %s",
		    gitrepo_errmsg());
		return;
	}
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		e = git_status_byindex(list, i);
		path = e->index_to_workdir ? e->index_to_workdir->new_file.path :
		    e->head_to_index->new_file.path;
		if (strcmp(path, rc->o->changelog) == 0)
			continue;
		if (dirty++ < NAMED_PATHS)
			strbuf_addf(&names, "%s'%s'%s", names.len ? ", " : "",
			    path, e->status & GIT_STATUS_WT_NEW ?
			    " (untracked)" : "");
	}
	if (dirty > NAMED_PATHS)
		strbuf_addf(&names, " and %zu more", dirty - NAMED_PATHS);
	if (dirty)
		relcheck_add(rc, "clean", "fail", "%zu uncommitted path%s: %s",
		    dirty, dirty == 1 ? "" : "s", names.buf);
	else
		relcheck_add(rc, "clean", "pass", "nothing to commit besides "
		    "'%s'", rc->o->changelog);
	strbuf_release(&names);
	git_status_list_free(list);
}

static void
check_shallow(struct relcheck *rc)
{
	if (git_repository_is_shallow(rc->repo))
		relcheck_add(rc, "shallow", "fail", "a shallow clone: run git "
		    "fetch --unshallow");
	else
		relcheck_add(rc, "shallow", "pass", "the whole history is here");
}

/* HEAD against the remote branch at theirs. */
static void
compare_heads(struct relcheck *rc, const git_oid *theirs, const char *where)
{
	size_t ahead, behind;
	char id[GIT_OID_HEXSZ + 1];

	if (git_graph_ahead_behind(&ahead, &behind, rc->repo, &rc->head,
	    theirs) != 0)
		relcheck_add(rc, "sync", "fail", "cannot compare HEAD with "
		    "'%s': %s", where, gitrepo_errmsg());
	else if (ahead && behind)
		relcheck_add(rc, "sync", "fail", "diverged from '%s' (%zu "
		    "ahead, %zu behind): merge or rebase, then push", where,
		    ahead, behind);
	else if (ahead)
		relcheck_add(rc, "sync", "fail", "%zu commit%s ahead of '%s': "
		    "push and let CI run", ahead, ahead == 1 ? "" : "s", where);
	else if (behind)
		relcheck_add(rc, "sync", "fail", "%zu commit%s behind '%s': "
		    "pull first", behind, behind == 1 ? "" : "s", where);
	else
		relcheck_add(rc, "sync", "pass", "in sync with '%s' at %s",
		    where, gitrepo_short_id(theirs, id));
}

static void
check_sync(struct relcheck *rc, struct gitremote *gr, int listed)
{
	struct strbuf ref = STRBUF_INIT, where = STRBUF_INIT;
	git_oid tracking;
	const git_oid *theirs = NULL;

	strbuf_addf(&where, "%s/%s", rc->o->remote, rc->o->branch);
	if (!rc->have_head) {
		relcheck_add(rc, "sync", "fail", "no commit on HEAD");
	} else if (rc->o->no_fetch) {
		strbuf_addf(&ref, "refs/remotes/%s", where.buf);
		if (git_reference_name_to_id(&tracking, rc->repo, ref.buf) == 0)
			theirs = &tracking;
		strbuf_adds(&where, " (not fetched: --no-fetch)");
	} else if (listed) {
		strbuf_addf(&ref, "refs/heads/%s", rc->o->branch);
		theirs = gitremote_ref(gr, ref.buf);
	} else {
		relcheck_add(rc, "sync", "fail", "%s", gr->error.buf);
		goto cleanup;
	}
	if (rc->have_head && theirs == NULL && rc->o->no_fetch)
		relcheck_add(rc, "sync", "fail", "no remote-tracking branch "
		    "'%s/%s' (--no-fetch): fetch it first", rc->o->remote,
		    rc->o->branch);
	else if (rc->have_head && theirs == NULL)
		relcheck_add(rc, "sync", "fail", "no branch '%s' on remote "
		    "'%s': push it", rc->o->branch, rc->o->remote);
	else if (theirs)
		compare_heads(rc, theirs, where.buf);
cleanup:
	strbuf_release(&ref);
	strbuf_release(&where);
}

static void
check_tags(struct relcheck *rc, struct gitremote *gr, int listed)
{
	struct strbuf ref = STRBUF_INIT;
	git_object *obj = NULL, *commit = NULL;
	char id[GIT_OID_HEXSZ + 1];

	strbuf_addf(&ref, "refs/tags/%s", rc->tag);
	/* A tag of a tree or a blob is in the way as much as any. */
	if (git_revparse_single(&obj, rc->repo, ref.buf) == 0)
		relcheck_add(rc, "tag-local", "fail", "tag '%s' already "
		    "exists on %s", rc->tag, gitrepo_short_id(
		    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0 ?
		    git_object_id(commit) : git_object_id(obj), id));
	else
		relcheck_add(rc, "tag-local", "pass", "no tag '%s' here",
		    rc->tag);
	if (rc->o->no_fetch)
		relcheck_add(rc, "tag-remote", "skip", "--no-fetch: remote "
		    "'%s' not asked", rc->o->remote);
	else if (!listed)
		relcheck_add(rc, "tag-remote", "fail", "%s", gr->error.buf);
	else if (gitremote_ref(gr, ref.buf))
		relcheck_add(rc, "tag-remote", "fail", "tag '%s' already "
		    "exists on remote '%s'", rc->tag, rc->o->remote);
	else
		relcheck_add(rc, "tag-remote", "pass", "no tag '%s' on remote "
		    "'%s'", rc->tag, rc->o->remote);
	git_object_free(commit);
	git_object_free(obj);
	strbuf_release(&ref);
}

void
relcheck_git(struct relcheck *rc)
{
	struct gitremote gr = GITREMOTE_INIT;
	int listed = 0;

	check_branch(rc);
	check_clean(rc);
	check_shallow(rc);
	if (!rc->o->no_fetch)
		listed = gitremote_open(&gr, rc->repo, rc->o->remote) == 0 &&
		    gitremote_fetch(&gr) == 0;
	check_sync(rc, &gr, listed);
	check_tags(rc, &gr, listed);
	gitremote_close(&gr);
}
