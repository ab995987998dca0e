/*
 * fuzz-changelog.c: the changelog parser, lint and release on any bytes.
 *
 * Invariants: the lines put back together are the input; releases,
 * sections and items nest and do not overlap; a release that succeeds
 * keeps everything above [Unreleased]'s body, or above the newest
 * release when there is no [Unreleased] (and above the first link
 * definition, which it may rewrite) byte for byte and gives a file that
 * lints without errors, has [Unreleased] if the file had one, and the
 * new version as its newest release.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "changelog/changelog.h"
#include "changelog/changelog_lint.h"
#include "changelog/changelog_json.h"
#include "changelog/changelog_release.h"
#include "release/gitlogdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A commit to release, so that a file without [Unreleased] has one. */
static const char one_commit[] = "{\"schema\": \"rel-gitlog/1\", "
    "\"from\": null, \"to\": {\"ref\": \"HEAD\", \"commit\": \"0\"}, "
    "\"ignored_tags\": [], \"commits\": [{\"id\": \"a1b2c3d4\", "
    "\"short\": \"a1b2c3d\", \"header\": \"feat: x\", \"type\": "
    "\"feat\", \"scope\": null, \"breaking\": false, \"description\": "
    "\"x\", \"body\": null, \"footers\": [], \"conventional\": true, "
    "\"merge\": false, \"revert\": false, \"reverts\": null}], "
    "\"summary\": {\"count\": 1}}";

static void
check_structure(const struct changelog *cl)
{
	const struct cl_release *r;
	const struct cl_section *s;
	size_t i, j, k, prev_end = 0;

	for (i = 0; i < cl->nreleases; i++) {
		r = &cl->releases[i];
		if (r->line < prev_end || r->body > r->end ||
		    r->content_end > r->end || r->end > cl->nlines)
			__builtin_trap();
		prev_end = r->end;
		for (j = 0; j < r->nsections; j++) {
			s = &r->sections[j];
			if (s->line < r->body || s->end > r->end ||
			    s->body > s->end)
				__builtin_trap();
			for (k = 0; k < s->nitems; k++)
				if (s->items[k].line < s->body ||
				    s->items[k].end > s->end ||
				    s->items[k].text_off >
				    cl->lines[s->items[k].line].len)
					__builtin_trap();
		}
	}
}

/* The bytes a release never changes: those above [Unreleased]'s body
   (its heading when that is an inline link) or the newest release, and
   above the first link definition. */
static size_t
kept_prefix(const struct changelog *cl)
{
	const struct cl_release *r = cl->nreleases ? &cl->releases[0] : NULL;
	size_t keep = cl->len, line;

	if (r) {
		line = r->unreleased && r->url.len == 0 ? r->body : r->line;
		keep = line < cl->nlines ? cl->lines[line].off : cl->len;
	}
	if (cl->nlinks && cl->lines[cl->links[0].line].off < keep)
		keep = cl->lines[cl->links[0].line].off;
	return keep;
}

static void
check_release(struct changelog *cl)
{
	struct cl_release_opts o;
	struct cl_release_result res = CL_RELEASE_RESULT_INIT;
	struct piecebuf pieces = PIECEBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	struct changelog after = CHANGELOG_INIT;
	struct gitlogdoc log = GITLOGDOC_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t keep;
	int had_unreleased;

	/* Only files that lint clean: a refusal prints the diagnostics. */
	if (changelog_lint(cl, NULL) != 0)
		return;
	memset(&o, 0, sizeof(o));
	o.log = &log;
	if (gitlogdoc_parse(&log, one_commit, strlen(one_commit),
	    CL_GITLOG_NEED, &err) != 0)
		__builtin_trap();
	o.version = "999999999999.0.0";
	o.date = "2026-01-01";
	o.url = "https://github.com/o/r";
	o.commit_links = cl->len % 2;	/* half the inputs link commits */
	if (changelog_release(cl, &o, &pieces, &res) != 0)
		goto cleanup;
	piecebuf_flatten(&pieces, &out);
	if (out.len != pieces.len)
		__builtin_trap();
	keep = kept_prefix(cl);
	if (out.len < keep || memcmp(out.buf, cl->buf, keep) != 0)
		__builtin_trap();
	changelog_parse(&after, "after", out.buf, out.len);
	had_unreleased = cl->nreleases && cl->releases[0].unreleased;
	if (changelog_lint(&after, NULL) != 0 ||
	    after.nreleases < 1 + (size_t)had_unreleased ||
	    after.releases[0].unreleased != had_unreleased ||
	    changelog_find(&after, o.version) != changelog_latest(&after))
		__builtin_trap();
cleanup:
	gitlogdoc_free(&log);
	strbuf_release(&err);
	changelog_free(&after);
	changelog_release_result_free(&res);
	piecebuf_release(&pieces);
	strbuf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct changelog cl = CHANGELOG_INIT;
	struct strbuf sb = STRBUF_INIT;
	json_t *doc = json_object();
	size_t i;

	changelog_parse(&cl, "fuzz", (const char *)data, size);
	changelog_copy_lines(&cl, &sb, 0, cl.nlines);
	if (cl.nlines && !cl.final_newline)
		sb.len -= strlen(cl.eol);
	if (sb.len != size || (size && memcmp(sb.buf, data, size) != 0))
		__builtin_trap();
	check_structure(&cl);
	changelog_model_json(&cl, doc);
	for (i = 0; i < cl.nreleases; i++) {
		strbuf_reset(&sb);
		changelog_notes(&cl, &cl.releases[i], "v", &sb);
	}
	check_release(&cl);
	json_decref(doc);
	strbuf_release(&sb);
	changelog_free(&cl);
	return 0;
}
