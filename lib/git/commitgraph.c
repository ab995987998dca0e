/* commitgraph.c: git's commit-graph file (gitformat-commit-graph(5)). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "git/commitgraph.h"

#define HEADER_SIZE	8
#define CHUNK_ENTRY	12
#define FANOUT_SIZE	(256 * 4)
#define OID_SIZE	20			/* SHA-1, hash version 1 */
#define CDAT_ENTRY	(OID_SIZE + 16)		/* tree, 2 parents, level+date */
#define PARENT_NONE	0x70000000u
#define PARENT_EDGES	0x80000000u		/* in parent 2: an EDGE index */
#define EDGE_LAST	0x80000000u

struct commitgraph {
	const unsigned char *oids;	/* OIDL: count ids, sorted */
	const unsigned char *data;	/* CDAT */
	const unsigned char *edges;	/* EDGE, or NULL */
	size_t nedges;
	uint32_t count;
	const unsigned char *fanout;	/* OIDF */
	void *map;			/* what to munmap, or NULL */
	size_t maplen;
};

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t
get_be64(const unsigned char *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

struct commitgraph *
commitgraph_parse(const unsigned char *buf, size_t len)
{
	const unsigned char *oidf = NULL, *oidl = NULL, *cdat = NULL;
	const unsigned char *edge = NULL;
	size_t nchunks, i, oidl_len = 0, cdat_len = 0, edge_len = 0;
	uint64_t off, next;
	uint32_t id, count, prev = 0;
	struct commitgraph *g;

	if (len < HEADER_SIZE || memcmp(buf, "CGPH", 4) != 0 ||
	    buf[4] != 1 || buf[5] != 1 || buf[7] != 0)
		return NULL;	/* not version 1, not SHA-1, or split */
	nchunks = buf[6];
	if ((len - HEADER_SIZE) / CHUNK_ENTRY < nchunks + 1)
		return NULL;
	for (i = 0; i < nchunks; i++) {
		const unsigned char *e = buf + HEADER_SIZE + i * CHUNK_ENTRY;

		id = get_be32(e);
		off = get_be64(e + 4);
		next = get_be64(e + CHUNK_ENTRY + 4);
		if (id == 0 || off > next || next > len)
			return NULL;
		if (id == 0x4f494446 && next - off == FANOUT_SIZE)	/* OIDF */
			oidf = buf + off;
		else if (id == 0x4f49444c) {				/* OIDL */
			oidl = buf + off;
			oidl_len = next - off;
		} else if (id == 0x43444154) {				/* CDAT */
			cdat = buf + off;
			cdat_len = next - off;
		} else if (id == 0x45444745) {				/* EDGE */
			edge = buf + off;
			edge_len = next - off;
		}
	}
	if (oidf == NULL || oidl == NULL || cdat == NULL)
		return NULL;
	for (i = 0; i < 256; i++) {
		if (get_be32(oidf + 4 * i) < prev)
			return NULL;
		prev = get_be32(oidf + 4 * i);
	}
	count = prev;
	if (count >= PARENT_NONE || oidl_len / OID_SIZE < count ||
	    cdat_len / CDAT_ENTRY < count)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->fanout = oidf;
	g->oids = oidl;
	g->data = cdat;
	g->edges = edge;
	g->nedges = edge ? edge_len / 4 : 0;
	g->count = count;
	return g;
}

struct commitgraph *
commitgraph_open(git_repository *repo)
{
	struct strbuf path = STRBUF_INIT;
	struct commitgraph *g = NULL;
	struct stat st;
	void *map = MAP_FAILED;
	int fd = -1;

	strbuf_addf(&path, "%sshallow", git_repository_commondir(repo));
	if (access(path.buf, F_OK) == 0)
		goto cleanup;
	strbuf_reset(&path);
	strbuf_addf(&path, "%sobjects/info/commit-graph",
	    git_repository_commondir(repo));
	if ((fd = open(path.buf, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) < 0 || st.st_size < HEADER_SIZE)
		goto cleanup;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		goto cleanup;
	if ((g = commitgraph_parse(map, (size_t)st.st_size)) == NULL)
		munmap(map, (size_t)st.st_size);
	else {
		g->map = map;
		g->maplen = (size_t)st.st_size;
	}
cleanup:
	if (fd >= 0)
		close(fd);
	strbuf_release(&path);
	return g;
}

void
commitgraph_free(struct commitgraph *g)
{
	if (g == NULL)
		return;
	if (g->map)
		munmap(g->map, g->maplen);
	free(g);
}

uint32_t
commitgraph_count(const struct commitgraph *g)
{
	return g->count;
}

int
commitgraph_find(const struct commitgraph *g, const git_oid *id,
    uint32_t *pos)
{
	unsigned char first = id->id[0];
	uint32_t lo = first ? get_be32(g->fanout + 4 * (first - 1)) : 0;
	uint32_t hi = get_be32(g->fanout + 4 * first), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = memcmp(g->oids + (size_t)mid * OID_SIZE, id->id, OID_SIZE);
		if (c == 0) {
			*pos = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void
commitgraph_id(const struct commitgraph *g, uint32_t pos, git_oid *id)
{
	git_oid_fromraw(id, g->oids + (size_t)pos * OID_SIZE);
}

long long
commitgraph_date(const struct commitgraph *g, uint32_t pos)
{
	const unsigned char *e = g->data + (size_t)pos * CDAT_ENTRY + OID_SIZE;

	return (long long)((uint64_t)(get_be32(e + 8) & 3) << 32 |
	    get_be32(e + 12));
}

static int
malformed(void)
{
	git_error_set_str(GIT_ERROR_ODB, "malformed commit-graph file");
	return -1;
}

int
commitgraph_parent(const struct commitgraph *g, uint32_t pos, size_t i,
    uint32_t *parent)
{
	const unsigned char *e = g->data + (size_t)pos * CDAT_ENTRY + OID_SIZE;
	uint32_t p = get_be32(e + (i == 0 ? 0 : 4)), edge;

	if (i >= 1 && (p & PARENT_EDGES)) {
		/* An octopus: parents 2 and on are EDGE's, from p's index,
		   the last one marked. */
		edge = p & ~PARENT_EDGES;
		if (edge >= g->nedges || i - 1 > g->nedges - edge)
			return malformed();
		if (i >= 2 && (get_be32(g->edges + 4 * (edge + i - 2)) &
		    EDGE_LAST))
			return 0;
		if (i - 1 == g->nedges - edge)
			return malformed();
		p = get_be32(g->edges + 4 * (edge + i - 1)) & ~EDGE_LAST;
	} else if (p == PARENT_NONE || i >= 2)
		return 0;
	if (p >= g->count)
		return malformed();
	*parent = p;
	return 1;
}
