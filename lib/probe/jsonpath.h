/*
 * jsonpath.h: paths into a JSON document, as health-probe's json.PATH.
 *
 *	.a.b[0].c        members by name, elements by index
 *	[-1]             negative indexes count from the end
 *	."odd key"[2]    a quoted member name (JSON string syntax)
 *	["odd key"]      the same
 *	(empty)          the document itself
 *
 * A bare member name is any run of bytes other than . [ ] " white space
 * and the operator characters = ! < > ~; a path ends at white space or an
 * operator character, which is where an assertion's operator starts.
 */
#ifndef RELTOOLS_JSONPATH_H
#define RELTOOLS_JSONPATH_H

#include <stddef.h>
#include <jansson.h>

struct jsonpath_step {
	char *key;	/* a member name (may hold NUL bytes), or NULL: index */
	size_t key_len;
	long long index;
};

struct jsonpath {
	struct jsonpath_step *step;
	size_t n;
};

#define JSONPATH_INIT { NULL, 0 }

/*
 * Parse a path at the start of the len bytes at s. Stops at the end, at
 * white space or at an operator character; *used is set to the bytes
 * taken. Returns 0, or -1 with *err pointing at a static message and
 * *used at the offending byte.
 */
int jsonpath_parse(struct jsonpath *p, const char *s, size_t len,
    size_t *used, const char **err);

/* The value at p in root (borrowed), or NULL when there is none. */
json_t *jsonpath_get(const struct jsonpath *p, json_t *root);

/* The path in canonical form (malloc'd): bare names where possible. */
char *jsonpath_format(const struct jsonpath *p);

void jsonpath_release(struct jsonpath *p);

#endif
