/*
 * recode.h: text in another charset converted to UTF-8 with iconv(3).
 *
 * Git records a commit's charset in its "encoding" header when it is not
 * UTF-8 (git -c i18n.commitEncoding=ISO-8859-1 commit). Names of UTF-8
 * itself ("UTF-8", "utf8") need no conversion.
 */
#ifndef RELTOOLS_RECODE_H
#define RELTOOLS_RECODE_H

#include <stddef.h>

/* Nonzero when charset (may be NULL: none given) means UTF-8. */
int recode_is_utf8(const char *charset);

/*
 * A malloc'd, NUL-terminated UTF-8 copy of len bytes of s read in
 * charset, its length in *outlen; NULL when iconv does not know charset,
 * s is not valid in it, or iconv's output is not valid UTF-8 (the caller
 * then keeps the bytes as they are).
 */
char *recode_to_utf8(const char *charset, const char *s, size_t len,
    size_t *outlen);

#endif
