/*
 * fuzz-gitlogdoc.c: rel-gitlog documents from any bytes, merged into a
 * fixed changelog.
 *
 * Invariants: a document either parses or says why; when it parses, the
 * release built from it (its commits linked for half the inputs) lints
 * without errors, and its items are the hand-written one plus one per
 * commit added; its contributors have distinct names, one line each,
 * and as many commits as the commits with an author.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "changelog/changelog.h"
#include "changelog/changelog_lint.h"
#include "changelog/changelog_release.h"
#include "changelog/contributors.h"
#include "release/gitlogdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char changelog[] =
    "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Hand-written (#1)\n\n"
    "## [1.0.0] - 2026-01-01\n\n### Fixed\n\n- x\n\n"
    "[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n"
    "[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n";

static void
check_contributors(const struct gitlogdoc *log)
{
	struct cl_contributors who;
	struct strbuf notes = STRBUF_INIT;
	size_t i, j, authored = 0, counted = 0;

	changelog_contributors(log, &who);
	for (i = 0; i < log->ncommits; i++)
		authored += log->commits[i].author_name != NULL;
	for (i = 0; i < who.n; i++) {
		counted += who.v[i].commits;
		if (strchr(who.v[i].name, '\n') ||
		    (i && who.v[i].commits > who.v[i - 1].commits))
			__builtin_trap();
		for (j = 0; j < i; j++)
			if (strcmp(who.v[i].name, who.v[j].name) == 0)
				__builtin_trap();
	}
	if (counted != authored)
		__builtin_trap();
	changelog_contributors_notes(&who, &notes);
	if (who.n && (notes.len == 0 || notes.buf[notes.len - 1] != '\n'))
		__builtin_trap();
	changelog_contributors_free(&who);
	strbuf_release(&notes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gitlogdoc log = GITLOGDOC_INIT;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct piecebuf pieces = PIECEBUF_INIT;
	struct changelog cl = CHANGELOG_INIT, after = CHANGELOG_INIT;
	struct cl_release_result res = CL_RELEASE_RESULT_INIT;
	struct cl_release_opts o;
	const struct cl_release *r;
	size_t i, n = 0;

	if (gitlogdoc_parse(&log, (const char *)data, size,
	    CL_GITLOG_NEED, &err) != 0) {
		if (err.len == 0 || log.ncommits != 0)
			__builtin_trap();
		goto cleanup;
	}
	memset(&o, 0, sizeof(o));
	o.version = "1.1.0";
	o.date = "2026-02-01";
	o.log = &log;
	o.all_types = size % 2;
	o.commit_links = size / 2 % 2;
	o.url = "https://github.com/o/r";
	check_contributors(&log);
	changelog_parse(&cl, "fuzz", changelog, sizeof(changelog) - 1);
	if (changelog_release(&cl, &o, &pieces, &res) != 0)
		__builtin_trap();
	piecebuf_flatten(&pieces, &out);
	changelog_parse(&after, "after", out.buf, out.len);
	if (changelog_lint(&after, NULL) != 0)
		__builtin_trap();
	r = changelog_find(&after, "1.1.0");
	for (i = 0; r && i < r->nsections; i++)
		n += r->sections[i].nitems;
	if (r == NULL || n != 1 + res.commits_added || n != res.items)
		__builtin_trap();
cleanup:
	changelog_free(&after);
	changelog_free(&cl);
	changelog_release_result_free(&res);
	gitlogdoc_free(&log);
	strbuf_release(&err);
	strbuf_release(&out);
	piecebuf_release(&pieces);
	return 0;
}
