/* xalloc.c: allocation that exits when memory runs out. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/xalloc.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		die_oom();
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *
xgrow(void *p, size_t n, size_t size, size_t *alloc)
{
	size_t want;

	if (n <= *alloc)
		return p;
	want = *alloc > SIZE_MAX / 2 ? n : *alloc * 2;
	if (want < n)
		want = n;
	if (want < 8)
		want = 8;
	if (size == 0 || want > SIZE_MAX / size)
		die_oom();
	p = xrealloc(p, want * size);
	*alloc = want;
	return p;
}

void
xstrv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
