/*
 * logsummary.h: what a range of commits adds up to, gathered while the
 * commits stream past, in memory that grows with the number of types,
 * contributors and pending reverts, not with the number of commits.
 *
 * It also decides, once for every tool (rel-gitlog(1) writes the verdicts
 * in its document, which the other tools read), what each commit calls
 * for. Each commit calls for a level: breaking -> major (minor while the
 * current release is 0.y.z or there is none), feat -> minor, any other ->
 * patch. A revert and the commit it reverts, both in the range, count for
 * neither (level none) and name each other: the revert names the commit
 * by id (a prefix of at least 7 hex digits), or, without an id, by its
 * header (git's 'Revert "<header>"' or 'Reapply "<header>"', which
 * reverts 'Revert "<header>"', or the description of a "revert:"
 * commit). The walk hands out a revert before the commit it reverts (a
 * descendant before its ancestors, git log's order), so a revert waits in
 * a short list for its commit to come by.
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
	size_t seq;		/* the revert's place in the walk, from 0 */
	char hex[GIT_OID_HEXSZ + 1];	/* the revert's id */
};

/* What one commit calls for. */
struct logsummary_verdict {
	enum semver_bump bump;	/* after the 0.x rule; none when paired */
	/* The revert walked before that cancels this commit, or "". */
	char cancelled_by[GIT_OID_HEXSZ + 1];
	/* That revert's place in the walk; its verdict is now bump none,
	 * cancelling this commit. Meaningless without cancelled_by. */
	size_t partner_seq;
	/* A revert whose commit may still come: its verdict is bump, not
	 * cancelling anything, unless a later commit names it partner. */
	int pending;
};

struct logsummary {
	int major_zero;		/* the current release is 0.y.z, or none */
	size_t count, breaking, unconventional;
	struct logsummary_count *types, *contributors;	/* sorted by key */
	size_t ntypes, ncontributors, alloc_types, alloc_contributors;
	struct logsummary_revert *pending;
	size_t npending, alloc_pending;
	size_t levels[SEMVER_BUMP_MAJOR + 1];	/* commits per level */
};

/* current: the release the range starts from, or NULL. */
void logsummary_init(struct logsummary *s, const struct semver *current);

/* Count c, the next commit of the walk, and give its verdict in *v. */
void logsummary_add(struct logsummary *s, const struct gitlog_commit *c,
    struct logsummary_verdict *v);

/* The highest level among the commits that count; NONE when none does. */
enum semver_bump logsummary_level(const struct logsummary *s);

/* {"feat": n, ...} by type name. */
json_t *logsummary_types_json(const struct logsummary *s);

/* [{name, email, commits}], most commits first, then by name and email. */
json_t *logsummary_contributors_json(const struct logsummary *s);

void logsummary_free(struct logsummary *s);

#endif
