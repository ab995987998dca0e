/*
 * arena.h: memory for the arrays of a large model, freed all at once.
 *
 *	struct arena a = ARENA_INIT;
 *	arena_init(&a, expected_bytes);
 *	p = arena_grow(&a, p, old_bytes, new_bytes);    (as realloc)
 *	...
 *	arena_free(&a, p);	(each block, then)
 *	arena_release(&a);
 *
 * Why: a fresh process gets every page of its heap zeroed on first touch,
 * and for a model of a megabyte those few hundred page faults cost about
 * as much as the parse that fills the pages. An arena of at least
 * ARENA_HUGE bytes is one mapping that asks for transparent huge pages
 * (madvise), so it faults in a few large pages instead; where the system
 * gives none it behaves as ordinary memory. (On a virtual machine whose
 * host takes back free memory, a huge page the host must supply anew
 * costs a millisecond or more to zero: measured here, release -i then
 * takes about 1 ms more CPU, now and then 10 ms; in a run of the bench
 * where that does not happen, 0.3-0.5 ms less than with small pages.)
 * A smaller arena is no arena at all: every block comes from malloc, as
 * it would without one (and memory checkers see each block).
 *
 * Blocks are carved in order; growing a block copies it to a new one and
 * leaves the old space unused. A block that does not fit comes from
 * malloc.
 */
#ifndef RELTOOLS_ARENA_H
#define RELTOOLS_ARENA_H

#include <stddef.h>

#define ARENA_HUGE ((size_t)1 << 20)

struct arena {
	char *map;		/* the mapping, or NULL */
	size_t map_len;
	char *base;		/* its first aligned byte */
	size_t size;		/* usable bytes from base */
	size_t used;
};

#define ARENA_INIT { NULL, 0, NULL, 0, 0 }

/* Prepare an arena for about size bytes of blocks (see above). */
void arena_init(struct arena *a, size_t size);

/*
 * Like realloc(p, n) for a block of old bytes from this arena (or NULL);
 * dies when memory is exhausted.
 */
void *arena_grow(struct arena *a, void *p, size_t old, size_t n);

/* Free a block (only those malloc gave back memory). */
void arena_free(struct arena *a, void *p);

/* Unmap the arena; its blocks are gone. */
void arena_release(struct arena *a);

#endif
