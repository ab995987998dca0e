/* rawcommit.c: the fields of a raw commit object. */
#include <string.h>

#include "git/rawcommit.h"

static struct rawcommit_span
span(const char *s, size_t len)
{
	struct rawcommit_span sp = { s, len };

	return sp;
}

/* Seconds after the ident's '>', or 0; bounded so it cannot overflow. */
static long long
ident_time(const char *s, const char *end)
{
	long long t = 0;

	while (s < end && *s == ' ')
		s++;
	while (s < end && *s >= '0' && *s <= '9' && t < 100000000000000LL)
		t = t * 10 + (*s++ - '0');
	return t;
}

/* "NAME <EMAIL> SECONDS ZONE" */
static void
parse_ident(const char *s, const char *end, struct rawcommit_span *name,
    struct rawcommit_span *email, long long *when)
{
	const char *lt = memchr(s, '<', (size_t)(end - s)), *gt, *name_end;

	if (lt == NULL) {
		*name = span(s, (size_t)(end - s));
		*email = span(end, 0);
		*when = 0;
		return;
	}
	gt = memchr(lt, '>', (size_t)(end - lt));
	if (gt == NULL)
		gt = end;
	for (name_end = lt; name_end > s && name_end[-1] == ' '; name_end--)
		;
	*name = span(s, (size_t)(name_end - s));
	*email = span(lt + 1, (size_t)(gt - lt - 1));
	*when = gt < end ? ident_time(gt + 1, end) : 0;
}

static int
has_key(const char *line, size_t len, const char *key, size_t klen)
{
	return len > klen && memcmp(line, key, klen) == 0 && line[klen] == ' ';
}

void
rawcommit_parse(struct rawcommit *c, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl, *v;
	struct rawcommit_span unused_name, unused_email;
	size_t n;

	memset(c, 0, sizeof(*c));
	c->author_name = c->author_email = c->encoding = c->parents =
	    span(buf, 0);
	while (p < end && *p != '\n') {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (has_key(p, n, "parent", 6)) {
			if (c->nparents++ == 0)
				c->parents.s = p;
			c->parents.len = (size_t)(nl - c->parents.s);
		} else if (has_key(p, n, "author", 6)) {
			v = p + 7;
			parse_ident(v, nl, &c->author_name, &c->author_email,
			    &c->author_time);
		} else if (has_key(p, n, "committer", 9))
			parse_ident(p + 10, nl, &unused_name, &unused_email,
			    &c->commit_time);
		else if (has_key(p, n, "encoding", 8))
			c->encoding = span(p + 9, n - 9);
		p = nl < end ? nl + 1 : end;
	}
	while (p < end && *p == '\n')
		p++;
	c->message = span(p, (size_t)(end - p));
}

static int
is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

struct rawcommit_span
rawcommit_parent(const struct rawcommit *c, size_t i)
{
	const char *p = c->parents.s, *end = p + c->parents.len, *nl;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (has_key(p, n, "parent", 6) && i-- == 0) {
			n -= 7;
			if ((n == 40 || n == 64) && is_hex(p + 7, n))
				return span(p + 7, n);
			break;
		}
		p = nl + 1;
	}
	return span(c->parents.s, 0);
}
