/* treepaths.c: whether a commit changes what lies under some paths. */
#include <string.h>

#include "core/xalloc.h"
#include "git/treepaths.h"

/* The entry at path in tree (NULL: an empty tree): 1 with its id and
   mode, 0 when there is none, -1 on an error. */
static int
entry_at(git_tree *tree, const char *path, git_oid *id, git_filemode_t *mode)
{
	git_tree_entry *e = NULL;
	int rc;

	if (tree == NULL)
		return 0;
	if ((rc = git_tree_entry_bypath(&e, tree, path)) == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	git_oid_cpy(id, git_tree_entry_id(e));
	*mode = git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 1;
}

int
treepaths_touched(git_repository *repo, const git_oid *id,
    const char *const *paths, size_t n)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_filemode_t ma = 0, mb = 0;
	git_oid a, b;
	size_t i;
	int rc = -1, ha, hb;

	if (git_commit_lookup(&commit, repo, id) < 0 ||
	    git_commit_tree(&tree, commit) < 0)
		goto cleanup;
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0))
		goto cleanup;
	for (rc = 0, i = 0; i < n && rc == 0; i++) {
		if ((ha = entry_at(tree, paths[i], &a, &ma)) < 0 ||
		    (hb = entry_at(ptree, paths[i], &b, &mb)) < 0) {
			rc = -1;
			break;
		}
		rc = ha != hb || (ha && (ma != mb || !git_oid_equal(&a, &b)));
	}
cleanup:
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(commit);
	return rc;
}

int
treepaths_has(git_repository *repo, const git_oid *id, const char *path)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_filemode_t mode;
	git_oid entry;
	int rc = -1;

	if (git_commit_lookup(&commit, repo, id) == 0 &&
	    git_commit_tree(&tree, commit) == 0)
		rc = entry_at(tree, path, &entry, &mode);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

char *
treepaths_clean(const char *path)
{
	size_t len;

	while (path[0] == '.' && path[1] == '/')
		for (path += 2; *path == '/'; path++)
			;
	len = strlen(path);
	while (len && path[len - 1] == '/')
		len--;
	if (len == 0 || (len == 1 && path[0] == '.'))
		return NULL;
	return xstrndup(path, len);
}
