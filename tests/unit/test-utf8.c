/* test-utf8.c: UTF-8 validation and repair, JSON text. */
#include <stdlib.h>
#include <string.h>

#include "core/jsonout.h"
#include "tap.h"
#include "core/utf8.h"

static void
check(const char *in, size_t len, const char *want, const char *name)
{
	char *got = utf8_sanitize(in, len, NULL);

	is_str(got, want, "%s", name);
	ok(utf8_valid(want, strlen(want)), "%s: result is valid", name);
	free(got);
}

int
main(void)
{
	json_t *j;
	char *s;

	check("plain", 5, "plain", "ascii unchanged");
	check("caf\xC3\xA9", 5, "caf\xC3\xA9", "valid 2-byte kept");
	check("\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80", "valid 4-byte kept");
	check("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", "one bad byte");
	check("\xE2\x82", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", "truncated: one per byte");
	check("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", "overlong");
	check("\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "surrogate");
	check("\xF4\x90\x80\x80", 4,
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "above U+10FFFF");
	check("\xE9t\xE9", 3, "\xEF\xBF\xBDt\xEF\xBF\xBD", "latin-1");
	ok(!utf8_valid("\x80", 1), "lone continuation invalid");

	j = json_text("x\xFFy", 3);
	s = json_dumps(j, JSON_ENCODE_ANY);
	is_str(s, "\"x\xEF\xBF\xBDy\"", "json_text repairs");
	free(s);
	json_decref(j);
	j = json_strz(NULL);
	ok(json_is_null(j), "json_strz(NULL) is null");
	json_decref(j);
	return tap_done();
}
