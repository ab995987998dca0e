/*
 * commitgraph.h: git's commit-graph file, read directly.
 *
 *	objects/info/commit-graph (gitformat-commit-graph(5)) holds, for
 *	the commits git gc saw, each one's parents and committer date: a
 *	walk of history that needs nothing else reads no commit object.
 *	git log and git tag --merged use it; libgit2 1.5 reads it too, but
 *	refuses the file git 2.36 and later write by default, whose
 *	generation-data chunks (GDA2, GDO2) it does not know. This reader
 *	skips chunks it does not need, as git does.
 *
 *	A commit is named by its position in the file (0 to count - 1).
 *	Commits made since the file was written are not in it; their
 *	ancestors that are, are (the file holds every ancestor of what it
 *	holds). Only a single file of SHA-1 ids is read, not a chain of
 *	split files (commit-graphs/commit-graph-chain) nor a shallow
 *	repository's (git ignores it there): commitgraph_open() then gives
 *	NULL and callers read commit objects, as without a file.
 */
#ifndef RELTOOLS_COMMITGRAPH_H
#define RELTOOLS_COMMITGRAPH_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

struct commitgraph;

/*
 * The commit-graph file of repo, mapped; NULL when there is none or it
 * cannot be used (malformed, split, SHA-256, shallow repository).
 */
struct commitgraph *commitgraph_open(git_repository *repo);

/*
 * The file's bytes already in memory, which must outlive the result
 * (for the fuzz target); NULL when they are not a usable commit-graph.
 */
struct commitgraph *commitgraph_parse(const unsigned char *buf, size_t len);

/* Unmap and free g (may be NULL). */
void commitgraph_free(struct commitgraph *g);

/* How many commits g holds. */
uint32_t commitgraph_count(const struct commitgraph *g);

/* Set *pos to id's position and return 1, or return 0: not in g. */
int commitgraph_find(const struct commitgraph *g, const git_oid *id,
    uint32_t *pos);

/* The id of the commit at pos (< count). */
void commitgraph_id(const struct commitgraph *g, uint32_t pos, git_oid *id);

/* The committer date of the commit at pos (< count), in seconds. */
long long commitgraph_date(const struct commitgraph *g, uint32_t pos);

/*
 * The i-th parent (from 0) of the commit at pos (< count): 1 with its
 * position in *parent, 0 when the commit has no more parents, -1 when
 * the file is malformed there (git_error_set_str() said so).
 */
int commitgraph_parent(const struct commitgraph *g, uint32_t pos, size_t i,
    uint32_t *parent);

#endif
