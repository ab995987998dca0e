/*
 * readfile.h: a whole file, or standard input, into memory.
 */
#ifndef RELTOOLS_READFILE_H
#define RELTOOLS_READFILE_H

#include "core/strbuf.h"

/*
 * Append the bytes of path ("-": standard input) to sb. Returns 0, or -1
 * with errno set (sb may then hold part of the file).
 */
int readfile(const char *path, struct strbuf *sb);

/* The same from an open descriptor, read to its end and left open. */
int readfile_fd(int fd, struct strbuf *sb);

#endif
