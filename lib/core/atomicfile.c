/* atomicfile.c: write a temporary file, fsync, rename. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

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

/* fsync the directory holding path, so the rename itself is durable. */
static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : slash - path) :
	    xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc = 0;

	free(dir);
	if (fd < 0)
		return -1;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = -1;
	close(fd);
	return rc;
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
	struct strbuf tmp = STRBUF_INIT;
	char *target = NULL;
	const char *slash;
	struct stat st;
	mode_t mode, mask;
	int fd = -1, rc = -1, pending = 0, saved;

	target = realpath(path, NULL);
	if (target == NULL) {
		if (errno != ENOENT)
			return -1;
		target = xstrdup(path);
	}
	if (stat(target, &st) == 0) {
		/* The rename would replace a file we may not write, even
		   one without any write permission bit for root. */
		if ((st.st_mode & 0222) == 0 || access(target, W_OK) != 0) {
			free(target);
			errno = EACCES;
			return -1;
		}
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	slash = strrchr(target, '/');
	strbuf_addf(&tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - target + 1) :
	    0, target, slash ? slash + 1 : target);
	if ((fd = mkstemp(tmp.buf)) < 0)
		goto cleanup;
	pending = 1;
	if (fill(fd, arg) != 0 || fchmod(fd, mode) != 0 ||
	    fsync(fd) != 0)
		goto cleanup;
	if (close(fd) != 0) {
		fd = -1;
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.buf, target) != 0)
		goto cleanup;
	pending = 0;
	rc = sync_dir(target);
cleanup:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (pending)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	free(target);
	errno = saved;
	return rc;
}
