/*
 * gitlogdoc.h: reading the JSON document rel-gitlog writes (DESIGN.md,
 * "rel-gitlog"), for tools that consume it.
 *
 *	struct gitlog log = GITLOG_INIT;
 *	if (gitlog_parse(&log, buf, len, &err) != 0)
 *		die(EXIT_USAGE, "gitlog: %s", err.buf);
 *
 * The document is outside input: everything this file reads is checked
 * ("schema" is "rel-gitlog/1"; each commit has the fields below with the
 * right JSON types), and the first problem is described in err, naming
 * the place ("commits[3].short: missing or not a string"). Strings are
 * copied as they are (jansson guarantees UTF-8 without NUL bytes).
 */
#ifndef RELTOOLS_GITLOGDOC_H
#define RELTOOLS_GITLOGDOC_H

#include <stddef.h>

#include "core/strbuf.h"

struct gitlog_footer {
	char *token;
	char *separator;	/* ":" or "#" */
	char *value;
};

struct gitlog_commit {
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
	struct gitlog_footer *footers;
	size_t nfooters;
};

struct gitlog {
	struct gitlog_commit *commits;
	size_t ncommits;
};

#define GITLOG_INIT { NULL, 0 }

/*
 * Parse len bytes of buf. Returns 0, or -1 with the reason in err (log
 * then holds nothing). A document with "ok": false is refused: its
 * commits are only those walked before rel-gitlog failed.
 */
int gitlog_parse(struct gitlog *log, const char *buf, size_t len,
    struct strbuf *err);

void gitlog_free(struct gitlog *log);

#endif
