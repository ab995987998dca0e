/* test-bytemask.c: every occurrence found, in every lane, nothing else. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytemask.h"
#include "tap.h"

/* The mask, one byte at a time. */
static uint64_t
naive(const char *p, char c)
{
	uint64_t m = 0;
	int k;

	for (k = 0; k < 64; k++)
		if (p[k] == c)
			m |= (uint64_t)1 << k;
	return m;
}

int
main(void)
{
	char buf[64 + 7];
	int k, round, bad = 0;

	memset(buf, 'x', sizeof(buf));
	is_int((long long)bytemask64(buf, '\n'), 0, "no newline: no bit");
	for (k = 0; k < 64; k++) {
		buf[k] = '\n';
		if (bytemask64(buf, '\n') != (uint64_t)1 << k)
			bad++;
		buf[k] = 'x';
	}
	is_int(bad, 0, "a newline in each of the 64 places sets its bit");
	buf[64] = '\n';
	is_int((long long)bytemask64(buf, '\n'), 0,
	    "the byte after the block is not read into the mask");
	memset(buf, '\n', 64);
	ok(bytemask64(buf, '\n') == UINT64_MAX, "all newlines: all bits");
	memset(buf, '\x8a', 64);
	is_int((long long)bytemask64(buf, '\n'), 0,
	    "a byte with the high bit set is not its low seven bits");
	ok(bytemask64(buf, '\x8a') == UINT64_MAX, "and can be looked for");
	/* Unaligned blocks of random bytes from a small alphabet. */
	srand(1);
	for (round = 0; round < 2000; round++) {
		for (k = 0; k < (int)sizeof(buf); k++)
			buf[k] = "\n\r#- a\x80\xff"[rand() % 8];
		k = round % 8;
		if (bytemask64(buf + k, '\n') != naive(buf + k, '\n') ||
		    bytemask64(buf + k, '#') != naive(buf + k, '#'))
			bad++;
	}
	is_int(bad, 0, "random blocks at every alignment match a byte loop");
	return tap_done();
}
