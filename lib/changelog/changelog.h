/*
 * changelog.h: a Keep a Changelog (1.1.0 and 2.0.0) file as a model that
 * keeps every byte.
 *
 *	struct changelog cl = CHANGELOG_INIT;
 *	if (changelog_load(&cl, "CHANGELOG.md") != 0) ...;   (EXIT_ENV)
 *	changelog_lint(&cl, NULL);	(changelog_lint.h) cl.diags filled
 *	...cl.releases[i].sections[j].items[k]...
 *	changelog_free(&cl);
 *
 * The model never copies text: lines, headings, items and link references
 * are line indexes and byte spans into buf, so a writer can copy every
 * line it does not change byte for byte (line endings, a missing final
 * newline, text the parser does not understand). Structure:
 *
 *	# Changelog                 the H1 (ATX, or setext with a warning)
 *	intro paragraphs            free text
 *	## [Unreleased]             a release; label "Unreleased"
 *	summary paragraph           allowed before the first section
 *	### Added                   a section
 *	- item                      items; continuation lines (indented, or
 *	  continued                 lazy before a blank line) belong to them
 *	[1.0.0]: https://...        link reference definitions, anywhere
 *
 * HTML comments and fenced code blocks are kept and never read as
 * headings; neither they nor YAML front matter ("---" lines around it,
 * first in the file) count as a first line before the H1. A release
 * heading is "## [LABEL] - DATE", or LABEL as an inline link
 * "[LABEL](URL)", a reference "[LABEL][REF]", or bare "LABEL"; a label
 * "v1.2.3" is the version 1.2.3; the date may be " (DATE)". An H4 or deeper inside a section is a
 * subheading: the items under it stay the section's. The parser records
 * structural diagnostics (prose in a section, setext headings, ...) as it
 * reads; changelog_lint() adds the rules that look at the whole file.
 */
#ifndef RELTOOLS_CHANGELOG_H
#define RELTOOLS_CHANGELOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "release/semver.h"
#include "core/strbuf.h"

/*
 * A byte range of the file's buffer (not NUL-terminated). Offsets and line
 * numbers in the model are 32 bits (a file has at most CHANGELOG_MAX_SIZE
 * bytes): the model's arrays are a fresh page of memory every 4 KiB, and
 * each page costs about as much to fault in as parsing it.
 */
struct cl_span {
	uint32_t off;
	uint32_t len;
};

/* One line: its text without the line ending, and that ending. */
struct cl_line {
	uint32_t off;
	uint32_t len : 30;
	uint32_t eol : 2;	/* 0: none (last line), 1: "\n", 2: "\r\n" */
};

#define CHANGELOG_MAX_SIZE ((size_t)1 << 30)

/* A list item: lines [line, end), the first holding the marker. */
struct cl_item {
	uint32_t line;
	uint32_t end;
	uint32_t text_off;	/* where the text starts after the marker */
};

struct cl_section {
	uint32_t line;		/* heading line */
	uint32_t body;		/* first line after the heading */
	uint32_t end;		/* after the last line that is not blank or a
				   link reference definition */
	struct cl_span name;	/* heading text, trimmed */
	int rank;		/* index in changelog_sections, or -1 */
	uint32_t nitems;
	struct cl_item *items;	/* within changelog.items */
};

struct cl_release {
	uint32_t line;		/* heading line (the text line when setext) */
	uint32_t body;		/* first line after the heading */
	uint32_t end;		/* the next release heading, or nlines */
	uint32_t content_end;	/* after the last line of content (not blank,
				   not a link reference definition) */
	struct cl_span heading;	/* heading text, trimmed */
	struct cl_span label;	/* text between the brackets, or the whole
				   first word when there are none */
	struct cl_span date;	/* len 0 when there is no " - DATE" */
	struct cl_span url;	/* "[LABEL](URL)": URL; len 0 otherwise */
	struct cl_span ref;	/* "[LABEL][REF]": REF (len 0 for "[]") */
	uint8_t form;		/* how the label is written: CL_FORM_* */
	uint8_t unreleased;	/* label is "Unreleased", any case */
	uint8_t yanked;		/* " [YANKED]" after the date */
	uint8_t form_ok;	/* the label, " - DATE", " [YANKED]" only */
	uint8_t version_ok;	/* label parsed as SemVer into version */
	uint8_t vprefix;	/* the label is "v" and the version */
	uint8_t date_paren;	/* " (DATE)" rather than " - DATE" */
	uint32_t nsections;
	struct semver_view version;	/* in buf: nothing to free */
	const struct cl_link *link;	/* its link reference (of REF for
					   CL_FORM_REF), or NULL */
	struct cl_section *sections;	/* within changelog.sections */
};

/* How a release heading writes its label. */
enum cl_form {
	CL_FORM_BRACKETS,	/* "[1.0.0]" */
	CL_FORM_BARE,		/* "1.0.0" */
	CL_FORM_INLINE,		/* "[1.0.0](URL)" */
	CL_FORM_REF		/* "[1.0.0][REF]" or "[1.0.0][]" */
};

/* A link reference definition "[label]: url". */
struct cl_link {
	uint32_t line;
	struct cl_span label;
	struct cl_span url;
};

/* CL_OFF: a diagnostic of a rule turned off, left out of every report. */
enum cl_severity { CL_ERROR, CL_WARNING, CL_OFF };

