/*
 * xalloc.h: allocation that never fails in the caller's hands: when
 * memory runs out the program says so and exits EXIT_ENV (die_oom() in
 * diag.h), so no caller checks for NULL.
 *
 *	struct item *v = NULL;
 *	size_t n = 0, alloc = 0;
 *	ALLOC_GROW(v, n + 1, alloc);
 *	v[n++] = item;
 */
#ifndef RELTOOLS_XALLOC_H
#define RELTOOLS_XALLOC_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup/strndup that never return NULL. A size
 * of 0 allocates 1 byte, so the result is never NULL either. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * Room for at least n elements of size bytes in p, an array with room
 * for *alloc today: p itself when it has it, else p reallocated to twice
 * its room, or n when that is more, and *alloc updated. A count or a
 * size in bytes that does not fit in a size_t is out of memory.
 */
void *xgrow(void *p, size_t n, size_t size, size_t *alloc);

/* xgrow() of an array variable and its room: ALLOC_GROW(v, n + 1, alloc). */
/* Free a NULL-terminated vector of malloc'd strings, and the vector;
   NULL is nothing to free. */
void xstrv_free(char **v);

#define ALLOC_GROW(p, n, alloc) \
	((p) = xgrow((p), (n), sizeof(*(p)), &(alloc)))

#endif
