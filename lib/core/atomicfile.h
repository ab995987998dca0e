/*
 * atomicfile.h: replacing a file so that readers see the old bytes or the
 * new ones, never a mixture, a crash loses neither, and a change made by
 * someone else meanwhile is never overwritten.
 *
 *	struct atomicfile af = ATOMICFILE_INIT;
 *	if (atomicfile_lock(&af, path) != 0)	// before reading it
 *		...errno: EWOULDBLOCK another rewrite runs, EACCES...
 *	...read path, compute the new bytes...
 *	if (atomicfile_prepare(&af, fill, arg) != 0 ||
 *	    atomicfile_commit(&af) != 0)
 *		...errno: ESTALE the file changed since the lock...
 *	atomicfile_release(&af);
 *
 * The lock is an flock(2) on the file (on its directory while the file
 * does not exist), taken without waiting: every tool that rewrites a file
 * takes it, so two rewrites never overlap. A writer that takes no lock
 * (an editor, "echo >>") is caught by the check that commit makes just
 * before the rename: the file must still be the one locked (device,
 * inode, size, modification and change times), else nothing is changed.
 *
 * The new bytes go to an unnamed temporary file in the same directory
 * (O_TMPFILE), so a process killed before the rename leaves nothing; it
 * is given a name (".NAME.XXXXXX") only for the rename. Where the file
 * system has no O_TMPFILE, a named one is used, and such names left by a
 * killed run are removed by the next one that holds the lock. The new
 * file gets the mode, owner and group of the one it replaces (owner and
 * group where permitted: as root), is fsync'd and renamed over the target;
 * then the directory is fsync'd.
 * A symbolic link is followed: its target is replaced, the link stays.
 * A file that is not writable (or has no write permission bit at all, as
 * seen by root) is refused with EACCES, as a plain write would be.
 */
#ifndef RELTOOLS_ATOMICFILE_H
#define RELTOOLS_ATOMICFILE_H

#include <stddef.h>
#include <sys/stat.h>

struct atomicfile {
	char *target;		/* the file replaced (a link's target) */
	int lockfd;		/* the locked file, or its directory */
	int dirfd;
	int tmpfd;		/* the new bytes, prepared */
	char *tmpname;		/* its name, without O_TMPFILE */
	int exists;		/* target existed when locked */
	struct stat st;		/* target as locked */
};

#define ATOMICFILE_INIT { NULL, -1, -1, -1, NULL, 0, { 0 } }

/*
 * Lock path for a rewrite and note what it is; call it before reading the
 * file. Returns 0, or -1 with errno set: EWOULDBLOCK when another process
 * holds the lock, EACCES when the file may not be written.
 */
int atomicfile_lock(struct atomicfile *af, const char *path);

/* Write the new bytes, by fill(fd, arg) (0, or -1 with errno set), to
 * the temporary file, durably. 0, or -1 with errno set. */
int atomicfile_prepare(struct atomicfile *af, int (*fill)(int fd, void *arg),
    void *arg);

/*
 * Replace the file with the prepared bytes. 0, or -1 with errno set and
 * the file untouched: ESTALE when it is no longer the file locked (it was
 * changed, replaced, created or removed meanwhile).
 */
int atomicfile_commit(struct atomicfile *af);

/* Drop the lock and any temporary file not committed. */
void atomicfile_release(struct atomicfile *af);

/* All of the above at once. Returns 0, or -1 with errno set; on failure
 * path is untouched. */
int atomicfile_replace(const char *path, const void *data, size_t len);

/* The same, the new bytes written by fill(fd, arg). */
int atomicfile_replace_with(const char *path, int (*fill)(int fd, void *arg),
    void *arg);

#endif
