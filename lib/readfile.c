/* readfile.c: read(2) until end of file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "readfile.h"

int
readfile(const char *path, struct strbuf *sb)
{
	char chunk[65536];
	int fd = STDIN_FILENO, saved;
	ssize_t n;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		strbuf_add(sb, chunk, (size_t)n);
	}
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	errno = saved;
	return n < 0 ? -1 : 0;
}
