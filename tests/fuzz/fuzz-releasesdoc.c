/*
 * fuzz-releasesdoc.c: rel-gitlog --releases documents from any bytes,
 * generated into a new changelog (changelog_generate.h), which reads
 * them one release at a time (releasesdoc.h).
 *
 * Invariants: a document either gives a file or says why (EXIT_USAGE);
 * a file it gives lints without errors and has a release heading for
 * each release it says it added.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "changelog/changelog.h"
#include "changelog/changelog_generate.h"
#include "changelog/changelog_lint.h"
#include "core/diag.h"
#include "core/readfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file descriptor reading size bytes of data. */
static int
input_fd(const uint8_t *data, size_t size)
{
	int fd = memfd_create("in", 0);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_generate_opts o = { "https://github.com/o/r", NULL, 0, 0 };
	struct cl_generate_result res;
	struct changelog cl = CHANGELOG_INIT;
	struct strbuf out = STRBUF_INIT;
	int in = input_fd(data, size), fd = memfd_create("out", 0), rc;
	size_t i, headings = 0;

	if (fd < 0)
		abort();
	o.all_types = size % 2;
	rc = changelog_generate(NULL, &o, in, fd, &res);
	if (rc != EXIT_OK && rc != EXIT_USAGE)
		__builtin_trap();
	if (rc == EXIT_OK) {
		if (lseek(fd, 0, SEEK_SET) != 0 || readfile_fd(fd, &out) != 0)
			abort();
		changelog_parse(&cl, "generated", out.buf, out.len);
		if (changelog_lint(&cl, NULL) != 0)
			__builtin_trap();
		for (i = 0; i < cl.nreleases; i++)
			headings += !cl.releases[i].unreleased;
		if (headings != res.added)
			__builtin_trap();
	}
	changelog_free(&cl);
	changelog_generate_result_free(&res);
	strbuf_release(&out);
	close(in);
	close(fd);
	return 0;
}
