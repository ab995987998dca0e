/*
 * fuzz-jsonpath.c: JSON paths on any bytes. Input "PATH\nDOC": a path
 * that parses formats to a canonical text that parses to the same path
 * (same canonical text, same value in DOC).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe/jsonpath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, '\n', size);
	size_t plen = cut ? (size_t)(cut - data) : size, used, used2;
	struct jsonpath p = JSONPATH_INIT, q = JSONPATH_INIT;
	const char *err;
	char *f = NULL, *g = NULL;
	json_t *doc = NULL;

	if (jsonpath_parse(&p, (const char *)data, plen, &used, &err) != 0) {
		if (used > plen || err == NULL)
			__builtin_trap();
		return 0;
	}
	if (used > plen)
		__builtin_trap();
	f = jsonpath_format(&p);
	if (jsonpath_parse(&q, f, strlen(f), &used2, &err) != 0 ||
	    used2 != strlen(f) || q.n != p.n)
		__builtin_trap();
	g = jsonpath_format(&q);
	if (strcmp(f, g) != 0)
		__builtin_trap();
	if (cut)
		doc = json_loadb((const char *)cut + 1, size - plen - 1,
		    JSON_DECODE_ANY, NULL);
	if (doc && jsonpath_get(&p, doc) != jsonpath_get(&q, doc))
		__builtin_trap();
	json_decref(doc);
	free(f);
	free(g);
	jsonpath_release(&p);
	jsonpath_release(&q);
	return 0;
}
