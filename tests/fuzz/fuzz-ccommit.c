/* fuzz-ccommit.c: the Conventional Commits parser on any bytes. */
#include <stdint.h>
#include <string.h>

#include "release/ccommit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cc_commit c;
	size_t i;

	cc_parse(&c, (const char *)data, size);
	/* Invariants: a conventional header has a type and a description. */
	if (c.conventional && (c.type == NULL || c.description == NULL ||
	    *c.description == '\0'))
		__builtin_trap();
	if (!c.conventional && (c.type || c.description || c.breaking))
		__builtin_trap();
	if (!c.conventional != (c.problem != NULL))
		__builtin_trap();
	for (i = 0; i < c.nfooters; i++)
		if (c.footers[i].token[0] == '\0')
			__builtin_trap();
	cc_free(&c);
	return 0;
}
