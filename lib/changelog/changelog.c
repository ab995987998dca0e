/* changelog.c: reading a Keep a Changelog file into the byte-keeping model. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/bytemask.h"
#include "changelog/changelog.h"
#include "changelog/changelog_rules.h"
#include "core/diag.h"
#include "changelog/mdline.h"
#include "core/readfile.h"
#include "core/xalloc.h"

const char *const changelog_sections[] = {
	[CL_ADDED] = "Added", [CL_CHANGED] = "Changed",
	[CL_DEPRECATED] = "Deprecated", [CL_REMOVED] = "Removed",
	[CL_FIXED] = "Fixed", [CL_SECURITY] = "Security", [CL_SECURITY + 1] = NULL
};

/* What the parser is inside of while it walks the lines. */
struct parse_state {
	struct changelog *cl;
	int in_release;
	int in_section;
	int in_item;
	int prev_blank;		/* the line before was blank */
	int para_open;		/* a paragraph (or item text) is running */
	int in_comment;		/* inside <!-- ... --> */
	char fence_ch;		/* inside a fenced code block: '`' or '~' */
	size_t fence_len;
	size_t opened;		/* the line of that comment or fence */
};

/* Room for element n of an array of the model. */
static void *
grow(struct changelog *cl, void *p, size_t n, size_t *alloc, size_t size)
{
	size_t old = *alloc;

	if (n < old)
		return p;
	*alloc = old ? old * 2 : 4;
	return arena_grow(&cl->arena, p, old * size, *alloc * size);
}

/* A new array of the model. */
static void *
model_array(struct changelog *cl, size_t n, size_t size)
{
	return arena_grow(&cl->arena, NULL, 0, n * size);
}

/* Equal ignoring ASCII case; the exact bytes, the usual case, first. */
static int
same_label(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (memcmp(a, b, alen) == 0 ||
	    changelog_casecmp(a, alen, b, blen) == 0);
}

void
changelog_diag(struct changelog *cl, size_t line, size_t column,
    const char *rule, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct cl_diag *d;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	cl->diags = grow(cl, cl->diags, cl->ndiags, &cl->adiags,
	    sizeof(*cl->diags));
	d = &cl->diags[cl->ndiags];
	d->line = line;
	d->column = column;
	d->severity = changelog_rule_severity(cl->rules, rule);
	d->rule = rule;
	d->message = strbuf_detach(&sb, NULL);
	d->seq = cl->ndiags++;
}

