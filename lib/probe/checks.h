/*
 * checks.h: health-probe's checks files, smoke tests as data.
 *
 *	# NAME  URL or /PATH  OPTIONS, as after health-probe on a command line
 *	health   /health --assert 'json.status == "healthy"'
 *	version  /version --assert 'json.version == $VERSION'
 *	login    /login --method POST --data 'user=ada' --expect-status 401
 *
 * One check a line, split into words as sh splits them and never by a
 * shell (core/words.h, with '$' kept): a name, then one URL, or a path
 * starting with '/' that is appended to the base URL, and the options of
 * one probe (probe/probe_args.h), in any order. '#' at the start of a
 * word begins a comment; blank lines are ignored. $NAME in an --assert
 * is a --var's value (probe/probe_vars.h).
 */
#ifndef RELTOOLS_CHECKS_H
#define RELTOOLS_CHECKS_H

#include <stddef.h>

#include "core/strbuf.h"
#include "core/words.h"
#include "probe/probe_args.h"
#include "probe/probe_vars.h"

struct check {
	const char *name;	/* words.argv[0] */
	char *url;		/* the full URL */
	unsigned long line;
	struct probe_args args;	/* args.cfg: the check's probe */
	struct words words;	/* the line's words, which cfg points into */
};

struct checks {
	struct check *v;
	size_t n, alloc;
};

#define CHECKS_INIT { NULL, 0, 0 }

struct checks_options {
	const char *base_url;	/* what a /path is appended to; NULL: none */
	const struct probe_vars *vars;
	int read_only;		/* refuse a check that may write */
};

/* Where a file is wrong: 1-based line and byte column, and why. */
struct checks_error {
	unsigned long line, col;
	struct strbuf msg;
};

/*
 * Parse the len bytes at text into c, every check checked as the command
 * line is. Returns 0, or -1 with err filled at the first error (c then
 * holds the checks before it). Release both either way.
 */
int checks_parse(struct checks *c, const char *text, size_t len,
    const struct checks_options *o, struct checks_error *err);

void checks_release(struct checks *c);

#endif
