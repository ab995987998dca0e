/*
 * rewrite: replace a file with its own bytes, atomically, for the
 * benchmarks: the cost of a durable rewrite alone (temporary file, fsync,
 * rename, fsync of the directory), the floor under `release -i`.
 *
 *	rewrite FILE
 *
 * Exits 0, or 1 after a message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"

int
main(int argc, char **argv)
{
	struct stat st;
	void *map = MAP_FAILED;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: rewrite file\n");
		return 1;
	}
	if ((fd = open(argv[1], O_RDONLY)) >= 0 && fstat(fd, &st) == 0) {
		if (st.st_size == 0)
			errno = EINVAL;		/* nothing to map */
		else
			map = mmap(NULL, (size_t)st.st_size, PROT_READ,
			    MAP_PRIVATE, fd, 0);
	}
	if (map == MAP_FAILED) {
		fprintf(stderr, "rewrite: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	close(fd);
	if (atomicfile_replace(argv[1], map, (size_t)st.st_size) != 0) {
		fprintf(stderr, "rewrite: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	munmap(map, (size_t)st.st_size);
	return 0;
}
