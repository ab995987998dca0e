/* test-strbuf.c: formatted appends of any length, trimming, a buf never
 * NULL. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "tap.h"

int
main(void)
{
	struct strbuf sb = STRBUF_INIT, empty = STRBUF_INIT;
	char big[2000], *detached, *p;

	/* buf is never NULL: "" before anything is added, and after. */
	ok(empty.buf != NULL && *empty.buf == '\0', "STRBUF_INIT: buf is \"\"");
	strbuf_reset(&empty);
	strbuf_rtrim(&empty);
	ok(empty.buf == strbuf_slopbuf && *strbuf_slopbuf == '\0',
	    "reset and rtrim of an empty buffer: the shared \"\" untouched");
	strbuf_add(&empty, "", 0);
	ok(empty.buf != strbuf_slopbuf && empty.alloc > 0,
	    "an empty add: a buffer of its own");
	strbuf_release(&empty);
	ok(empty.buf == strbuf_slopbuf && empty.len == 0,
	    "release: buf is \"\" again");
	strbuf_release(&empty);
	ok(empty.buf != NULL, "release twice: still \"\"");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "<%s>%d", big, 42);
	is_int((long long)sb.len, 1999 + 4, "addf: no length limit");
	ok(memcmp(sb.buf + sb.len - 4, "x>42", 4) == 0, "addf: the end kept");
	strbuf_reset(&sb);
	strbuf_add(&sb, "ab \t\n", 5);
	strbuf_rtrim(&sb);
	is_str(sb.buf, "ab", "rtrim: blanks");
	strbuf_reset(&sb);
	strbuf_add(&sb, "ab\0\0", 4);
	strbuf_rtrim(&sb);
	is_int((long long)sb.len, 4, "rtrim: NUL bytes are not blanks");
	strbuf_release(&sb);
	detached = strbuf_detach(&sb, NULL);
	is_str(detached, "", "detach of an empty buffer: a C string");
	free(detached);
	p = xstrfmt("%s-%03d", "snap", 7);
	is_str(p, "snap-007", "xstrfmt formats into a new string");
	free(p);
	return tap_done();
}
