/* pipewide.c: a wider pipe between two tools of a pipeline. */
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "core/pipewide.h"

#define WIDTH (1 << 20)

void
pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	FILE *f;
	int max = 0;

	if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))
		return;
	if (fcntl(fd, F_SETPIPE_SZ, WIDTH) >= 0)
		return;
	/* Above the limit: ask for the limit. */
	if ((f = fopen("/proc/sys/fs/pipe-max-size", "r")) != NULL) {
		if (fscanf(f, "%d", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (max > 0 && max < WIDTH)
		(void)fcntl(fd, F_SETPIPE_SZ, max);
#else
	(void)fd;
#endif
}
