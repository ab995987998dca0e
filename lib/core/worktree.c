/* worktree.c: paths relative to the top of a work tree. */
#include <string.h>

#include "core/worktree.h"

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
