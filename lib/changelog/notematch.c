/* notematch.c: a commit's description against the hand-written notes. */
#include <ctype.h>
#include <string.h>

#include "changelog/notematch.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Past blanks and up to three "**Breaking:**", "**scope:**" markers. */
static const char *
skip_markers(const char *s, const char *end)
{
	const char *close;
	int n;

	for (n = 0; n < 3; n++) {
		while (s < end && is_blank(*s))
			s++;
		if (end - s < 5 || s[0] != '*' || s[1] != '*')
			break;
		for (close = s + 2; close + 1 < end; close++)
			if (close[0] == '*' && close[1] == '*')
				break;
		if (close + 1 >= end || close[-1] != ':')
			break;
		s = close + 2;
	}
	while (s < end && is_blank(*s))
		s++;
	return s;
}

/* Where a trailing "([1a2b3c4](URL))" starts, or end when there is none. */
static const char *
linked_ref(const char *s, const char *end)
{
	const char *p, *q;

	if (end - s < 6 || end[-1] != ')' || end[-2] != ')')
		return end;
	for (p = end - 3; p > s && !(p[0] == '(' && p[1] == '['); p--)
		;
	if (p == s && !(p[0] == '(' && p[1] == '['))
		return end;
	for (q = p + 2; q < end && isxdigit((unsigned char)*q); q++)
		;
	return q > p + 2 && end - q > 2 && q[0] == ']' && q[1] == '(' ? p : end;
}

void
changelog_normalize_note(const char *s, size_t len, struct strbuf *out)
{
	const char *end = s + len, *open;
	size_t k;

	s = skip_markers(s, end);
	while (end > s && (is_blank(end[-1]) || end[-1] == '.'))
		end--;
	end = linked_ref(s, end);
	while (end > s && (is_blank(end[-1]) || end[-1] == '.'))
		end--;
	if (end > s && end[-1] == ')') {
		for (open = end - 1; open > s && open[-1] != '('; open--)
			;
		for (k = 0; open > s && open + k < end - 1; k++)
			if (!strchr("#0123456789abcdefABCDEF, ", open[k]))
				break;
		if (open > s && k > 0 && open + k == end - 1)
			end = open - 1;
	}
	while (end > s && (is_blank(end[-1]) || end[-1] == '.' ||
	    end[-1] == '`'))
		end--;
	for (; s < end; s++)
		if (*s != '`')
			strbuf_addc(out, (char)tolower((unsigned char)*s));
}

/* Each verb's forms, the verb first. */
static const char *const verbs[][4] = {
	{ "add", "adds", "added", "adding" },
	{ "fix", "fixes", "fixed", "fixing" },
	{ "remove", "removes", "removed", "removing" },
	{ "drop", "drops", "dropped", "dropping" },
	{ "change", "changes", "changed", "changing" },
	{ "update", "updates", "updated", "updating" },
	{ "improve", "improves", "improved", "improving" },
	{ "rename", "renames", "renamed", "renaming" },
	{ "deprecate", "deprecates", "deprecated", "deprecating" },
};

static const char *const articles[] = { "a", "an", "the" };

/* The length of the word at s when it is w and a blank follows. */
static size_t
word_is(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) > n && memcmp(s, w, n) == 0 &&
	    is_blank(s[n]) ? n : 0;
}

/* Past the blanks at s. */
static const char *
skip_blanks(const char *s, const char *end)
{
	while (s < end && is_blank(*s))
		s++;
	return s;
}

/* A normalised note: its verb (an index in verbs, -1: none), the rest. */
struct note_parts {
	int verb;
	const char *rest, *end;
};

static void
split_note(const char *s, size_t len, struct note_parts *p)
{
	const char *end = s + len;
	size_t i, j, n;

	p->verb = -1;
	for (i = 0; p->verb < 0 && i < sizeof(verbs) / sizeof(*verbs); i++)
		for (j = 0; j < 4; j++)
			if ((n = word_is(s, end, verbs[i][j])) != 0) {
				p->verb = (int)i;
				s = skip_blanks(s + n, end);
				break;
			}
	for (i = 0; i < sizeof(articles) / sizeof(*articles); i++)
		if ((n = word_is(s, end, articles[i])) != 0) {
			s = skip_blanks(s + n, end);
			break;
		}
	p->rest = s;
	p->end = end;
}

int
changelog_same_note(const char *a, size_t alen, const char *b, size_t blen)
{
	struct note_parts pa, pb;
	size_t n;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return 1;
	split_note(a, alen, &pa);
	split_note(b, blen, &pb);
	n = (size_t)(pa.end - pa.rest);
	return n > 0 && n == (size_t)(pb.end - pb.rest) &&
	    memcmp(pa.rest, pb.rest, n) == 0 &&
	    (pa.verb == pb.verb || pa.verb < 0 || pb.verb < 0);
}

int
changelog_note_case(const char *s, size_t len)
{
	const char *end = s + len;

	s = skip_markers(s, end);
	if (s == end)
		return -1;
	return isupper((unsigned char)*s) ? 1 : islower((unsigned char)*s) ?
	    0 : -1;
}
