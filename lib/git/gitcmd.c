/* gitcmd.c: asking git(1) itself. */
#include <stdlib.h>
#include <string.h>

#include "core/proc.h"
#include "core/strbuf.h"
#include "git/gitcmd.h"

/*
 * "git -C DIR remote ARGS...": its output without the final newline. The
 * git command, not libgit2: loading libgit2 would cost every run of
 * rel-changelog more than the whole lint of a large file.
 */
static int
git_remote(const char *dir, const char *verb, const char *name,
    struct strbuf *out)
{
	struct proc_result r = PROC_RESULT_INIT;
	char *git = proc_find_tool("git");
	const char *argv[] = { git, "-C", dir, "remote", verb, name, NULL };
	int rc = -1;

	strbuf_reset(out);
	if (git && proc_run(argv, NULL, 0, &r) == 0 && r.status == 0) {
		strbuf_add(out, r.out.buf, r.out.len);
		strbuf_rtrim(out);
		rc = 0;
	}
	proc_result_release(&r);
	free(git);
	return rc;
}

char *
gitcmd_remote_url(const char *dir)
{
	struct strbuf names = STRBUF_INIT, url = STRBUF_INIT;
	char *found = NULL;

	/* origin, or the only remote there is. */
	if (git_remote(dir, "get-url", "origin", &url) == 0 ||
	    (git_remote(dir, NULL, NULL, &names) == 0 && names.len &&
	    strchr(names.buf, '\n') == NULL &&
	    git_remote(dir, "get-url", names.buf, &url) == 0))
		found = strbuf_detach(&url, NULL);
	strbuf_release(&names);
	strbuf_release(&url);
	return found;
}
