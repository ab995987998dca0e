/*
 * releasesdoc.h: reading the document rel-gitlog --releases writes
 * (rel-gitlog(1), OUTPUT), one entry at a time from a stream, so that
 * memory holds one release, not the whole history.
 *
 *	struct releasesdoc rd;
 *	struct releasesdoc_entry e;
 *	releasesdoc_open(&rd, STDIN_FILENO);
 *	while ((rc = releasesdoc_next(&rd, &e, CL_GITLOG_NEED, &err)) > 0) {
 *		...e.tag, e.version, e.date, e.log (gitlogdoc.h)...
 *		releasesdoc_entry_free(&e);
 *	}
 *	releasesdoc_close(&rd);
 *
 * The document is outside input, checked as it is read: the top level
 * is an object whose "schema", before "releases", is
 * "rel-gitlog-releases/1"; each entry is an object with tag, version
 * (SemVer), date ("YYYY-MM-DD..."), strings or null together (null:
 * the unreleased entry), and from, commits and summary read as
 * gitlogdoc_read() reads them. "ok": false, which comes after the
 * releases, is an error at the end, as are a missing "releases" and
 * anything after the object.
 */
#ifndef RELTOOLS_RELEASESDOC_H
#define RELTOOLS_RELEASESDOC_H

#include <stddef.h>

#include "core/strbuf.h"
#include "release/gitlogdoc.h"

struct releasesdoc_entry {
	char *tag;		/* NULL: the unreleased entry */
	char *version;
	char *date;
	struct gitlogdoc log;	/* from, commits, summary */
};

struct releasesdoc {
	int fd;
	struct strbuf buf;	/* read, not yet consumed from pos */
	size_t pos;
	int eof;
	int state;		/* before, in or after "releases", done */
	size_t index;		/* entries read */
	int schema, ok;
	char *error;		/* "error", when ok is false */
};

void releasesdoc_open(struct releasesdoc *rd, int fd);

/*
 * The next entry into e: 1, 0 at the end of the document, or -1 with
 * the reason in err ("releases[2].commits[0].short: missing or not a
 * string", "not JSON: ...", a read error).
 */
int releasesdoc_next(struct releasesdoc *rd, struct releasesdoc_entry *e,
    unsigned need, struct strbuf *err);

void releasesdoc_entry_free(struct releasesdoc_entry *e);
void releasesdoc_close(struct releasesdoc *rd);

#endif
