/* mdline.c: what one line of Markdown starts (CommonMark block rules). */
#include <string.h>

#include "changelog/mdline.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The first blank at or after i, or len: URLs are long, so by memchr. */
static size_t
find_blank(const char *s, size_t i, size_t len)
{
	const char *sp = memchr(s + i, ' ', len - i), *tab;
	size_t end = sp ? (size_t)(sp - s) : len;

	tab = memchr(s + i, '\t', end - i);
	return tab ? (size_t)(tab - s) : end;
}

size_t
md_indent(const char *s, size_t len, size_t *width)
{
	size_t i, w = 0;

	for (i = 0; i < len && is_blank(s[i]); i++)
		w = s[i] == '\t' ? (w / 4 + 1) * 4 : w + 1;
	*width = w;
	return i;
}

struct md_range
md_trim(const char *s, size_t len)
{
	struct md_range r = { 0, len };

	while (r.len && is_blank(s[r.off]))
		r.off++, r.len--;
	while (r.len && is_blank(s[r.off + r.len - 1]))
		r.len--;
	return r;
}

int
md_atx(const char *s, size_t len, size_t i, struct md_range *text)
{
	size_t level = 0, e;

	while (i < len && s[i] == '#' && level < 7)
		i++, level++;
	if (level == 0 || level > 6 || (i < len && !is_blank(s[i])))
		return 0;
	*text = md_trim(s + i, len - i);
	text->off += i;
	/* An optional closing sequence of '#' after a blank (CommonMark). */
	for (e = text->off + text->len; e > text->off && s[e - 1] == '#'; e--)
		;
	if (e < text->off + text->len &&
	    (e == text->off || is_blank(s[e - 1]))) {
		while (e > text->off && is_blank(s[e - 1]))
			e--;
		text->len = e - text->off;
	}
	return (int)level;
}

int
md_setext(const char *s, size_t len)
{
	size_t w, i = md_indent(s, len, &w);
	char c;

	if (w > 3 || i == len || (s[i] != '=' && s[i] != '-'))
		return 0;
	c = s[i];
	while (i < len && s[i] == c)
		i++;
	while (i < len && is_blank(s[i]))
		i++;
	return i == len ? (c == '=' ? 1 : 2) : 0;
}

int
md_list_marker(const char *s, size_t len, size_t i, size_t *text)
{
	size_t d = i;

	if (i < len && (s[i] == '-' || s[i] == '*' || s[i] == '+'))
		i++;
	else {
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - d < 9)
			i++;
		if (i == d || i >= len || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i < len && !is_blank(s[i]))
		return 0;
	while (i < len && is_blank(s[i]))
		i++;
	*text = i;
	return 1;
}

int
md_link_def(const char *s, size_t len, size_t i, struct md_range *label,
    struct md_range *url)
{
	size_t lb, le, u;

	if (i >= len || s[i] != '[')
		return 0;
	lb = ++i;
	while (i < len && s[i] != ']' && s[i] != '[')
		i++;
	le = i;
	if (i + 1 >= len || s[i] != ']' || s[i + 1] != ':' || le == lb)
		return 0;
	i += 2;
	while (i < len && is_blank(s[i]))
		i++;
	if (i < len && s[i] == '<') {
		/* "<URL>": the URL is inside the brackets, and may hold
		   blanks. */
		u = ++i;
		while (i < len && s[i] != '>' && s[i] != '<')
			i++;
		if (i == len || s[i] != '>')
			return 0;
	} else {
		u = i;
		i = find_blank(s, i, len);
	}
	if (i == u)
		return 0;
	label->off = lb;
	label->len = le - lb;
	url->off = u;
	url->len = i - u;
	return 1;
}

size_t
md_fence(const char *s, size_t len, size_t i, char *ch)
{
	size_t n = 0;

	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	*ch = s[i];
	while (i + n < len && s[i + n] == *ch)
		n++;
	return n >= 3 ? n : 0;
}

int
md_comment_end(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 3 <= len; i++)
		if (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
			return 1;
	return 0;
}
