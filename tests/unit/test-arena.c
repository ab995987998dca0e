/* test-arena.c: blocks from the mapping, growth in place, malloc beyond. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "tap.h"

int
main(void)
{
	struct arena a = ARENA_INIT;
	char *p, *q, *r;
	size_t i;

	arena_init(&a, 1000);
	ok(a.base == NULL, "a small arena is none: blocks come from malloc");
	p = arena_grow(&a, NULL, 0, 10);
	memcpy(p, "0123456789", 10);
	p = arena_grow(&a, p, 10, 100000);
	ok(memcmp(p, "0123456789", 10) == 0, "a malloc'd block keeps its bytes");
	arena_free(&a, p);
	arena_release(&a);

	arena_init(&a, ARENA_HUGE);
	ok(a.base != NULL, "a large arena is a mapping");
	ok(((unsigned long)a.base & ((2ul << 20) - 1)) == 0,
	    "it starts on a huge page boundary");
	ok(a.size >= ARENA_HUGE, "it holds what was asked");
	p = arena_grow(&a, NULL, 0, 100);
	ok(p == a.base, "the first block is at the start");
	for (i = 0; i < 100; i++)
		p[i] = (char)i;
	q = arena_grow(&a, p, 100, 5000);
	ok(q == p, "the last block grows in place");
	is_int((long long)a.used, 5008, "used: the block rounded to 16");
	r = arena_grow(&a, NULL, 0, 32);
	ok(r == a.base + 5008, "the next block follows");
	q = arena_grow(&a, q, 5000, 10000);
	ok(q == a.base + 5040, "a block that is not the last moves");
	for (i = 0; i < 100 && q[i] == (char)i; i++)
		;
	is_int((long long)i, 100, "and keeps its bytes");
	r = arena_grow(&a, r, 32, a.size);
	ok(r < a.base || r >= a.base + a.size,
	    "a block that does not fit comes from malloc");
	memset(r, 1, a.size);
	arena_free(&a, q);	/* in the arena: nothing to free */
	arena_free(&a, r);
	arena_release(&a);
	ok(a.base == NULL && a.map == NULL, "released");
	return tap_done();
}
