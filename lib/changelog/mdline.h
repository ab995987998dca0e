/*
 * mdline.h: what one line of Markdown starts, after CommonMark's block
 * rules: ATX headings, setext underlines, list markers, link reference
 * definitions, code fences, HTML comment ends. Each function looks at the
 * len bytes of one line (no line ending) and reports byte ranges
 * relative to it.
 */
#ifndef RELTOOLS_MDLINE_H
#define RELTOOLS_MDLINE_H

#include <stddef.h>

struct md_range {
	size_t off;
	size_t len;
};

/* Leading blanks: the bytes they take, and their width in *width (tabs
   to stops of 4; 4 or more make an indented code line). */
size_t md_indent(const char *s, size_t len, size_t *width);

/* The range of s without leading and trailing blanks. */
struct md_range md_trim(const char *s, size_t len);

/* An ATX heading "## text" starting at i: its level (1 to 6) and the
   trimmed text without a closing sequence ("## text ##"), or 0. */
int md_atx(const char *s, size_t len, size_t i, struct md_range *text);

/* A setext underline ("===" or "---"): 1 or 2, else 0. */
int md_setext(const char *s, size_t len);

/* A list marker at i ("-", "*", "+", "1." or "1)"): nonzero, and where
   the item's text starts in *text. */
int md_list_marker(const char *s, size_t len, size_t i, size_t *text);

/* A link reference definition "[label]: url" at i: nonzero, with the
   label and the URL (inside the brackets of "<url>"); a title after the
   URL is left out. */
int md_link_def(const char *s, size_t len, size_t i, struct md_range *label,
    struct md_range *url);

/* A code fence ("```" or "~~~" and more) at i: its length (0 for none)
   and character. */
size_t md_fence(const char *s, size_t len, size_t i, char *ch);

/* Nonzero when "-->" (the end of an HTML comment) occurs in s. */
int md_comment_end(const char *s, size_t len);

#endif
