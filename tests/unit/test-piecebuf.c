/* test-piecebuf.c: borrowed ranges and text, tail, cut, write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/piecebuf.h"
#include "core/readfile.h"
#include "tap.h"

int
main(void)
{
	static const char src[] = "line one\nline two\n";
	struct piecebuf pb = PIECEBUF_INIT;
	struct strbuf sb = STRBUF_INIT, back = STRBUF_INIT;
	char tail[8], path[] = "/tmp/test-piecebuf.XXXXXX";
	size_t i, n;
	int fd;

	piecebuf_borrow(&pb, src, 9);
	piecebuf_borrow(&pb, src + 9, 9);
	is_int((long long)pb.npieces, 1, "adjacent borrowed ranges merge");
	piecebuf_adds(&pb, "new ");
	piecebuf_adds(&pb, "text\n");
	is_int((long long)pb.npieces, 2, "adjacent text merges");
	n = piecebuf_tail(&pb, tail, 7);
	is_int((long long)n, 7, "tail length");
	ok(memcmp(tail, "w text\n", 7) == 0, "tail bytes");
	piecebuf_cut(&pb, 1);
	piecebuf_flatten(&pb, &sb);
	is_str(sb.buf, "line one\nline two\nnew text", "flatten after cut");
	piecebuf_cut(&pb, 9);
	strbuf_reset(&sb);
	piecebuf_flatten(&pb, &sb);
	is_str(sb.buf, "line one\nline two", "cut across pieces");
	/* Many pieces: more than one writev. */
	for (i = 0; i < 200; i++) {
		piecebuf_borrow(&pb, i % 2 ? src : src + 9, 4);
		piecebuf_adds(&pb, "|");
	}
	strbuf_reset(&sb);
	piecebuf_flatten(&pb, &sb);
	fd = mkstemp(path);
	ok(fd >= 0 && piecebuf_write(&pb, fd) == 0, "write");
	close(fd);
	ok(readfile(path, &back) == 0 && back.len == sb.len &&
	    memcmp(back.buf, sb.buf, sb.len) == 0,
	    "written bytes are the flattened ones (%zu)", sb.len);
	unlink(path);
	strbuf_release(&back);
	strbuf_release(&sb);
	piecebuf_release(&pb);
	return tap_done();
}
