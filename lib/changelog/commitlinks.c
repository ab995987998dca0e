/* commitlinks.c: new items link their commits. */
#define _GNU_SOURCE	/* memmem */
#include <stdlib.h>
#include <string.h>

#include "changelog/commitlinks.h"
#include "core/strbuf.h"
#include "forge/forgeurl.h"

/* The base of the first "](URL)" in s whose URL is a commit's, or NULL. */
static char *
base_in(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *url, *close;
	char *base;

	while (p + 2 < end && (p = memchr(p, ']', (size_t)(end - p))) != NULL) {
		url = ++p;
		if (url >= end || *url++ != '(')
			continue;
		close = memchr(url, ')', (size_t)(end - url));
		if (close == NULL)
			return NULL;
		if ((base = forgeurl_base_of_commit(url,
		    (size_t)(close - url))) != NULL)
			return base;
		p = close;
	}
	return NULL;
}

char *
changelog_commit_link_base(const struct changelog *cl)
{
	struct strbuf raw = STRBUF_INIT;
	char *base = NULL;
	size_t i;

	/* Most files have no commit link: one pass over the bytes says so. */
	if (memmem(cl->buf, cl->len, "/commit/", 8) == NULL)
		return NULL;
	for (i = 0; i < cl->nitems && base == NULL; i++) {
		strbuf_reset(&raw);
		changelog_item_text(cl, &cl->items[i], &raw);
		base = base_in(raw.buf, raw.len);
	}
	strbuf_release(&raw);
	return base;
}

int
changelog_plan_has_ids(const struct cl_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nitems; i++)
		if (plan->items[i].ref_at != CL_NO_REF)
			return 1;
	return 0;
}

void
changelog_plan_link(struct cl_plan *plan, const char *base)
{
	struct cl_new_item *it;
	struct strbuf sb = STRBUF_INIT;
	char *url;
	size_t i, n;

	for (i = 0; i < plan->nitems; i++) {
		it = &plan->items[i];
		/* An id that is not hex digits makes no link. */
		if (it->ref_at == CL_NO_REF || *it->id == '\0' ||
		    strspn(it->id, "0123456789abcdefABCDEF") != strlen(it->id))
			continue;
		/* text ends " (short-id)". */
		n = strlen(it->text);
		url = forgeurl_commit(base, it->id);
		strbuf_reset(&sb);
		strbuf_add(&sb, it->text, it->ref_at);
		strbuf_adds(&sb, " ([");
		strbuf_add(&sb, it->text + it->ref_at + 2, n - it->ref_at - 3);
		strbuf_addf(&sb, "](%s))", url);
		free(url);
		free(it->text);
		it->text = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
}
