/*
 * strbuf.h: a growable, always NUL-terminated byte buffer.
 *
 *	struct strbuf sb = STRBUF_INIT;
 *	strbuf_addf(&sb, "%s-%d", name, n);
 *	...use sb.buf, sb.len...
 *	strbuf_release(&sb);
 *
 * Allocation failure exits through die_oom(), so callers never check.
 */
#ifndef RELTOOLS_STRBUF_H
#define RELTOOLS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;	/* never NULL once anything was added; "" when empty */
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* strbuf_addf() with a va_list (spent afterwards, as by vsnprintf()). */
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

/* The contents as a C string ("" when nothing was added); still owned by sb. */
const char *strbuf_str(const struct strbuf *sb);

/* Hand the buffer to the caller (free() it); sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* A malloc'd string formatted as by printf (git's xstrfmt). */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Remove trailing ASCII white space. */
void strbuf_rtrim(struct strbuf *sb);

#endif
