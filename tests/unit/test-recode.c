/* test-recode.c: charsets converted to UTF-8. */
#include <stdlib.h>
#include <string.h>

#include "core/recode.h"
#include "tap.h"

int
main(void)
{
	size_t len = 99;
	char *s;

	ok(recode_is_utf8(NULL), "no charset means UTF-8");
	ok(recode_is_utf8("utf-8") && recode_is_utf8("UTF8"), "UTF-8 names");
	ok(!recode_is_utf8("ISO-8859-1"), "Latin-1 is not UTF-8");

	s = recode_to_utf8("ISO-8859-1", "cr\xe8me", 5, &len);
	is_str(s, "cr\xc3\xa8me", "Latin-1 converted");
	is_int((long long)len, 6, "length");
	free(s);
	s = recode_to_utf8("latin1", "", 0, &len);
	is_str(s, "", "empty input");
	is_int((long long)len, 0, "empty length");
	free(s);
	s = recode_to_utf8("UTF-16LE", "h\0i\0", 4, &len);
	is_str(s, "hi", "UTF-16LE");
	free(s);
	s = recode_to_utf8("ISO-2022-JP", "\x1b$B$3\x1b(B", 8, &len);
	is_str(s, "\xe3\x81\x93", "stateful ISO-2022-JP");
	free(s);
	ok(recode_to_utf8("X-NO-SUCH-CHARSET", "a", 1, &len) == NULL,
	    "unknown charset: NULL");
	ok(recode_to_utf8("UTF-8", "\xff", 1, &len) == NULL,
	    "invalid input: NULL");
	ok(recode_to_utf8("SHIFT_JIS", "\x82", 1, &len) == NULL,
	    "truncated input: NULL");
	ok(recode_to_utf8("UTF-8", "\"\xf7\xbd\xbd\x81", 5, &len) == NULL,
	    "iconv passing a sequence above U+10FFFF: NULL, never invalid UTF-8");

	/* Output longer than the first guess grows the buffer. */
	{
		char in[3000];

		memset(in, '\xe9', sizeof(in));
		s = recode_to_utf8("ISO-8859-1", in, sizeof(in), &len);
		is_int((long long)len, 6000, "long input converted whole");
		ok(s && memcmp(s + 5998, "\xc3\xa9", 2) == 0, "last character");
		free(s);
	}
	return tap_done();
}
