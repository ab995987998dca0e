/* arena.c: one mapping, carved in order, in huge pages where there are some. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/xalloc.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define ALIGN 16

static size_t
round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

void
arena_init(struct arena *a, size_t size)
{
	uintptr_t start;

	memset(a, 0, sizeof(*a));
	if (size < ARENA_HUGE)
		return;
	/* Room to align the start on a huge page boundary. */
	a->size = round_up(size, HUGE_PAGE);
	a->map_len = a->size + HUGE_PAGE;
	a->map = mmap(NULL, a->map_len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a->map == MAP_FAILED) {
		memset(a, 0, sizeof(*a));
		return;		/* malloc will do */
	}
	start = round_up((uintptr_t)a->map, HUGE_PAGE);
	a->base = (char *)start;
#ifdef MADV_HUGEPAGE
	(void)madvise(a->base, a->size, MADV_HUGEPAGE);	/* a hint */
#endif
}

static int
in_arena(const struct arena *a, const void *p)
{
	const char *c = p;

	return a->base && c >= a->base && c < a->base + a->size;
}

void *
arena_grow(struct arena *a, void *p, size_t old, size_t n)
{
	size_t need = round_up(n, ALIGN), had = round_up(old, ALIGN);
	void *q;

	/* The last block grows where it is. */
	if (p && a->base && (char *)p + had == a->base + a->used &&
	    need >= had && need - had <= a->size - a->used) {
		a->used += need - had;
		return p;
	}
	if (a->base && need <= a->size - a->used) {
		q = a->base + a->used;
		a->used += need;
	} else if (!in_arena(a, p))
		return xrealloc(p, n);
	else
		q = xmalloc(n);
	if (p)
		memcpy(q, p, old < n ? old : n);
	return q;
}

void
arena_free(struct arena *a, void *p)
{
	if (!in_arena(a, p))
		free(p);
}

void
arena_release(struct arena *a)
{
	if (a->map)
		munmap(a->map, a->map_len);
	memset(a, 0, sizeof(*a));
}
