/*
 * runcmd.h: run a program with an argument vector (never a shell) and
 * read what it writes.
 *
 *	char *const argv[] = { "git", "-C", dir, "remote", NULL };
 *	if (runcmd_capture(argv, &out) == 0) ...
 */
#ifndef RELTOOLS_RUNCMD_H
#define RELTOOLS_RUNCMD_H

#include "strbuf.h"

/*
 * Run argv[0] (searched in PATH) with stdin and stderr on /dev/null and
 * append its standard output to out. Returns its exit status, 127 when it
 * could not be started, or -1 when it could not be run at all (errno
 * set).
 */
int runcmd_capture(char *const argv[], struct strbuf *out);

#endif
