/* test-pipewide.c: a pipe widened to 1 MiB or the limit; nothing else. */
#define _GNU_SOURCE	/* F_GETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/pipewide.h"
#include "tap.h"

int
main(void)
{
	int fds[2], max = 0, want;
	char path[] = "/tmp/test-pipewide.XXXXXX";
	FILE *f;
	int fd;

	if (pipe(fds) != 0)
		return 1;
	if ((f = fopen("/proc/sys/fs/pipe-max-size", "r")) != NULL) {
		if (fscanf(f, "%d", &max) != 1)
			max = 0;
		fclose(f);
	}
	want = max > 0 && max < (1 << 20) ? max : 1 << 20;
	ok(fcntl(fds[0], F_GETPIPE_SZ) < want, "a new pipe is narrower");
	pipe_widen(fds[0]);
	is_int(fcntl(fds[0], F_GETPIPE_SZ), want,
	    "widened from its reading end: 1 MiB, or the limit if lower");
	is_int(fcntl(fds[1], F_GETPIPE_SZ), want, "the writing end sees it");
	pipe_widen(fds[1]);
	is_int(fcntl(fds[1], F_GETPIPE_SZ), want, "widening again is harmless");
	if ((fd = mkstemp(path)) < 0)
		return 1;
	unlink(path);
	pipe_widen(fd);
	is_int(fcntl(fd, F_GETPIPE_SZ), -1, "a file is not a pipe: left alone");
	pipe_widen(-1);	/* a closed descriptor: no crash, no change */
	return tap_done();
}
