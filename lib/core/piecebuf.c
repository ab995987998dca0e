/* piecebuf.c: borrowed ranges and new text, written with writev(2). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "core/diag.h"
#include "core/piecebuf.h"
#include "core/xalloc.h"

static const char *
piece_bytes(const struct piecebuf *pb, const struct piece *p)
{
	return p->ptr ? p->ptr : pb->text.buf + p->off;
}

static void
push(struct piecebuf *pb, const char *ptr, size_t off, size_t len)
{
	struct piece *last = pb->npieces ? &pb->pieces[pb->npieces - 1] : NULL;

	pb->len += len;
	/* Adjacent ranges become one piece: fewer iovecs. */
	if (last && ((ptr && last->ptr && last->ptr + last->len == ptr) ||
	    (!ptr && !last->ptr && last->off + last->len == off))) {
		last->len += len;
		return;
	}
	ALLOC_GROW(pb->pieces, pb->npieces + 1, pb->apieces);
	pb->pieces[pb->npieces].ptr = ptr;
	pb->pieces[pb->npieces].off = off;
	pb->pieces[pb->npieces++].len = len;
}

void
piecebuf_borrow(struct piecebuf *pb, const char *p, size_t len)
{
	if (len)
		push(pb, p, 0, len);
}

void
piecebuf_add(struct piecebuf *pb, const char *s, size_t len)
{
	size_t off = pb->text.len;

	if (len == 0)
		return;
	strbuf_add(&pb->text, s, len);
	push(pb, NULL, off, len);
}

void
piecebuf_adds(struct piecebuf *pb, const char *s)
{
	piecebuf_add(pb, s, strlen(s));
}

size_t
piecebuf_tail(const struct piecebuf *pb, char *out, size_t n)
{
	size_t i = pb->npieces, got = 0, take;
	const struct piece *p;

	if (n > pb->len)
		n = pb->len;
	while (got < n && i > 0) {
		p = &pb->pieces[--i];
		take = p->len < n - got ? p->len : n - got;
		memcpy(out + n - got - take, piece_bytes(pb, p) + p->len - take,
		    take);
		got += take;
	}
	return n;
}

void
piecebuf_cut(struct piecebuf *pb, size_t n)
{
	struct piece *p;
	size_t take;

	while (n && pb->npieces) {
		p = &pb->pieces[pb->npieces - 1];
		take = p->len < n ? p->len : n;
		p->len -= take;
		pb->len -= take;
		n -= take;
		if (p->len == 0)
			pb->npieces--;
	}
}

void
piecebuf_flatten(const struct piecebuf *pb, struct strbuf *out)
{
	size_t i;

	strbuf_grow(out, pb->len);
	for (i = 0; i < pb->npieces; i++)
		strbuf_add(out, piece_bytes(pb, &pb->pieces[i]),
		    pb->pieces[i].len);
}

int
piecebuf_write(const struct piecebuf *pb, int fd)
{
	struct iovec iov[64];
	size_t i = 0, done = 0, k;
	ssize_t n;
	int cnt;

	/* i, done: the piece being written and how much of it is out. */
	while (i < pb->npieces) {
		for (cnt = 0, k = i; k < pb->npieces && cnt < 64; k++, cnt++) {
			iov[cnt].iov_base = (char *)piece_bytes(pb,
			    &pb->pieces[k]) + (k == i ? done : 0);
			iov[cnt].iov_len = pb->pieces[k].len - (k == i ? done : 0);
		}
		n = writev(fd, iov, cnt);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		for (; n > 0 && i < pb->npieces; i++, done = 0) {
			if ((size_t)n < pb->pieces[i].len - done) {
				done += (size_t)n;
				break;
			}
			n -= (ssize_t)(pb->pieces[i].len - done);
		}
	}
	return 0;
}

void
piecebuf_release(struct piecebuf *pb)
{
	free(pb->pieces);
	strbuf_release(&pb->text);
	memset(pb, 0, sizeof(*pb));
	strbuf_init(&pb->text);
}