int
changelog_line_blank(const struct changelog *cl, size_t i)
{
	const char *s = changelog_line_text(cl, i);
	size_t n = cl->lines[i].len, k;

	for (k = 0; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t')
			return 0;
	return 1;
}

/* The span of buf's len bytes at off without leading and trailing blanks. */
static struct cl_span
trimmed(const char *buf, size_t off, size_t len)
{
	struct md_range r = md_trim(buf + off, len);
	struct cl_span sp = { off + r.off, r.len };

	return sp;
}

static void
mark_content(struct parse_state *ps, size_t i)
{
	struct changelog *cl = ps->cl;
	struct cl_release *r;

	if (!ps->in_release)
		return;
	r = &cl->releases[cl->nreleases - 1];
	r->content_end = i + 1;
	if (ps->in_section)
		cl->sections[cl->nsections - 1].end = i + 1;
}

/* The end of a bracketed part starting at p ('[' or '('), or NULL. */
static const char *
closing(const char *p, const char *end)
{
	return memchr(p, *p == '[' ? ']' : ')', end - p);
}

static void
parse_label(struct changelog *cl, struct cl_release *r, const char **pp,
    const char *end)
{
	const char *b = cl->buf, *p = *pp, *q;

	if (p < end && *p == '[' && (q = closing(p, end)) != NULL) {
		r->label.off = p + 1 - b;
		r->label.len = q - p - 1;
		p = q + 1;
		r->form = CL_FORM_BRACKETS;
		/* A reference's name is a link label: no '[' in it. */
		if (p < end && (*p == '(' || *p == '[') &&
		    (q = closing(p, end)) != NULL &&
		    (*p == '(' || memchr(p + 1, '[', q - p - 1) == NULL)) {
			if (*p == '(')
				r->url = trimmed(b, p + 1 - b, q - p - 1);
			else
				r->ref = trimmed(b, p + 1 - b, q - p - 1);
			r->form = *p == '(' ? CL_FORM_INLINE : CL_FORM_REF;
			p = q + 1;
		}
	} else {
		for (q = p; q < end && *q != ' ' && *q != '\t'; q++)
			;
		r->label.off = p - b;
		r->label.len = q - p;
		r->form = CL_FORM_BARE;
		p = q;
	}
	*pp = p;
}

static void
parse_release_heading(struct changelog *cl, struct cl_release *r)
{
	const char *b = cl->buf, *p = b + r->heading.off;
	const char *end = p + r->heading.len, *q, *label;

	parse_label(cl, r, &p, end);
	if (end - p >= 3 && memcmp(p, " - ", 3) == 0) {
		p += 3;
		for (q = p; q < end && *q != ' '; q++)
			;
		r->date.off = p - b;
		r->date.len = q - p;
		p = q;
	} else if (end - p >= 3 && memcmp(p, " (", 2) == 0 &&
	    (q = memchr(p + 2, ')', end - p - 2)) != NULL) {
		r->date.off = p + 2 - b;
		r->date.len = q - p - 2;
		r->date_paren = 1;
		p = q + 1;
	}
	if (end - p == 9 && memcmp(p, " [YANKED]", 9) == 0) {
		r->yanked = 1;
		p = end;
	}
	label = b + r->label.off;
	r->unreleased = same_label(label, r->label.len, "Unreleased", 10);
	if (!r->unreleased) {
		r->version_ok = semver_view_parse(&r->version, label,
		    r->label.len) == 0;
		if (!r->version_ok && r->label.len > 1 &&
		    (*label | 0x20) == 'v')
			r->version_ok = r->vprefix = semver_view_parse(
			    &r->version, label + 1, r->label.len - 1) == 0;
	}
	/* A first word is a label only when it is a version. */
	r->form_ok = p == end && (r->form != CL_FORM_BARE || r->version_ok ||
	    r->unreleased);
}

static void
open_release(struct parse_state *ps, size_t line, size_t body,
    struct cl_span text)
{
	struct changelog *cl = ps->cl;
	struct cl_release *r;

	if (ps->in_release)
		cl->releases[cl->nreleases - 1].end = line;
	cl->releases = grow(cl, cl->releases, cl->nreleases, &cl->areleases,
	    sizeof(*cl->releases));
	r = &cl->releases[cl->nreleases++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->body = r->content_end = body;
	r->end = cl->nlines;
	r->heading = text;
	parse_release_heading(cl, r);
	ps->in_release = 1;
	ps->in_section = 0;
}

/* The index of a name in changelog_sections, or -1. */
static int
section_rank(const char *s, size_t len)
{
	static const char initials[] = "acdrfs";	/* in that order */
	const char *p;
	int rank;

	if (len == 0 || (p = strchr(initials, s[0] | 0x20)) == NULL)
		return -1;
	rank = (int)(p - initials);
	return same_label(s, len, changelog_sections[rank],
	    strlen(changelog_sections[rank])) ? rank : -1;
}

static void
open_section(struct parse_state *ps, size_t line, size_t body,
    struct cl_span text)
{
	struct changelog *cl = ps->cl;
	struct cl_release *r;
	struct cl_section *s;

	if (!ps->in_release) {
		changelog_diag(cl, line + 1, 1, "outside",
		    "section '%.*s' outside a release", (int)text.len,
		    cl->buf + text.off);
		return;
	}
	r = &cl->releases[cl->nreleases - 1];
	cl->sections = grow(cl, cl->sections, cl->nsections, &cl->asections,
	    sizeof(*cl->sections));
	s = &cl->sections[cl->nsections++];
	r->nsections++;
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->body = s->end = body;
	s->name = text;
	s->rank = section_rank(cl->buf + text.off, text.len);
	r->content_end = body;
	ps->in_section = 1;
}

static void
add_item(struct parse_state *ps, size_t line, size_t text_off)
{
	struct changelog *cl = ps->cl;
	struct cl_section *s = &cl->sections[cl->nsections - 1];
	struct cl_item *it;

	cl->items = grow(cl, cl->items, cl->nitems, &cl->aitems,
	    sizeof(*cl->items));
	it = &cl->items[cl->nitems++];
	s->nitems++;
	it->line = line;
	it->end = line + 1;
	it->text_off = text_off;
	ps->in_item = 1;
}

static void
extend_item(struct parse_state *ps, size_t line)
{
	struct changelog *cl = ps->cl;

	cl->items[cl->nitems - 1].end = line + 1;
}

/* A heading of level at line (setext: the underline follows). */
static void
heading(struct parse_state *ps, int level, size_t line, int setext,
    struct cl_span text)
{
	struct changelog *cl = ps->cl;
	size_t body = line + 1 + (setext != 0);

	if (setext)
		changelog_diag(cl, line + 1, 1, "setext",
		    "setext heading read as '%s %.*s'", level == 1 ? "#" : "##",
		    (int)text.len, cl->buf + text.off);
	ps->in_item = 0;
	if (level == 1) {
		if (cl->has_h1)
			changelog_diag(cl, line + 1, 1, "h1-single",
			    "second H1 heading (the first is on line %zu)",
			    cl->h1_line + 1);
		else {
			cl->has_h1 = 1;
			cl->h1_line = line;
			cl->title = text;
		}
		mark_content(ps, body - 1);
	} else if (level == 2)
		open_release(ps, line, body, text);
	else
		open_section(ps, line, body, text);
}

/* A line that is not a heading, link definition or blank. */
static void
text_line(struct parse_state *ps, size_t i, size_t ind, size_t width,
    int fence)
{
	struct changelog *cl = ps->cl;
	const char *s = changelog_line_text(cl, i);
	size_t len = cl->lines[i].len, text;
	int item = width < 4 && md_list_marker(s, len, ind, &text);

	if (ps->in_item && (width >= 2 || (!ps->prev_blank && !item)))
		extend_item(ps, i);
	else if (item && ps->in_section)
		add_item(ps, i, text);
	else {
		ps->in_item = 0;
		if (fence)
			;	/* a code block may stand anywhere */
		else if (ps->in_section && (!ps->para_open || item))
			changelog_diag(cl, i + 1, ind + 1, "prose",
			    "text in a section that is not a list item");
		else if (item && ps->in_release)
			changelog_diag(cl, i + 1, ind + 1, "outside",
			    "list item outside a section");
	}
	ps->para_open = 1;
}

/* Lines inside a comment or a fence; nonzero when line i was one. */
static int
verbatim_line(struct parse_state *ps, size_t i, const char *s, size_t len)
{
	size_t w, ind;
	char ch = 0;

	if (ps->in_comment) {
		ps->in_comment = !md_comment_end(s, len);
	} else if (ps->fence_ch) {
		ind = md_indent(s, len, &w);
		if (w < 4 && md_fence(s, len, ind, &ch) >= ps->fence_len &&
		    ch == ps->fence_ch)
			ps->fence_ch = 0, ps->para_open = 0;
		if (ps->in_item)
			extend_item(ps, i);
	} else
		return 0;
	mark_content(ps, i);
	return 1;
}

/* Line i + 1 is a setext underline: 1 ("==="), 2 ("---") or 0. */
static int
underline_follows(const struct changelog *cl, size_t i)
{
	const char *s;

	if (i + 1 >= cl->nlines || cl->lines[i + 1].len == 0)
		return 0;
	s = changelog_line_text(cl, i + 1);
	/* Most lines start with neither: no need to look further. */
	if (*s != '=' && *s != '-' && *s != ' ')
		return 0;
	return md_setext(s, cl->lines[i + 1].len);
}

static void
parse_line(struct parse_state *ps, size_t *ip)
{
	struct changelog *cl = ps->cl;
	size_t i = *ip, len = cl->lines[i].len, base = cl->lines[i].off, w, ind,
	    n;
	const char *s = changelog_line_text(cl, i);
	struct md_range r = { 0, 0 }, label, url;
	struct cl_span text;
	struct cl_link *link;
	int level = 0, fence;
	char ch;

	if (verbatim_line(ps, i, s, len))
		return;
	/* Most lines start at the margin: no call for them. */
	if (len && s[0] != ' ' && s[0] != '\t')
		ind = w = 0;
	else
		ind = md_indent(s, len, &w);
	if (ind == len) {
		ps->prev_blank = 1;
		ps->para_open = 0;
		return;
	}
	if (cl->first_block == cl->nlines && !(s[ind] == '<' &&
	    len - ind >= 4 && memcmp(s + ind, "<!--", 4) == 0))
		cl->first_block = i;
	/* Cheap tests first: most lines are list items or plain text. */
	if (w < 4 && s[ind] == '#' && (level = md_atx(s, len, ind, &r)) >= 4) {
		if (ps->in_section) {
			changelog_diag(cl, i + 1, ind + 1,
			    "subheading", "H%d heading inside a section",
			    level);
			ps->in_item = 0;
			mark_content(ps, i);
			goto done;
		}
		level = 0;
	}
	text.off = base + r.off;
	text.len = r.len;
	if (w < 4 && !level && !ps->para_open &&
	    (level = underline_follows(cl, i)) != 0) {
		if (!md_list_marker(s, len, ind, &n) &&
		    !md_link_def(s, len, ind, &label, &url)) {
			text = trimmed(cl->buf, base, len);
			heading(ps, level, i, 1, text);
			*ip = i + 1;
			goto done;
		}
		level = 0;
	}
	if (level) {
		heading(ps, level, i, 0, text);
		goto done;
	}
	if (w < 4 && s[ind] == '[' && md_link_def(s, len, ind, &label, &url)) {
		cl->links = grow(cl, cl->links, cl->nlinks, &cl->alinks,
		    sizeof(*cl->links));
		link = &cl->links[cl->nlinks++];
		link->line = i;
		link->label.off = base + label.off;
		link->label.len = label.len;
		link->url.off = base + url.off;
		link->url.len = url.len;
		ps->in_item = 0;
		goto done;
	}
	if (w < 4 && s[ind] == '<' && len - ind >= 4 &&
	    memcmp(s + ind, "<!--", 4) == 0) {
		ps->in_comment = !md_comment_end(s + ind + 4, len - ind - 4);
		ps->opened = i;
		mark_content(ps, i);
		goto done;
	}
	fence = w < 4 && (s[ind] == '`' || s[ind] == '~') &&
	    (n = md_fence(s, len, ind, &ch)) != 0;
	if (fence)
		ps->fence_ch = ch, ps->fence_len = n, ps->opened = i;
	text_line(ps, i, ind, w, fence);
	mark_content(ps, i);
	ps->prev_blank = 0;
	return;
done:
	ps->prev_blank = 0;
	ps->para_open = 0;
}

int
changelog_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, n = alen < blen ? alen : blen;
	unsigned char ca, cb;

	/* ASCII only, without the locale machinery of strncasecmp(). */
	for (i = 0; i < n; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

/* FNV-1a of a label with ASCII letters lower-cased. */
static size_t
label_hash(const char *s, size_t len)
{
	size_t h = 2166136261u, i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* The slot of label in the link table: its entry, or the free one. */
static size_t *
link_slot(const struct changelog *cl, const char *label, size_t len)
{
	size_t i = label_hash(label, len) & cl->link_mask, *e;
	const struct cl_link *l;

	for (;; i = (i + 1) & cl->link_mask) {
		e = &cl->link_table[i];
		if (*e == 0)
			return e;
		l = &cl->links[*e - 1];
		if (same_label(cl->buf + l->label.off, l->label.len, label,
		    len))
			return e;
	}
}

/* Index the links by label; the first definition of a label wins, as in
   CommonMark. */
static void
index_links(struct changelog *cl)
{
	size_t size = 16, i, *e;
	const struct cl_link *l;

	while (size < cl->nlinks * 2)
		size *= 2;
	cl->link_table = model_array(cl, size, sizeof(*cl->link_table));
	memset(cl->link_table, 0, size * sizeof(*cl->link_table));
	cl->link_mask = size - 1;
	for (i = 0; i < cl->nlinks; i++) {
		l = &cl->links[i];
		e = link_slot(cl, cl->buf + l->label.off, l->label.len);
		if (*e == 0)
			*e = i + 1;
	}
}

/* Where lines end in the 64 bytes at off: a bit for each newline, and one
   for the end of a buffer whose last line has none, when it falls there. */
static uint64_t
line_ends(const struct changelog *cl, size_t off)
{
	char tail[64];
	size_t n = cl->len - off;

	if (n >= 64)
		return bytemask64(cl->buf + off, '\n');
	memcpy(tail, cl->buf + off, n);
	memset(tail + n, 0, sizeof(tail) - n);
	return bytemask64(tail, '\n') |
	    (uint64_t)(cl->buf[cl->len - 1] != '\n') << n;
}

static void
split_lines(struct changelog *cl)
{
	size_t off = 0, alloc = cl->len / 32 + 16, h2 = 0, h3 = 0, li = 0;
	size_t block, end, n;
	const char *s;
	uint64_t ends;
	int cr;
	struct cl_line *l;

	/* Sized for lines of 32 bytes: rarely grown, never by much. */
	cl->lines = model_array(cl, alloc, sizeof(*cl->lines));
	for (block = 0; off < cl->len; block += 64) {
		for (ends = line_ends(cl, block); ends; ends &= ends - 1) {
			end = block + (size_t)__builtin_ctzll(ends);
			cl->lines = grow(cl, cl->lines, cl->nlines, &alloc,
			    sizeof(*cl->lines));
			l = &cl->lines[cl->nlines++];
			l->off = off;
			/* Count what look like releases, sections and items,
			   to size their arrays once (a guess: they still grow
			   if needed). */
			s = cl->buf + off;
			switch (s[0]) {
			case '#':
				if (cl->len - off >= 4 && s[1] == '#')
					h2 += s[2] == ' ', h3 += s[2] == '#';
				break;
			case '-': case '*': case '+':
				li += cl->len - off >= 2 && s[1] == ' ';
				break;
			}
			/* Worked out in locals, stored once: the fields share
			   a word. */
			n = end - off;
			if (end == cl->len) {
				l->len = n;
				l->eol = 0;
				off = end;
				break;
			}
			cr = n && s[n - 1] == '\r';
			l->len = n - cr;
			l->eol = 1 + cr;
			off = end + 1;
		}
	}
	cl->eol = cl->nlines && cl->lines[0].eol == 2 ? "\r\n" : "\n";
	cl->final_newline = cl->nlines && cl->lines[cl->nlines - 1].eol;
	cl->areleases = h2 + 1;
	cl->releases = model_array(cl, cl->areleases, sizeof(*cl->releases));
	cl->asections = h3 + 1;
	cl->sections = model_array(cl, cl->asections, sizeof(*cl->sections));
	cl->aitems = li + 1;
	cl->items = model_array(cl, cl->aitems, sizeof(*cl->items));
}

/* The arrays are complete: releases and sections point into them. */
static void
point_into_arrays(struct changelog *cl)
{
	size_t i, ns = 0, ni = 0;

	for (i = 0; i < cl->nreleases; i++) {
		cl->releases[i].sections = cl->sections + ns;
		ns += cl->releases[i].nsections;
	}
	for (i = 0; i < cl->nsections; i++) {
		cl->sections[i].items = cl->items + ni;
		ni += cl->sections[i].nitems;
	}
}

/* Line i is exactly s (len bytes), trailing blanks aside. */
static int
line_is(const struct changelog *cl, size_t i, const char *s, size_t len)
{
	struct md_range r = md_trim(changelog_line_text(cl, i),
	    cl->lines[i].len);

	return r.off == 0 && r.len == len &&
	    memcmp(changelog_line_text(cl, i), s, len) == 0;
}

/*
 * YAML front matter, as static site generators read it: "---" on the
 * first line, closed by "---" or "...". Returns the line after it, or 0.
 */
static size_t
front_matter(const struct changelog *cl)
{
	size_t i;

	if (cl->nlines < 2 || !line_is(cl, 0, "---", 3))
		return 0;
	for (i = 1; i < cl->nlines; i++)
		if (line_is(cl, i, "---", 3) || line_is(cl, i, "...", 3))
			return i + 1;
	return 0;
}

/* Parse buf (len bytes, malloc'd or mapped), which cl takes over. */
static void
parse_owned(struct changelog *cl, const char *name, const char *buf,
    size_t len, int mapped)
{
	struct parse_state ps;
	struct cl_release *r;
	struct cl_span l;
	size_t i;

	memset(cl, 0, sizeof(*cl));
	memset(&ps, 0, sizeof(ps));
	ps.cl = cl;
	cl->path = xstrdup(name);
	cl->buf = buf;
	cl->len = len;
	cl->mapped = mapped;
	/* The model takes about two thirds of the file's size: an arena
	   of the file's size holds it, with room for diagnostics. */
	arena_init(&cl->arena, len);
	split_lines(cl);
	/* A byte order mark is kept, but not read as part of line 1. */
	if (cl->nlines && cl->lines[0].len >= 3 &&
	    memcmp(cl->buf, "\xef\xbb\xbf", 3) == 0)
		cl->lines[0].off += 3, cl->lines[0].len -= 3;
	cl->first_block = cl->nlines;
	cl->front_end = front_matter(cl);
	for (i = cl->front_end; i < cl->nlines; i++)
		parse_line(&ps, &i);
	/* Everything after it was read as its text, headings included. */
	if (ps.in_comment || ps.fence_ch)
		changelog_diag(cl, ps.opened + 1, 1, "unclosed",
		    "%s never closed: the rest of the file is inside it",
		    ps.in_comment ? "HTML comment" : "code fence");
	if (cl->nlines && cl->lines[0].off == 3)
		cl->lines[0].off = 0, cl->lines[0].len += 3;
	index_links(cl);
	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		l = r->form == CL_FORM_REF && r->ref.len ? r->ref : r->label;
		r->link = changelog_link(cl, cl->buf + l.off, l.len);
	}
	point_into_arrays(cl);
	cl->nparse_diags = cl->ndiags;
}

void
changelog_parse(struct changelog *cl, const char *name, const char *buf,
    size_t len)
{
	char *copy;

	if (len > CHANGELOG_MAX_SIZE)
		die(EXIT_USAGE, "'%s' is too large", name);
	copy = xmalloc(len + 1);
	memcpy(copy, buf, len);
	parse_owned(cl, name, copy, len, 0);
}

/*
 * A regular, non-empty file is mapped; standard input, an empty or a
 * special file is read, from the same descriptor: a FIFO gives its bytes
 * to one reader only.
 */
int
changelog_load(struct changelog *cl, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	void *map;
	size_t len;
	int fd = STDIN_FILENO, saved;

	memset(cl, 0, sizeof(*cl));
	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0)
		goto fail;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		len = (size_t)st.st_size;
		errno = EFBIG;
		if (len > CHANGELOG_MAX_SIZE || (map = mmap(NULL, len,
		    PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
			goto fail;
		close(fd);
		parse_owned(cl, path, map, len, 1);
		return 0;
	}
	if (readfile_fd(fd, &sb) != 0)
		goto fail;
	errno = EFBIG;
	if (sb.len > CHANGELOG_MAX_SIZE)
		goto fail;
	if (fd != STDIN_FILENO)
		close(fd);
	strbuf_grow(&sb, 1);	/* an empty file: still a buffer */
	len = sb.len;		/* before the buffer is detached */
	parse_owned(cl, path, strbuf_detach(&sb, NULL), len, 0);
	return 0;
fail:
	saved = errno;
	if (fd >= 0 && fd != STDIN_FILENO)
		close(fd);
	strbuf_release(&sb);
	errno = saved;
	errmsg_errno("cannot read '%s'", path);
	return -1;
}

void
changelog_free(struct changelog *cl)
{
	size_t i;

	for (i = 0; i < cl->ndiags; i++)
		free(cl->diags[i].message);
	arena_free(&cl->arena, cl->releases);
	arena_free(&cl->arena, cl->sections);
	arena_free(&cl->arena, cl->items);
	arena_free(&cl->arena, cl->links);
	arena_free(&cl->arena, cl->link_table);
	arena_free(&cl->arena, cl->diags);
	arena_free(&cl->arena, cl->lines);
	arena_release(&cl->arena);
	if (cl->mapped)
		munmap((void *)cl->buf, cl->len);
	else
		free((void *)cl->buf);
	free(cl->path);
	memset(cl, 0, sizeof(*cl));
}

struct cl_release *
changelog_latest(const struct changelog *cl)
{
	size_t i;

	for (i = 0; i < cl->nreleases; i++)
		if (!cl->releases[i].unreleased)
			return &cl->releases[i];
	return NULL;
}

struct cl_release *
changelog_find(const struct changelog *cl, const char *which)
{
	size_t i, n = strlen(which);
	struct cl_release *r;

	if (strcasecmp(which, "latest") == 0)
		return changelog_latest(cl);
	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (r->unreleased ? strcasecmp(which, "unreleased") == 0 :
		    (r->label.len == n &&
		    memcmp(cl->buf + r->label.off, which, n) == 0) ||
		    (r->vprefix && r->label.len == n + 1 &&
		    memcmp(cl->buf + r->label.off + 1, which, n) == 0))
			return r;
	}
	return NULL;
}

const struct cl_link *
changelog_link(const struct changelog *cl, const char *label, size_t len)
{
	size_t *e = link_slot(cl, label, len);

	return *e ? &cl->links[*e - 1] : NULL;
}

void
changelog_item_text(const struct changelog *cl, const struct cl_item *item,
    struct strbuf *out)
{
	struct cl_span sp;
	size_t i, first = 1;

	for (i = item->line; i < item->end; i++) {
		if (changelog_line_blank(cl, i))
			continue;
		if (i == item->line)
			sp = trimmed(cl->buf, cl->lines[i].off + item->text_off,
			    cl->lines[i].len - item->text_off);
		else
			sp = trimmed(cl->buf, cl->lines[i].off,
			    cl->lines[i].len);
		if (!first)
			strbuf_addc(out, '\n');
		strbuf_add(out, cl->buf + sp.off, sp.len);
		first = 0;
	}
}

size_t
changelog_lines_span(const struct changelog *cl, size_t from, size_t to,
    const char **start, int *ended)
{
	const struct cl_line *a = &cl->lines[from], *b = &cl->lines[to - 1];

	*start = cl->buf + a->off;
	*ended = b->eol != 0;
	return b->off + b->len + b->eol - a->off;
}

void
changelog_copy_lines(const struct changelog *cl, struct strbuf *out,
    size_t from, size_t to)
{
	const char *start;
	size_t len;
	int ended;

	if (from >= to)
		return;
	len = changelog_lines_span(cl, from, to, &start, &ended);
	strbuf_add(out, start, len);
	if (!ended)
		strbuf_adds(out, cl->eol);
}

int
changelog_valid_date(const char *s, size_t len)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 ||
	    (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}
