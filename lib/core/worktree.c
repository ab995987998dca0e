/* worktree.c: paths relative to the top of a work tree. */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/worktree.h"
#include "core/xalloc.h"

const char *
worktree_path(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path++;
		while (*path == '/')
			path++;
	}
	return path;
}

int
worktree_path_inside(const char *path)
{
	const char *p;

	if (path[0] == '/')
		return 0;
	for (p = path; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' ||
		    p[2] == '/'))
			return 0;
	return 1;
}

char *
worktree_from_top(const char *path)
{
	struct strbuf up = STRBUF_INIT, probe = STRBUF_INIT;
	char *dir = getcwd(NULL, 0), *slash;
	struct stat st;
	int found = 0;

	while (dir != NULL) {
		strbuf_reset(&probe);
		strbuf_addf(&probe, "%s/.git", dir);
		if ((found = stat(probe.buf, &st) == 0) ||
		    (slash = strrchr(dir, '/')) == NULL)
			break;
		*slash = '\0';
		strbuf_adds(&up, "../");
	}
	strbuf_adds(&up, path);
	free(dir);
	strbuf_release(&probe);
	if (!found) {
		strbuf_release(&up);
		return xstrdup(path);
	}
	return strbuf_detach(&up, NULL);
}
