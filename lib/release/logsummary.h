/*
 * logsummary.h: what a range of commits adds up to, gathered while the
 * commits stream past, in memory that grows with the number of types,
 * contributors and pending reverts, not with the number of commits.
 *
 * Each commit calls for a level: breaking -> major, feat -> minor, any
 * other -> patch. A revert and the commit it reverts, both in the range,
 * count for neither: the revert names the commit by id (a prefix of at
 * least 7 hex digits), or, without an id, by its header (git's 'Revert
 * "<header>"', or the description of a "revert:" commit). The walk hands
 * out a revert before the commit it reverts (a descendant before its
 * ancestors, git log's order), so a revert waits in a short list for its
 * commit to come by.
 */
#ifndef RELTOOLS_LOGSUMMARY_H
#define RELTOOLS_LOGSUMMARY_H

#include <jansson.h>

#include "release/gitlog.h"
#include "release/semver.h"

struct logsummary_count {
	char *key;		/* a type, or "name\nemail" */
	size_t n;
};

struct logsummary_revert {
	char *id;		/* the reverted id or prefix, or NULL */
	char *header;		/* the reverted header when no id */
	enum semver_bump level;	/* the revert's own level */
};

struct logsummary {
	size_t count, breaking, unconventional;
	struct logsummary_count *types, *contributors;	/* sorted by key */
	size_t ntypes, ncontributors, alloc_types, alloc_contributors;
	struct logsummary_revert *pending;
	size_t npending, alloc_pending;
	size_t levels[SEMVER_BUMP_MAJOR + 1];	/* commits per level */
};

void logsummary_init(struct logsummary *s);
void logsummary_add(struct logsummary *s, const struct gitlog_commit *c);

/* The highest level among the commits that count; NONE when none does. */
enum semver_bump logsummary_level(const struct logsummary *s);

/* {"feat": n, ...} by type name. */
json_t *logsummary_types_json(const struct logsummary *s);

/* [{name, email, commits}], most commits first, then by name and email. */
json_t *logsummary_contributors_json(const struct logsummary *s);

void logsummary_free(struct logsummary *s);

#endif
