/*
 * atomicfile.h: replacing a file so that readers see the old bytes or the
 * new ones, never a mixture, and a crash loses neither.
 *
 *	if (atomicfile_replace("CHANGELOG.md", buf, len) != 0)
 *		errmsg("cannot write '%s': %s", path, strerror(errno));
 *
 * The new bytes go to a temporary file in the same directory, which gets
 * the mode of the file it replaces (0666 less the umask for a new file),
 * is fsync'd and renamed over the target; then the directory is fsync'd.
 * A symbolic link is followed: its target is replaced, the link stays.
 * A file that is not writable (or has no write permission bit at all, as
 * seen by root) is refused with EACCES, as a plain write would be.
 */
#ifndef RELTOOLS_ATOMICFILE_H
#define RELTOOLS_ATOMICFILE_H

#include <stddef.h>

/* Returns 0, or -1 with errno set; on failure path is untouched. */
int atomicfile_replace(const char *path, const void *data, size_t len);

/*
 * The same, the new bytes written by fill(fd, arg), which returns 0, or
 * -1 with errno set.
 */
int atomicfile_replace_with(const char *path, int (*fill)(int fd, void *arg),
    void *arg);

#endif
