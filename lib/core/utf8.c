/* utf8.c: UTF-8 validation and repair. */
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"

size_t
utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;
	if (avail < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_seq_len(p + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

char *
utf8_sanitize(const char *s, size_t len, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, run = 0;

	strbuf_grow(&sb, len);
	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (n) {
			i += n;
			run += n;
			continue;
		}
		strbuf_add(&sb, s + i - run, run);
		strbuf_add(&sb, "\xEF\xBF\xBD", 3);
		run = 0;
		i++;
	}
	strbuf_add(&sb, s + i - run, run);
	return strbuf_detach(&sb, outlen);
}
