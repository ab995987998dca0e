/* ccommit.c: Conventional Commits 1.0.0 messages. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "release/ccommit.h"
#include "core/diag.h"
#include "core/strbuf.h"

struct line {
	const char *s;
	size_t len;
};

static int
is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!isspace((unsigned char)l->s[i]))
			return 0;
	return 1;
}

static int
is_type_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

static char *
lower_dup(const char *s, size_t n)
{
	char *p = xstrndup(s, n);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

/* Trim ASCII white space at both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* type(scope)!: description; c->problem says why when it is not. */
static void
parse_header(struct cc_commit *c, const char *h, size_t n)
{
	size_t i = 0, type_len, scope_at = 0, scope_len = 0, desc_len;
	int bang = 0, has_scope = 0;
	const char *desc;

	c->problem = "the header is empty";
	if (n == 0)
		return;
	c->problem = "no type: the header is 'type: description' or "
	    "'type(scope): description'";
	while (i < n && is_type_char(h[i]))
		i++;
	if (i == 0 || !isalpha((unsigned char)h[0]))
		return;
	type_len = i;
	if (i < n && h[i] == '(') {
		scope_at = ++i;
		while (i < n && h[i] != ')' && h[i] != '(')
			i++;
		c->problem = "the scope's '(' has no ')'";
		if (i >= n || h[i] != ')')
			return;
		c->problem = "the scope '()' is empty";
		if (i == scope_at)
			return;
		scope_len = i - scope_at;
		has_scope = 1;
		i++;
	}
	if (i < n && h[i] == '!') {
		bang = 1;
		i++;
	}
	c->problem = i < n && h[i] == ':' ? "no blank after the ':'" :
	    "no ': ' after the type: the header is 'type: description' or "
	    "'type(scope): description'";
	if (i + 1 >= n || h[i] != ':' || h[i + 1] != ' ')
		return;
	desc = h + i + 2;
	desc_len = n - i - 2;
	trim(&desc, &desc_len);
	c->problem = "the description after ': ' is empty";
	if (desc_len == 0)
		return;
	c->problem = NULL;
	c->conventional = 1;
	c->type = lower_dup(h, type_len);
	if (has_scope)
		c->scope = xstrndup(h + scope_at, scope_len);
	c->breaking = bang;
	c->description = xstrndup(desc, desc_len);
}

static int
is_breaking_name(const char *token, size_t n)
{
	return n == 15 && (memcmp(token, "BREAKING CHANGE", 15) == 0 ||
	    memcmp(token, "BREAKING-CHANGE", 15) == 0);
}

/*
 * Does line l begin a footer? On success sets the token length, the
 * separator and where the value starts.
 */
static int
footer_start(const struct line *l, size_t *tok_len, char *sep, size_t *val_at)
{
	const char *s = l->s;
	size_t n = l->len, i = 0;

	if (n >= 15 && memcmp(s, "BREAKING CHANGE", 15) == 0)
		i = 15;
	else {
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
			i++;
		if (i == 0 || s[0] == '-')
			return 0;
	}
	if (i + 1 < n && s[i] == ':' && s[i + 1] == ' ') {
		*sep = ':';
		*val_at = i + 2;
	} else if (i + 1 < n && s[i] == ' ' && s[i + 1] == '#') {
		*sep = '#';
		*val_at = i + 2;
	} else if (i + 1 == n && s[i] == ':' && is_breaking_name(s, i)) {
		/* "BREAKING CHANGE: " with the text on the next lines: git
		   strips the blank the spec's form needs. */
		*sep = ':';
		*val_at = n;
	} else
		return 0;
	*tok_len = i;
	return 1;
}

const char *
cc_breaking_footer(const struct cc_commit *c)
{
	size_t i;

	for (i = 0; i < c->nfooters; i++)
		if (is_breaking_name(c->footers[i].token,
		    strlen(c->footers[i].token)))
			return c->footers[i].token;
	return NULL;
}

static void
add_footer(struct cc_commit *c, const struct line *l, size_t tok_len, char sep,
    struct strbuf *value)
{
	struct cc_footer *f;

	ALLOC_GROW(c->footers, c->nfooters + 1, c->alloc_footers);
	f = &c->footers[c->nfooters++];
	f->token = xstrndup(l->s, tok_len);
	f->separator = xstrndup(&sep, 1);
	strbuf_rtrim(value);
	f->value = strbuf_detach(value, NULL);
	if (is_breaking_name(f->token, tok_len) && *f->value)
		c->breaking |= c->conventional;
}

/* Footers from lines [from, n): each footer line starts a new one. */
static void
parse_footers(struct cc_commit *c, const struct line *lines, size_t from,
    size_t n)
{
	struct strbuf value = STRBUF_INIT;
	const struct line *cur = NULL;
	size_t tok_len = 0, t, v, i;
	char sep = 0, s;

	for (i = from; i < n; i++) {
		if (footer_start(&lines[i], &t, &s, &v)) {
			if (cur)
				add_footer(c, cur, tok_len, sep, &value);
			cur = &lines[i];
			tok_len = t;
			sep = s;
			strbuf_reset(&value);
			strbuf_add(&value, lines[i].s + v, lines[i].len - v);
			continue;
		}
		/* A value that starts on the next line starts there. */
		if (value.len)
			strbuf_addc(&value, '\n');
		strbuf_add(&value, lines[i].s, lines[i].len);
	}
	if (cur)
		add_footer(c, cur, tok_len, sep, &value);
	strbuf_release(&value);
}

