/*
 * gitlog.h: walking a range of commits and parsing each message.
 *
 *	struct gitlog gl;
 *	struct gitlog_commit c;
 *	gitlog_start(&gl, repo, &to, hide, merges);
 *	while ((rc = gitlog_next(&gl, &c)) > 0) {
 *		...use c, e.g. gitlog_commit_write(&sb, &c, 7)...
 *		gitlog_commit_free(&c);
 *	}
 *	gitlog_end(&gl);
 *
 * The walk is commitwalk.h's (newest first by commit date, as git log
 * without sorting options), from TO, hiding the base: commits are handed
 * out one at a time and not kept, so memory hardly grows with the range.
 * Messages whose "encoding" header names another charset
 * are converted to UTF-8; bytes that still are not UTF-8 stay as they are
 * (json_text() makes each one U+FFFD).
 */
#ifndef RELTOOLS_GITLOG_H
#define RELTOOLS_GITLOG_H

#include <git2.h>

#include "release/ccommit.h"
#include "release/semver.h"
#include "git/commitwalk.h"

struct gitlog {
	struct commitwalk walk;
	git_repository *repo;
	int merges;	/* hand out merge commits too */
	const char *const *paths;	/* only commits touching these */
	size_t npaths;			/* (treepaths.h); 0: all */
};

struct gitlog_commit {
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1];
	char *author_name;	/* bytes, UTF-8 when the commit says so */
	char *author_email;
	long long time;		/* author date, seconds since the epoch */
	int merge;		/* more than one parent */
	struct cc_commit cc;	/* the parsed message */
};

/*
 * Walk the commits reachable from to but not from hide (NULL: the whole
 * history down to the root commits). Merge commits are skipped unless
 * merges. Returns 0, or -1 on a git error (gitrepo_errmsg()).
 */
int gitlog_start(struct gitlog *gl, git_repository *repo, const git_oid *to,
    const git_oid *hide, int merges);

/*
 * Hand out only the commits that touch one of the n paths (treepaths.h;
 * the caller keeps them); call after gitlog_start().
 */
void gitlog_only_paths(struct gitlog *gl, const char *const *paths,
    size_t n);

/* The next commit into c: 1, 0 at the end, -1 on a git error. */
int gitlog_next(struct gitlog *gl, struct gitlog_commit *c);

/*
 * Fill c from the size bytes of commit object id (rawcommit.h), as
 * gitlog_next() does; free with gitlog_commit_free().
 */
void gitlog_commit_read(struct gitlog_commit *c, const git_oid *id,
    const char *buf, size_t size);

/*
 * Warn of a BREAKING CHANGE footer under a header that is not
 * conventional: listed, not counted as breaking (ids of abbrev digits).
 */
void gitlog_warn_footer(const struct gitlog_commit *c, int abbrev);

void gitlog_commit_free(struct gitlog_commit *c);
void gitlog_end(struct gitlog *gl);

struct strbuf;

/*
 * The commit as rel-gitlog prints it, as compact JSON text in sb
 * (replacing what it held): {id, short (abbrev hex digits), author
 * {name, email}, date (ISO 8601 UTC), header, type, scope, breaking,
 * description, body, footers [{token, separator, value}], conventional,
 * merge, revert, reverts, and left open for gitlog_verdict_write(), as
 * the verdict may be known only later in the walk. Written directly, not
 * through json_t values: this runs once per commit of a long history.
 */
void gitlog_commit_write(struct strbuf *sb, const struct gitlog_commit *c,
    int abbrev);

/*
 * Close the object gitlog_commit_write() left open with the commit's
 * verdict (logsummary.h): bump, cancels and cancelled_by (ids, or NULL
 * for null).
 */
void gitlog_verdict_write(struct strbuf *sb, enum semver_bump bump,
    const char *cancels, const char *cancelled_by);

/* "2026-01-01T00:00:00Z" into buf (at least 32 bytes). */
void gitlog_format_date(char *buf, size_t size, long long t);

#endif
