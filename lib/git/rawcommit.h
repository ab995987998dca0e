/*
 * rawcommit.h: reading a commit object's bytes as git writes them.
 *
 *	tree HEX
 *	parent HEX		(zero or more)
 *	author NAME <EMAIL> SECONDS ZONE
 *	committer NAME <EMAIL> SECONDS ZONE
 *	encoding CHARSET	(optional; other headers are skipped, and so
 *				 are continuation lines starting with a space)
 *
 *	MESSAGE
 *
 * Reading the object ourselves lets rel-gitlog inflate each commit once
 * (libgit2's revwalk and git_commit_lookup() each inflate it). The reader
 * is lenient like git: a missing or malformed author gives empty fields
 * and a zero date rather than an error, since a commit that is already in
 * the repository has to be listed anyway. Pointers and lengths refer into
 * the buffer, which must outlive the result; nothing is allocated.
 */
#ifndef RELTOOLS_RAWCOMMIT_H
#define RELTOOLS_RAWCOMMIT_H

#include <stddef.h>

struct rawcommit_span {
	const char *s;
	size_t len;
};

struct rawcommit {
	struct rawcommit_span parents;	/* the "parent" lines, each "parent HEX\n" */
	size_t nparents;
	struct rawcommit_span author_name, author_email;
	long long author_time;
	long long commit_time;		/* the committer's date, for the walk */
	struct rawcommit_span encoding;	/* len 0 when none */
	struct rawcommit_span message;	/* leading blank lines removed */
};

/* Parse len bytes of buf into c. Every input gives a result. */
void rawcommit_parse(struct rawcommit *c, const char *buf, size_t len);

/*
 * The i-th parent's hex id (40 or 64 digits) as a span of buf, or a
 * span of length 0 when i is out of range or the line is malformed.
 */
struct rawcommit_span rawcommit_parent(const struct rawcommit *c, size_t i);

#endif
