/* recode.c: charset conversion to UTF-8. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <strings.h>

#include "core/diag.h"
#include "core/recode.h"
#include "core/utf8.h"
#include "core/strbuf.h"

int
recode_is_utf8(const char *charset)
{
	return charset == NULL || strcasecmp(charset, "UTF-8") == 0 ||
	    strcasecmp(charset, "UTF8") == 0;
}

char *
recode_to_utf8(const char *charset, const char *s, size_t len, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	iconv_t cd;
	char *in = (char *)s, *out;
	size_t inleft = len, outleft, r;
	int flushed = 0;

	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return NULL;
	/* The input, then the final shift sequence, growing as needed. */
	while (inleft > 0 || !flushed) {
		strbuf_grow(&sb, inleft * 2 + 16);
		out = sb.buf + sb.len;
		outleft = sb.alloc - sb.len - 1;
		if (inleft > 0)
			r = iconv(cd, &in, &inleft, &out, &outleft);
		else {
			r = iconv(cd, NULL, NULL, &out, &outleft);
			flushed = r != (size_t)-1;
		}
		sb.len = (size_t)(out - sb.buf);
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			strbuf_release(&sb);
			return NULL;
		}
	}
	iconv_close(cd);
	/* glibc passes some invalid sequences through (UTF-8 above U+10FFFF). */
	if (!utf8_valid(sb.buf, sb.len)) {
		strbuf_release(&sb);
		return NULL;
	}
	sb.buf[sb.len] = '\0';
	return strbuf_detach(&sb, outlen);
}
