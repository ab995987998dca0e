/* readfile.c: read(2) until end of file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/readfile.h"

int
readfile_fd(int fd, struct strbuf *sb)
{
	struct stat st;
	ssize_t n;

	/* One allocation for a regular file, not a doubling series. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		strbuf_grow(sb, (size_t)st.st_size + 1);
	for (;;) {
		/* Straight into the buffer: no copy of a large file. */
		if (sb->len + 1 >= sb->alloc)
			strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0';
	return n < 0 ? -1 : 0;
}

int
readfile(const char *path, struct strbuf *sb)
{
	int fd = STDIN_FILENO, rc, saved;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0)
		return -1;
	rc = readfile_fd(fd, sb);
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	errno = saved;
	return rc;
}
