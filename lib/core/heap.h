/*
 * heap.h: a binary heap of plain structs in a growing array, for the
 * commit walks' date-ordered queues.
 *
 *	static int before(const struct entry *a, const struct entry *b);
 *	HEAP_DEFINE(queue, struct entry, before)
 *
 *	struct entry *heap = NULL;
 *	size_t n = 0, alloc = 0;
 *	queue_push(&heap, &n, &alloc, &e);
 *	while (n)
 *		e = queue_pop(heap, &n);
 *
 * before(a, b) says that a comes out first. HEAP_DEFINE writes the two
 * functions for one element type, so that before() is inlined: the
 * walks spend much of their time here.
 */
#ifndef RELTOOLS_HEAP_H
#define RELTOOLS_HEAP_H

#include <stddef.h>

#include "core/xalloc.h"

#define HEAP_DEFINE(name, type, before)					\
static inline void							\
name##_push(type **heap, size_t *n, size_t *alloc, const type *e)	\
{									\
	type *h, tmp;							\
	size_t i, up;							\
									\
	ALLOC_GROW(*heap, *n + 1, *alloc);				\
	h = *heap;							\
	i = (*n)++;							\
	h[i] = *e;							\
	while (i > 0 && before(&h[i], &h[up = (i - 1) / 2])) {		\
		tmp = h[i];						\
		h[i] = h[up];						\
		h[up] = tmp;						\
		i = up;							\
	}								\
}									\
									\
static inline type							\
name##_pop(type *h, size_t *n)						\
{									\
	type top = h[0], tmp;						\
	size_t i = 0, l, best;						\
									\
	h[0] = h[--*n];							\
	for (;;) {							\
		l = 2 * i + 1;						\
		best = i;						\
		if (l < *n && before(&h[l], &h[best]))			\
			best = l;					\
		if (l + 1 < *n && before(&h[l + 1], &h[best]))		\
			best = l + 1;					\
		if (best == i)						\
			break;						\
		tmp = h[i];						\
		h[i] = h[best];						\
		h[best] = tmp;						\
		i = best;						\
	}								\
	return top;							\
}

#endif
