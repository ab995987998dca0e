/* changelog_merge.c: the commits of a rel-gitlog document as items. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "changelog/changelog_merge.h"
#include "core/diag.h"
#include "core/xalloc.h"

/* The section a commit goes to, or -1 when it is left out. */
static int
section_of(const struct gitlogdoc_commit *c, int all_types)
{
	const char *t = c->type;
	int listed;

	if (c->merge && !all_types)
		return -1;
	if (!c->conventional)
		return all_types ? CL_CHANGED : -1;
	listed = strcmp(t, "feat") == 0 || strcmp(t, "fix") == 0 ||
	    strcmp(t, "perf") == 0 || strcmp(t, "refactor") == 0;
	if (!listed && !c->breaking && !all_types)
		return -1;
	if (c->scope && strcasecmp(c->scope, "security") == 0)
		return CL_SECURITY;
	if (strcmp(t, "feat") == 0)
		return CL_ADDED;
	if (strcmp(t, "fix") == 0)
		return CL_FIXED;
	return CL_CHANGED;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of s without a trailing " (#123)"; *num gets the digits. */
static size_t
strip_pr_suffix(const char *s, size_t len, const char **num, size_t *numlen)
{
	size_t i = len;

	*num = NULL;
	*numlen = 0;
	if (i < 4 || s[i - 1] != ')')
		return len;
	i--;
	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i < 2 || i == len - 1 || s[i - 1] != '#' || s[i - 2] != '(')
		return len;
	*num = s + i;
	*numlen = len - 1 - i;
	i -= 2;
	while (i > 0 && is_blank(s[i - 1]))
		i--;
	return i;
}

/* Nonzero when "#num" occurs in text, not followed by a letter or digit
   ("#12" is not "#1", "#3a" not "#3"). */
static int
mentions_number(const char *text, const char *num, size_t numlen)
{
	const char *p = text;

	if (numlen == 0)
		return 0;
	while ((p = strchr(p, '#')) != NULL) {
		p++;
		if (strncmp(p, num, numlen) == 0 &&
		    !isalnum((unsigned char)p[numlen]))
			return 1;
	}
	return 0;
}

struct notes {
	struct strbuf text;	/* the release's text, lower-case */
	struct strbuf *items;	/* each item normalised */
	size_t nitems;
};

static void
read_notes(const struct changelog *cl, const struct cl_release *r,
    struct notes *n)
{
	struct strbuf raw = STRBUF_INIT;
	size_t i, j, k = 0;

	memset(n, 0, sizeof(*n));
	strbuf_init(&n->text);
	if (r == NULL)
		return;
	if (r->content_end > r->body)
		changelog_copy_lines(cl, &n->text, r->body, r->content_end);
	for (i = 0; i < n->text.len; i++)
		n->text.buf[i] = n->text.buf[i] ? (char)tolower(
		    (unsigned char)n->text.buf[i]) : ' ';
	for (i = 0; i < r->nsections; i++)
		n->nitems += r->sections[i].nitems;
	n->items = xcalloc(n->nitems + 1, sizeof(*n->items));
	for (i = 0; i < n->nitems; i++)
		strbuf_init(&n->items[i]);
	for (i = 0; i < r->nsections; i++)
		for (j = 0; j < r->sections[i].nitems; j++) {
			strbuf_reset(&raw);
			changelog_item_text(cl, &r->sections[i].items[j], &raw);
			changelog_normalize_note(raw.buf,
			    raw.len, &n->items[k++]);
		}
	strbuf_release(&raw);
}

static void
free_notes(struct notes *n)
{
	size_t i;

	for (i = 0; i < n->nitems; i++)
		strbuf_release(&n->items[i]);
	free(n->items);
	strbuf_release(&n->text);
}

/*
 * Nonzero when the lower-case text holds the commit's id as a word of at
 * least its short id's length: "abc1234" in "deadabc1234" or for a
 * commit abc1234e... in "abc1234f" is not a mention.
 */
static int
mentions_id(const char *text, const struct gitlogdoc_commit *c)
{
	const char *p = text, *id = c->id ? c->id : c->short_id;
	size_t slen = strlen(c->short_id), n;
	char *low;
	int found = 0;

	if (slen < 4)
		return 0;
	low = xstrdup(c->short_id);
	for (n = 0; n < slen; n++)
		low[n] = (char)tolower((unsigned char)low[n]);
	for (; !found && (p = strstr(p, low)) != NULL; p++) {
		for (n = 0; isxdigit((unsigned char)p[n]); n++)
			if (tolower((unsigned char)id[n]) != p[n])
				break;
		found = (p == text || !isalnum((unsigned char)p[-1])) &&
		    n >= slen && !isalnum((unsigned char)p[n]);
	}
	free(low);
	return found;
}