struct cl_rules;

struct cl_diag {
	size_t line;		/* 1-based */
	size_t column;		/* 1-based, bytes */
	enum cl_severity severity;
	const char *rule;	/* a name of changelog_rules: "semver", ... */
	char *message;
	size_t seq;		/* order of recording, for a stable sort */
};

struct changelog {
	char *path;		/* for messages */
	const char *buf;	/* the file's bytes (read-only, maybe mapped;
				   not NUL-terminated) */
	size_t len;
	int mapped;		/* buf is a mapping of the file */
	struct cl_line *lines;
	size_t nlines;
	const char *eol;	/* the first line's ending, "\n" by default */
	int final_newline;	/* the last line ends with a line ending */
	int has_h1;
	size_t h1_line;
	size_t first_block;	/* the first line that is not blank, a
				   comment or front matter (nlines: none) */
	size_t front_end;	/* after YAML front matter (0: none) */
	struct cl_span title;
	struct cl_release *releases;
	size_t nreleases;
	size_t areleases;
	struct cl_link *links;
	size_t nlinks;
	size_t alinks;
	size_t *link_table;	/* hash of labels, case-insensitive:
				   index + 1 into links, 0 when free */
	size_t link_mask;	/* table size - 1 */
	/* Every section and item of the file in order, in two arrays (one
	   allocation each, not one per release): releases and sections
	   point into them. */
	struct cl_section *sections;
	size_t nsections;
	size_t asections;
	struct cl_item *items;
	size_t nitems;
	size_t aitems;
	struct cl_diag *diags;
	size_t ndiags;
	size_t adiags;
	size_t nparse_diags;	/* how many the parser recorded */
	const struct cl_rules *rules;	/* the severities lint gives, or
					   NULL for the defaults */
	struct arena arena;	/* the arrays above, for a large file */
};

#define CHANGELOG_INIT { 0 }

/* The six sections of Keep a Changelog, in its order: their indices in
   changelog_sections. */
enum cl_section_name {
	CL_ADDED, CL_CHANGED, CL_DEPRECATED, CL_REMOVED, CL_FIXED, CL_SECURITY
};

/* Their names, by enum cl_section_name; NULL-ended. */
extern const char *const changelog_sections[];

/*
 * Read path into cl and parse it. Returns 0, or -1 when the file cannot
 * be read (reported as "PROG: cannot read 'PATH': REASON") or is larger
 * than CHANGELOG_MAX_SIZE. A regular
 * file is mapped rather than copied (much cheaper for large files); it
 * must not be truncated while cl lives (rewrite it by rename, as
 * atomicfile_replace() does).
 */
int changelog_load(struct changelog *cl, const char *path);

/*
 * Parse len bytes of buf (copied) as the file named name. Never fails;
 * len must not exceed CHANGELOG_MAX_SIZE (changelog_load() checks).
 */
void changelog_parse(struct changelog *cl, const char *name, const char *buf,
    size_t len);

void changelog_free(struct changelog *cl);

/* Print the diagnostics in compiler form on stderr; only errors if
   errors_only. */
void changelog_print_diags(const struct changelog *cl, int errors_only);

/* Record a diagnostic of rule (a name of changelog_rules, which gives
   its severity; printf-style message). */
void changelog_diag(struct changelog *cl, size_t line, size_t column,
    const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * The release for which: a version ("1.2.0", also found as "v1.2.0"),
 * "unreleased" or "latest" (the first release that is not
 * [Unreleased]); NULL when there is none.
 */
struct cl_release *changelog_find(const struct changelog *cl,
    const char *which);

/* The first release that is not [Unreleased], or NULL. */
struct cl_release *changelog_latest(const struct changelog *cl);

/* The link reference definition for label (case-insensitive), or NULL. */
const struct cl_link *changelog_link(const struct changelog *cl,
    const char *label, size_t len);

/*
 * An item's text: the first line after the marker, continuation lines
 * joined with "\n" without their indentation, no line endings.
 */
void changelog_item_text(const struct changelog *cl,
    const struct cl_item *item, struct strbuf *out);

/* Line i's text (without the line ending). */
static inline const char *
changelog_line_text(const struct changelog *cl, size_t i)
{
	return cl->buf + cl->lines[i].off;
}

/* Nonzero when line i is empty or only blanks. */
int changelog_line_blank(const struct changelog *cl, size_t i);

/*
 * The bytes of lines [from, to), from < to, endings included: they are
 * contiguous in cl->buf. Returns their length; *ended is 0 when the last
 * line has no ending (the file's last line), which copies add.
 */
size_t changelog_lines_span(const struct changelog *cl, size_t from,
    size_t to, const char **start, int *ended);

/*
 * Append lines [from, to) to out as they are, except that a last line
 * without an ending gets cl->eol (callers cut the final one again when
 * the file had none).
 */
void changelog_copy_lines(const struct changelog *cl, struct strbuf *out,
    size_t from, size_t to);

/* Compare two byte strings ignoring ASCII case: <0, 0 or >0. */
int changelog_casecmp(const char *a, size_t alen, const char *b, size_t blen);

/* Nonzero when s (len bytes) is a real date written YYYY-MM-DD. */
int changelog_valid_date(const char *s, size_t len);

#endif
