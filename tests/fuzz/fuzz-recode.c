/*
 * fuzz-recode.c: charset conversion of any bytes. The first byte picks a
 * charset git users name in encoding headers; the rest is the text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/recode.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		"ISO-8859-1", "latin1", "CP1252", "SHIFT_JIS", "EUC-JP",
		"UTF-16", "UTF-7", "KOI8-R", "GB18030", "ISO-2022-JP",
		"UTF-8", "no-such-charset"
	};
	const char *charset;
	char *out;
	size_t len;

	if (size == 0)
		return 0;
	charset = charsets[data[0] % (sizeof(charsets) / sizeof(charsets[0]))];
	out = recode_to_utf8(charset, (const char *)data + 1, size - 1, &len);
	/* What iconv accepts comes out as UTF-8, NUL-terminated. */
	if (out && (!utf8_valid(out, len) || out[len] != '\0'))
		__builtin_trap();
	free(out);
	return 0;
}
