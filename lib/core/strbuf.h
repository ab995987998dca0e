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
	char *buf;	/* never NULL: "" when empty, NUL-terminated */
	size_t len;
	size_t alloc;	/* 0: buf is strbuf_slopbuf, shared and not ours */
};

/* The empty string an empty strbuf points at (as git's strbuf does):
   never written to, never freed. */
extern char strbuf_slopbuf[];

#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

/* STRBUF_INIT at run time, for a strbuf in zeroed memory. */
void strbuf_init(struct strbuf *sb);

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

/* sb->buf, or "" for a strbuf in zeroed memory that was never
   strbuf_init()'d; a strbuf set up as it should be is read as sb->buf. */
const char *strbuf_str(const struct strbuf *sb);

/* Hand the buffer to the caller (free() it; "" when empty); sb is left
   empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* A malloc'd string formatted as by printf (git's xstrfmt). */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Remove trailing ASCII white space. */
void strbuf_rtrim(struct strbuf *sb);

#endif
