/*
 * utf8.h: make outside bytes safe for JSON.
 *
 * Commit messages, changelogs and HTTP bodies may hold bytes that are not
 * UTF-8; JSON strings may not. Each invalid byte becomes U+FFFD, so no
 * text is dropped and the count of damage stays visible.
 */
#ifndef RELTOOLS_UTF8_H
#define RELTOOLS_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 if s[0] starts none. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

/* Nonzero when all len bytes are valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/*
 * A malloc'd, NUL-terminated copy of s with each invalid byte replaced by
 * U+FFFD (EF BF BD). *outlen, if not NULL, receives the length.
 */
char *utf8_sanitize(const char *s, size_t len, size_t *outlen);

#endif
