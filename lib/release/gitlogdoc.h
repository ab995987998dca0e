/*
 * gitlogdoc.h: reading the JSON document rel-gitlog writes
 * (rel-gitlog(1), OUTPUT), for the tools that consume it.
 *
 *	struct gitlogdoc doc = GITLOGDOC_INIT;
 *	if (gitlogdoc_parse(&doc, buf, len, GITLOGDOC_SHORT |
 *	    GITLOGDOC_BUMP, &err) != 0)
 *		die(EXIT_USAGE, "gitlog: %s", err.buf);
 *
 * The verdicts are rel-gitlog's: the increment each commit calls for and
 * the revert pairs that cancel (bump, cancels, cancelled_by). A consumer
 * reads them and never decides them again.
 *
 * The document is outside input, checked as it is read: "schema" is
 * "rel-gitlog/1", and a field that is there has the right JSON type. A
 * consumer requires the fields it uses (the need argument); any other
 * field may be missing, as in a document written by hand or by an older
 * rel-gitlog, and then reads as null (NULL, false, -1 for a bump). The
 * first problem is described in err, naming the place
 * ("commits[3].short: missing or not a string"). Strings are copied as
 * they are (jansson guarantees UTF-8 without NUL bytes).
 */
#ifndef RELTOOLS_GITLOGDOC_H
#define RELTOOLS_GITLOGDOC_H

#include <stddef.h>

#include <jansson.h>

#include "core/strbuf.h"

/* The fields a consumer requires, or'ed: in each commit... */
enum {
	GITLOGDOC_ID = 1 << 0,
	GITLOGDOC_SHORT = 1 << 1,
	GITLOGDOC_HEADER = 1 << 2,
	GITLOGDOC_TYPE = 1 << 3,
	GITLOGDOC_SCOPE = 1 << 4,
	GITLOGDOC_DESCRIPTION = 1 << 5,
	GITLOGDOC_BREAKING = 1 << 6,
	GITLOGDOC_CONVENTIONAL = 1 << 7,
	GITLOGDOC_MERGE = 1 << 8,
	GITLOGDOC_REVERT = 1 << 9,
	GITLOGDOC_REVERTS = 1 << 10,
	GITLOGDOC_FOOTERS = 1 << 11,
	GITLOGDOC_BUMP = 1 << 12,
	GITLOGDOC_CANCELS = 1 << 13,	/* cancels and cancelled_by */
	/* ...and in the document. */
	GITLOGDOC_FROM = 1 << 14,
	GITLOGDOC_SUMMARY = 1 << 15,	/* current, bump, next */
	/* In each commit again: author {name, email}. */
	GITLOGDOC_AUTHOR = 1 << 16
};

struct gitlogdoc_footer {
	char *token;
	char *separator;	/* ":" or "#" */
	char *value;
};

struct gitlogdoc_commit {
	char *id;		/* full object id */
	char *short_id;		/* "short" */
	char *header;
	char *type;		/* NULL when not conventional */
	char *scope;		/* NULL when none */
	char *description;	/* NULL when not conventional */
	int breaking;
	int conventional;
	int merge;
	int revert;
	char *reverts;		/* the reverted id, or NULL */
	struct gitlogdoc_footer *footers;
	size_t nfooters;
	int bump;		/* enum semver_bump; -1 when not given */
	char *cancels;		/* the commit this revert cancels, or NULL */
	char *cancelled_by;	/* the revert that cancels it, or NULL */
	char *author_name;	/* author.name, or NULL */
	char *author_email;	/* author.email, or NULL */
};

struct gitlogdoc {
	struct gitlogdoc_commit *commits;
	size_t ncommits;
	int has_from;		/* "from" is an object: the range has a base */
	char *from_tag;		/* the base's release tag, or NULL */
	char *from_version;	/* its version, or NULL */
	char *current;		/* summary.current, or NULL */
	int bump;		/* summary.bump (enum semver_bump), or -1 */
	char *next;		/* summary.next, or NULL */
	char *other_prefix;	/* other_prefix.prefix: no release tag is
				   under the prefix asked for, but some
				   under this one (reltags.h); or NULL,
				   also when the document has none */
	long long other_prefix_tags;	/* other_prefix.tags */
};

#define GITLOGDOC_INIT { NULL, 0, 0, NULL, NULL, NULL, -1, NULL, NULL, 0 }

/*
 * Parse len bytes of buf, requiring the fields in need. Returns 0, or
 * -1 with the reason in err (doc then holds nothing). A document with
 * "ok": false is refused: its commits are only those walked before
 * rel-gitlog failed.
 */
int gitlogdoc_parse(struct gitlogdoc *doc, const char *buf, size_t len,
    unsigned need, struct strbuf *err);

/*
 * The same of an object already parsed, with "from", "commits" and
 * "summary" as a rel-gitlog/1 document has them (an entry of a --releases
 * document), without "schema" and "ok". 0, or -1 with the reason in err.
 */
int gitlogdoc_read(struct gitlogdoc *doc, json_t *obj, unsigned need,
    struct strbuf *err);

void gitlogdoc_free(struct gitlogdoc *doc);

#endif
