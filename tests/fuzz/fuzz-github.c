/* fuzz-github.c: GitHub answer bodies and Link headers on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge/github.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gh_ci ci = GH_CI_INIT;
	char *link = malloc(size + 1), *next;

	/* The same bytes as check runs, combined status and Link value. */
	gh_ci_add_check_runs(&ci, (const char *)data, size);
	gh_ci_add_combined_status(&ci, (const char *)data, size);
	gh_ci_settle(&ci);
	if (ci.nfailing + ci.npending > ci.runs + ci.statuses)
		__builtin_trap();
	if ((ci.state == GH_CI_GREEN) != (ci.nfailing + ci.npending == 0))
		__builtin_trap();
	gh_ci_free(&ci);
	memcpy(link, data, size);
	link[size] = '\0';
	next = gh_link_next(link);
	/* A target is non-empty, comes from inside <...>, and is in link. */
	if (next && (*next == '\0' || strchr(next, '>') ||
	    strstr(link, next) == NULL))
		__builtin_trap();
	free(next);
	free(link);
	return 0;
}
