/* atomicfile.c: lock, write an unnamed temporary file, check, rename. */
#define _GNU_SOURCE	/* O_TMPFILE, AT_EMPTY_PATH */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/xalloc.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define TMP_SUFFIX 6	/* ".NAME.XXXXXX" */

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static const char *
base_name(const char *target)
{
	const char *slash = strrchr(target, '/');

	return slash ? slash + 1 : target;
}

/* Is name ".BASE.XXXXXX", a temporary file of ours for base? */
static int
is_our_tmp(const char *name, const char *base)
{
	size_t blen = strlen(base), i;

	if (name[0] != '.' || strncmp(name + 1, base, blen) != 0 ||
	    name[blen + 1] != '.' || strlen(name + blen + 2) != TMP_SUFFIX)
		return 0;
	for (i = blen + 2; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/*
 * Remove the temporary files a killed rewrite of the same file left: who
 * holds the lock is the only writer, so any there now is stale.
 */
static void
remove_stale(struct atomicfile *af)
{
	const char *base = base_name(af->target);
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int fd = dup(af->dirfd);

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(dir)) != NULL)
		if (is_our_tmp(de->d_name, base) &&
		    fstatat(af->dirfd, de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			unlinkat(af->dirfd, de->d_name, 0);
	closedir(dir);
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Is the target still what was locked? 0, or -1 with errno ESTALE. */
static int
unchanged(const struct atomicfile *af)
{
	struct stat now;
	int rc = fstatat(af->dirfd, base_name(af->target), &now, 0);

	if (af->exists ? rc == 0 && same_file(&af->st, &now) :
	    rc != 0 && errno == ENOENT)
		return 0;
	errno = ESTALE;
	return -1;
}

/* One try: open and lock the file, or its directory when it is missing;
   1 when it changed between the two, to try again. */
static int
lock_once(struct atomicfile *af)
{
	struct stat now;
	int fd;

	fd = open(af->target, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT)
		return -1;
	af->exists = fd >= 0;
	if (fd < 0 && (fd = dup(af->dirfd)) < 0)
		return -1;
	af->lockfd = fd;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0)
		return -1;
	if (af->exists && fstat(fd, &af->st) != 0)
		return -1;
	if (stat(af->target, &now) == 0 ? af->exists && now.st_dev ==
	    af->st.st_dev && now.st_ino == af->st.st_ino : !af->exists) {
		if (!af->exists)
			return 0;
		/* The rename would replace a file we may not write, even
		   one without any write permission bit for root. */
		if ((af->st.st_mode & 0222) == 0 ||
		    access(af->target, W_OK) != 0) {
			errno = EACCES;
			return -1;
		}
		return 0;
	}
	close(af->lockfd);
	af->lockfd = -1;
	return 1;
}

int
atomicfile_lock(struct atomicfile *af, const char *path)
{
	const char *slash;
	char *dir;
	int tries, rc;

	if ((af->target = realpath(path, NULL)) == NULL) {
		if (errno != ENOENT)
			return -1;
		af->target = xstrdup(path);
	}
	slash = strrchr(af->target, '/');
	dir = slash ? xstrndup(af->target, slash == af->target ? 1 :
	    (size_t)(slash - af->target)) : xstrdup(".");
	af->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (af->dirfd < 0)
		return -1;
	/* Replaced by another rewrite between open and lock: again. */
	for (tries = 0; (rc = lock_once(af)) == 1 && tries < 3; tries++)
		;
	if (rc == 1)
		errno = EWOULDBLOCK;
	if (rc != 0)
		return -1;
	remove_stale(af);
	return 0;
}

/* ".BASE.XXXXXX" in name, XXXXXX from getrandom. */
static void
tmp_name(const struct atomicfile *af, struct strbuf *name)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[TMP_SUFFIX];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(rand() ^ getpid());
	strbuf_reset(name);
	strbuf_addf(name, ".%s.", base_name(af->target));
	for (i = 0; i < sizeof(r); i++)
		strbuf_addc(name, set[r[i] % (sizeof(set) - 1)]);
}

/* A named temporary file, where the file system has no O_TMPFILE. */
static int
open_named(struct atomicfile *af, struct strbuf *name, mode_t mode)
{
	int fd, tries;

	for (tries = 0; tries < 100; tries++) {
		tmp_name(af, name);
		fd = openat(af->dirfd, name->buf, O_WRONLY | O_CREAT | O_EXCL |
		    O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int
atomicfile_prepare(struct atomicfile *af, int (*fill)(int fd, void *arg),
    void *arg)
{
	struct strbuf name = STRBUF_INIT;
	mode_t mode, mask;
	int rc = -1, saved;

	if (af->exists) {
		mode = af->st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	af->tmpfd = openat(af->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC,
	    mode);
	if (af->tmpfd < 0 && (errno == EOPNOTSUPP || errno == EISDIR ||
	    errno == EINVAL)) {
		af->tmpfd = open_named(af, &name, mode);
		if (af->tmpfd >= 0)
			af->tmpname = strbuf_detach(&name, NULL);
	}
	if (af->tmpfd < 0)
		goto cleanup;
	/* Owner and group before the mode: chown clears set-id bits. */
	if (af->exists && (af->st.st_uid != geteuid() ||
	    af->st.st_gid != getegid()) &&
	    fchown(af->tmpfd, af->st.st_uid, af->st.st_gid) != 0 &&
	    errno != EPERM)
		goto cleanup;
	if (fill(af->tmpfd, arg) != 0 || fchmod(af->tmpfd, mode) != 0 ||
	    fsync(af->tmpfd) != 0)
		goto cleanup;
	rc = unchanged(af);
cleanup:
	saved = errno;
	strbuf_release(&name);
	errno = saved;
	return rc;
}

/* Give the prepared file the name in name: through /proc, or as root. */
static int
link_tmp(struct atomicfile *af, const char *name)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", af->tmpfd);
	if (linkat(AT_FDCWD, proc, af->dirfd, name, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	return linkat(af->tmpfd, "", af->dirfd, name, AT_EMPTY_PATH);
}

int
atomicfile_commit(struct atomicfile *af)
{
	struct strbuf name = STRBUF_INIT;
	const char *base = base_name(af->target);
	int rc = -1, tries, saved;

	if (unchanged(af) != 0)
		goto cleanup;
	if (af->tmpname == NULL && !af->exists) {
		/* Created by someone else meanwhile: theirs, not ours. */
		if (link_tmp(af, base) != 0) {
			if (errno == EEXIST)
				errno = ESTALE;
			goto cleanup;
		}
	} else {
		for (tries = 0; af->tmpname == NULL && tries < 100; tries++) {
			tmp_name(af, &name);
			if (link_tmp(af, name.buf) == 0)
				af->tmpname = strbuf_detach(&name, NULL);
			else if (errno != EEXIST)
				goto cleanup;
		}
		if (af->tmpname == NULL || renameat2(af->dirfd, af->tmpname,
		    af->dirfd, base, af->exists ? 0 : RENAME_NOREPLACE) != 0) {
			if (errno == EEXIST)
				errno = ESTALE;
			goto cleanup;
		}
		free(af->tmpname);
		af->tmpname = NULL;
	}
	close(af->tmpfd);
	af->tmpfd = -1;
	rc = 0;
	if (fsync(af->dirfd) != 0 && errno != EINVAL)
		rc = -1;
cleanup:
	saved = errno;
	strbuf_release(&name);
	errno = saved;
	return rc;
}

void
atomicfile_release(struct atomicfile *af)
{
	if (af->tmpfd >= 0)
		close(af->tmpfd);
	if (af->tmpname)
		unlinkat(af->dirfd, af->tmpname, 0);
	free(af->tmpname);
	af->tmpname = NULL;
	if (af->lockfd >= 0)
		close(af->lockfd);
	if (af->dirfd >= 0)
		close(af->dirfd);
	free(af->target);
	af->target = NULL;
	af->tmpfd = af->lockfd = af->dirfd = -1;
}

struct bytes {
	const char *data;
	size_t len;
};

static int
write_bytes(int fd, void *arg)
{
	const struct bytes *b = arg;

	return write_all(fd, b->data, b->len);
}

int
atomicfile_replace(const char *path, const void *data, size_t len)
{
	struct bytes b = { data, len };

	return atomicfile_replace_with(path, write_bytes, &b);
}

int
atomicfile_replace_with(const char *path, int (*fill)(int fd, void *arg),
    void *arg)
{
	struct atomicfile af = ATOMICFILE_INIT;
	int rc, saved;

	rc = atomicfile_lock(&af, path) != 0 ||
	    atomicfile_prepare(&af, fill, arg) != 0 ||
	    atomicfile_commit(&af) != 0 ? -1 : 0;
	saved = errno;
	atomicfile_release(&af);
	errno = saved;
	return rc;
}