static int
mentioned(const struct notes *n, const struct gitlogdoc_commit *c,
    const char *desc, size_t desclen)
{
	struct strbuf sb = STRBUF_INIT;
	const char *num, *text = n->text.buf;
	size_t i, numlen;
	int found = mentions_id(text, c);

	strip_pr_suffix(desc, desclen, &num, &numlen);
	if (mentions_number(text, num, numlen))
		found = 1;
	for (i = 0; i < c->nfooters && !found; i++)
		if (strcmp(c->footers[i].separator, "#") == 0)
			found = mentions_number(text, c->footers[i].value,
			    strlen(c->footers[i].value));
	strbuf_reset(&sb);
	changelog_normalize_note(desc, desclen, &sb);
	for (i = 0; i < n->nitems && !found && sb.len; i++)
		found = changelog_same_note(n->items[i].buf, n->items[i].len,
		    sb.buf, sb.len);
	strbuf_release(&sb);
	return found;
}

/* One line of text: line breaks and tabs of outside text become spaces. */
static void
add_flat(struct strbuf *sb, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		strbuf_addc(sb, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ?
		    ' ' : s[i]);
}

static char *
item_text(const struct gitlogdoc_commit *c, const char *desc, size_t desclen,
    int capital, size_t *ref_at)
{
	struct strbuf sb = STRBUF_INIT;
	const char *num;
	size_t numlen, len = strip_pr_suffix(desc, desclen, &num, &numlen), at;

	if (c->breaking)
		strbuf_adds(&sb, "**Breaking:** ");
	if (c->scope && *c->scope) {
		strbuf_adds(&sb, "**");
		add_flat(&sb, c->scope, strlen(c->scope));
		strbuf_adds(&sb, ":** ");
	}
	at = sb.len;
	add_flat(&sb, desc, len);
	if (capital && at < sb.len)
		sb.buf[at] = (char)toupper((unsigned char)sb.buf[at]);
	*ref_at = num ? CL_NO_REF : sb.len;
	strbuf_adds(&sb, " (");
	if (num) {
		strbuf_addc(&sb, '#');
		strbuf_add(&sb, num, numlen);
	} else
		add_flat(&sb, c->short_id, strlen(c->short_id));
	strbuf_addc(&sb, ')');
	return strbuf_detach(&sb, NULL);
}

/* Items starting with an upper-case letter less those with a lower-case
   one, among n items: their first lines are enough. */
static long
capitals(const struct changelog *cl, const struct cl_item *items, size_t n)
{
	const struct cl_item *it;
	long score = 0;
	size_t i;
	int c;

	for (i = 0; i < n; i++) {
		it = &items[i];
		c = changelog_note_case(changelog_line_text(cl, it->line) +
		    it->text_off, cl->lines[it->line].len - it->text_off);
		if (c >= 0)
			score += c ? 1 : -1;
	}
	return score;
}

/*
 * Whether the items new in each section start with a capital: as most
 * of the hand-written items of that section of r that start with a
 * letter do, or when there are none (or as many of each), most of the
 * file's.
 */
static void
capital_styles(const struct changelog *cl, const struct cl_release *r,
    int capital[CL_SECURITY + 1])
{
	long file = 0, score;
	size_t i;
	int k, file_known = 0;

	for (k = 0; k <= CL_SECURITY; k++) {
		score = 0;
		for (i = 0; r && i < r->nsections; i++)
			if (r->sections[i].rank == k)
				score += capitals(cl, r->sections[i].items,
				    r->sections[i].nitems);
		if (score == 0 && !file_known) {
			file = capitals(cl, cl->items, cl->nitems);
			file_known = 1;
		}
		capital[k] = (score ? score : file) > 0;
	}
}

void
changelog_plan_commits(const struct changelog *cl, const struct cl_release *r,
    const struct gitlogdoc *log, int all_types, struct cl_plan *plan)
{
	const struct gitlogdoc_commit *c;
	struct cl_new_item *it;
	struct notes notes;
	const char *desc;
	size_t i;
	int section, capital[CL_SECURITY + 1];

	memset(plan, 0, sizeof(*plan));
	if (log == NULL || log->ncommits == 0)
		return;
	read_notes(cl, r, &notes);
	capital_styles(cl, r, capital);
	plan->items = xcalloc(log->ncommits, sizeof(*plan->items));
	for (i = 0; i < log->ncommits; i++) {
		c = &log->commits[i];
		desc = c->conventional ? c->description : c->header;
		section = section_of(c, all_types);
		/* rel-gitlog's verdict: a revert and its commit cancel. */
		if (section < 0 || c->cancels || c->cancelled_by) {
			plan->left_out++;
			continue;
		}
		if (mentioned(&notes, c, desc, strlen(desc))) {
			plan->mentioned++;
			continue;
		}
		it = &plan->items[plan->nitems++];
		it->text = item_text(c, desc, strlen(desc), capital[section],
		    &it->ref_at);
		it->id = c->id ? c->id : c->short_id;
		it->breaking = c->breaking;
		it->section = section;
	}
	free_notes(&notes);
}

void
changelog_plan_free(struct cl_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nitems; i++)
		free(plan->items[i].text);
	free(plan->items);
	memset(plan, 0, sizeof(*plan));
}
