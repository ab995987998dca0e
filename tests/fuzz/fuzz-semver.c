/* fuzz-semver.c: SemVer parsing, formatting and precedence on any bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "release/semver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct semver a = SEMVER_INIT, b = SEMVER_INIT, c = SEMVER_INIT;
	struct semver_view va, vb;
	const uint8_t *cut = memchr(data, '\n', size);
	size_t la = cut ? (size_t)(cut - data) : size;
	char *s;

	/* Input "A\nB": parse both, check round trip and antisymmetry, and
	   that the views agree with the copies. */
	if ((semver_view_parse(&va, (const char *)data, la) == 0) !=
	    (semver_parse(&a, (const char *)data, la) == 0))
		__builtin_trap();
	if (a.major != NULL) {
		s = semver_format(&a);
		if (strlen(s) != la || memcmp(s, data, la) != 0)
			__builtin_trap();
		free(s);
		semver_bump(&c, &a, SEMVER_BUMP_MINOR);
		if (semver_cmp(&c, &a) <= 0 && a.pre == NULL)
			__builtin_trap();
		semver_free(&c);
		if (cut && semver_parse(&b, (const char *)cut + 1,
		    size - la - 1) == 0) {
			if (semver_cmp(&a, &b) != -semver_cmp(&b, &a))
				__builtin_trap();
			semver_view_parse(&vb, (const char *)cut + 1,
			    size - la - 1);
			if (semver_view_cmp(&va, &vb) != semver_cmp(&a, &b))
				__builtin_trap();
			semver_free(&b);
		}
		semver_free(&a);
	}
	return 0;
}
