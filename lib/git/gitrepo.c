/* gitrepo.c: opening repositories. */
#include <stdlib.h>

#include "core/diag.h"
#include "git/gitrepo.h"

const char *
gitrepo_short_id(const git_oid *oid, char buf[GIT_OID_HEXSZ + 1])
{
	return git_oid_tostr(buf, 8, oid);
}

const char *
gitrepo_errmsg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

int
gitrepo_open(git_repository **repo, const char *dir)
{
	const char *where = dir ? dir : ".", *env = getenv("GIT_DIR");
	int rc;

	*repo = NULL;
	git_libgit2_init();
	/* As git: GIT_DIR, GIT_WORK_TREE, GIT_CEILING_DIRECTORIES and the
	   like count; a directory given overrides GIT_DIR only. */
	if (dir == NULL && env && *env)
		where = env;
	rc = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_FROM_ENV,
	    NULL);
	if (rc == 0)
		return EXIT_OK;
	if (rc == GIT_ENOTFOUND) {
		errmsg("'%s' is not a git repository", where);
		return EXIT_USAGE;
	}
	errmsg("cannot open repository '%s': %s", where, gitrepo_errmsg());
	return EXIT_ENV;
}

void
gitrepo_close(git_repository *repo)
{
	git_repository_free(repo);
	git_libgit2_shutdown();
}
