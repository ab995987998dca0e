/*
 * piecebuf.h: a long output made of borrowed byte ranges (left where they
 * are, in a mapped file say) and new text, written with writev(2) without
 * copying the borrowed bytes.
 *
 *	struct piecebuf pb = PIECEBUF_INIT;
 *	piecebuf_borrow(&pb, map + off, len);	(map must outlive pb)
 *	piecebuf_adds(&pb, "new line\n");
 *	if (piecebuf_write(&pb, fd) != 0) ...
 *	piecebuf_release(&pb);
 */
#ifndef RELTOOLS_PIECEBUF_H
#define RELTOOLS_PIECEBUF_H

#include <stddef.h>

#include "core/strbuf.h"

struct piece {
	const char *ptr;	/* borrowed bytes, or NULL: text at off */
	size_t off;
	size_t len;
};

struct piecebuf {
	struct piece *pieces;
	size_t npieces;
	size_t apieces;
	struct strbuf text;	/* the new text, all pieces of it */
	size_t len;		/* total bytes */
};

#define PIECEBUF_INIT { NULL, 0, 0, STRBUF_INIT, 0 }

/* Append len bytes at p by reference. */
void piecebuf_borrow(struct piecebuf *pb, const char *p, size_t len);

/* Append a copy of len bytes at s; piecebuf_adds() of a C string. */
void piecebuf_add(struct piecebuf *pb, const char *s, size_t len);
void piecebuf_adds(struct piecebuf *pb, const char *s);

/* Copy the last n bytes (fewer when shorter) to out; returns how many. */
size_t piecebuf_tail(const struct piecebuf *pb, char *out, size_t n);

/* Drop the last n bytes (at most len). */
void piecebuf_cut(struct piecebuf *pb, size_t n);

/* All the bytes, appended to out. */
void piecebuf_flatten(const struct piecebuf *pb, struct strbuf *out);

/* Write all the bytes to fd (writev, partial writes resumed): 0, or -1
   with errno set. */
int piecebuf_write(const struct piecebuf *pb, int fd);

void piecebuf_release(struct piecebuf *pb);

#endif