/*
 * The first line of the footer block: the longest run of trailing
 * paragraphs that each start with a footer line and follow a blank line,
 * or an earlier paragraph starting with a BREAKING CHANGE footer (so
 * prose after it cannot hide a breaking change). Returns n when there are
 * no footers.
 */
static size_t
footer_block(const struct line *lines, size_t first, size_t n)
{
	size_t block = n, i, t, v;
	int suffix = 1;
	char s;

	/* Walk paragraph starts backwards. */
	for (i = n; i-- > first;) {
		if (is_blank(&lines[i]) || !is_blank(&lines[i - 1]))
			continue;	/* not the start of a paragraph */
		if (!footer_start(&lines[i], &t, &s, &v))
			suffix = 0;
		else if (suffix || is_breaking_name(lines[i].s, t))
			block = i;
	}
	return block;
}

/* The word at s when it is a commit id (7 to 64 hex digits); its length in *len. */
static char *
commit_id_at(const char *s, size_t *len)
{
	size_t n;

	for (n = 0; isalnum((unsigned char)s[n]); n++)
		;
	*len = n;
	if (n >= 7 && n <= 64 && strspn(s, "0123456789abcdefABCDEF") == n)
		return lower_dup(s, n);
	return NULL;
}

/* The first word of s that is a commit id; "#1234567" is an issue. */
static char *
first_commit_id(const char *s)
{
	size_t n;
	char *id;
	int issue = 0;

	while (*s) {
		if (!isalnum((unsigned char)*s)) {
			issue = *s++ == '#';
			continue;
		}
		if ((id = commit_id_at(s, &n)) != NULL) {
			if (!issue)
				return id;
			free(id);
		}
		s += n;
	}
	return NULL;
}

static void
find_reverted(struct cc_commit *c, const char *text)
{
	static const char marker[] = "This reverts commit ";
	const char *p = text;
	size_t i, n;

	while ((p = strstr(p, marker)) != NULL) {
		if (p == text || p[-1] == '\n') {
			c->reverts = commit_id_at(p + sizeof(marker) - 1, &n);
			if (c->reverts)
				return;
		}
		p++;
	}
	for (i = 0; i < c->nfooters; i++)
		if (strcasecmp(c->footers[i].token, "Refs") == 0 &&
		    (c->reverts = first_commit_id(c->footers[i].value)) != NULL)
			return;
}

/*
 * git's 'Revert "<header>"', or 'Reapply "<header>"', its name (2.43 on)
 * for a revert of such a revert; a title must be in the quotes.
 */
static int
is_git_revert(const char *h)
{
	size_t n = strlen(h);

	if (n == 0 || h[n - 1] != '"')
		return 0;
	return (n > 9 && strncmp(h, "Revert \"", 8) == 0) ||
	    (n > 10 && strncmp(h, "Reapply \"", 9) == 0);
}

/* Copy of msg without CR bytes, NUL bytes shown as U+FFFD. */
static char *
clean_copy(const char *msg, size_t len, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, run;

	strbuf_grow(&sb, len);
	for (i = 0; i < len; i = run + 1) {
		/* Copy up to the next CR or NUL at once. */
		for (run = i; run < len && msg[run] != '\r' && msg[run] != '\0';
		    run++)
			;
		strbuf_add(&sb, msg + i, run - i);
		if (run < len && msg[run] == '\0')
			strbuf_add(&sb, "\xEF\xBF\xBD", 3);
	}
	return strbuf_detach(&sb, outlen);
}

static struct line *
split_lines(const char *s, size_t len, size_t *count)
{
	struct line *lines = NULL;
	size_t n = 0, alloc = 0;
	const char *end = s + len, *nl;

	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		ALLOC_GROW(lines, n + 1, alloc);
		lines[n].s = s;
		lines[n].len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		n++;
		s = nl ? nl + 1 : end;
	}
	*count = n;
	return lines;
}

void
cc_parse(struct cc_commit *c, const char *msg, size_t len)
{
	struct strbuf body = STRBUF_INIT;
	struct line *lines;
	size_t n, first, last, fb, i, clen;
	char *text = clean_copy(msg, len, &clen);
	const char *h;

	memset(c, 0, sizeof(*c));
	lines = split_lines(text, clen, &n);
	h = n ? lines[0].s : "";
	c->header = xstrndup(h, n ? lines[0].len : 0);
	parse_header(c, c->header, strlen(c->header));

	/* Body and footers: lines [first, last) after the header. */
	for (first = 1; first < n && is_blank(&lines[first]); first++)
		;
	for (last = n; last > first && is_blank(&lines[last - 1]); last--)
		;
	fb = footer_block(lines, first, last);
	parse_footers(c, lines, fb, last);
	for (i = first; i < fb; i++) {
		if (i > first)
			strbuf_addc(&body, '\n');
		strbuf_add(&body, lines[i].s, lines[i].len);
	}
	strbuf_rtrim(&body);
	if (body.len)
		c->body = strbuf_detach(&body, NULL);
	strbuf_release(&body);

	if (c->conventional && strcmp(c->type, "revert") == 0)
		c->revert = 1;
	else if (is_git_revert(c->header))
		c->revert = 1;
	if (c->revert)
		find_reverted(c, text);
	free(lines);
	free(text);
}

void
cc_free(struct cc_commit *c)
{
	size_t i;

	for (i = 0; i < c->nfooters; i++) {
		free(c->footers[i].token);
		free(c->footers[i].separator);
		free(c->footers[i].value);
	}
	free(c->footers);
	free(c->header);
	free(c->type);
	free(c->scope);
	free(c->description);
	free(c->body);
	free(c->reverts);
	memset(c, 0, sizeof(*c));
}
