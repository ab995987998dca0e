/*
 * fuzz-commitgraph.c: a commit-graph file's bytes; every position,
 * parent and date read stays inside the file and the commits it holds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "git/commitgraph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of its own size, so that a read past it is seen. */
	unsigned char *buf = malloc(size ? size : 1);
	struct commitgraph *g;
	uint32_t pos, parent, found, n;
	git_oid id, again;
	size_t i;
	int rc;

	memcpy(buf, data, size);
	if ((g = commitgraph_parse(buf, size)) == NULL) {
		free(buf);
		return 0;
	}
	n = commitgraph_count(g);
	for (pos = 0; pos < n; pos++) {
		commitgraph_id(g, pos, &id);
		if (commitgraph_find(g, &id, &found)) {
			commitgraph_id(g, found, &again);
			if (found >= n || !git_oid_equal(&id, &again))
				__builtin_trap();
		}
		if (commitgraph_date(g, pos) < 0)
			__builtin_trap();
		for (i = 0; (rc = commitgraph_parent(g, pos, i, &parent)) > 0;
		    i++)
			if (parent >= n || i > size)
				__builtin_trap();
	}
	commitgraph_free(g);
	free(buf);
	return 0;
}
