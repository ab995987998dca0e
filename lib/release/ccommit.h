/*
 * ccommit.h: the Conventional Commits 1.0.0 parser.
 *
 *	type(scope)!: description
 *
 *	body, any number of paragraphs
 *
 *	Token: value            footers: "Token: value" or "Token #value";
 *	BREAKING CHANGE: text   values may span lines
 *
 * Choices (rel-gitlog(1), DESCRIPTION): CR bytes are removed first; the
 * header needs ": " and a non-empty description; the type is lower-cased;
 * an empty scope "()" makes the header non-conventional; "BREAKING CHANGE"
 * and "BREAKING-CHANGE" footers (upper-case, as the spec requires) and "!"
 * mark a breaking change; "BREAKING CHANGE:" with nothing after the colon
 * (git strips the blank of "BREAKING CHANGE: " when the description
 * follows on the next lines) is one too, its value those lines, and not
 * breaking when no text follows. The footer block is the longest run of trailing
 * paragraphs that each begin with a footer line, so a body paragraph that
 * happens to start "Note: ..." stays body unless everything after it is
 * footers too. Reverts: the type "revert", git's 'Revert "<header>"' and
 * its 'Reapply "<header>"' for a revert of a revert; the reverted id comes
 * from git's "This reverts commit <id>." or a "Refs:" footer.
 *
 * The input need not be valid UTF-8 and may contain NUL bytes; output
 * strings are byte copies (callers sanitize for JSON).
 */
#ifndef RELTOOLS_CCOMMIT_H
#define RELTOOLS_CCOMMIT_H

#include <stddef.h>

struct cc_footer {
	char *token;		/* "Fixes", "BREAKING CHANGE", "Refs" */
	char *separator;	/* ":" (for ": ") or "#" (for " #") */
	char *value;		/* may contain newlines; trailing blanks cut */
};

struct cc_commit {
	char *header;		/* the first line */
	int conventional;	/* the header follows the grammar */
	const char *problem;	/* why it does not (a static string, lower
				   case), NULL when it does */
	char *type;		/* lower-cased; NULL when not conventional */
	char *scope;		/* NULL when none */
	int breaking;
	char *description;	/* NULL when not conventional */
	char *body;		/* NULL when none */
	struct cc_footer *footers;
	size_t nfooters, alloc_footers;
	int revert;
	char *reverts;		/* the reverted commit id, or NULL */
};

/*
 * Parse len bytes of msg into c (free with cc_free()). Every message
 * parses: one that does not follow the grammar has conventional == 0 and
 * keeps its header, body and footers.
 */
void cc_parse(struct cc_commit *c, const char *msg, size_t len);

/*
 * The token of c's first "BREAKING CHANGE" or "BREAKING-CHANGE" footer, or
 * NULL. Such a footer under a header that is not conventional is kept
 * but does not make the commit breaking: the spec defines it for
 * conventional commits only.
 */
const char *cc_breaking_footer(const struct cc_commit *c);

void cc_free(struct cc_commit *c);

#endif
