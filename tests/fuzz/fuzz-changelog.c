/*
 * fuzz-changelog.c: the changelog parser, lint and release on any bytes.
 *
 * Invariants: the lines put back together are the input; releases,
 * sections and items nest and do not overlap; a release that succeeds
 * keeps everything above [Unreleased]'s body (and above the first link
 * definition, which it may rewrite) byte for byte and gives a
 * file that lints without errors and has the new version below
 * [Unreleased].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "changelog/changelog.h"
#include "changelog/changelog_json.h"
#include "changelog/changelog_release.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

static void
check_release(struct changelog *cl)
{
	struct cl_release_opts o;
	struct cl_release_result res = CL_RELEASE_RESULT_INIT;
	struct piecebuf pieces = PIECEBUF_INIT;
	struct strbuf out = STRBUF_INIT;
	struct changelog after = CHANGELOG_INIT;
	const struct cl_line *body;
	size_t keep;

	/* Only files that lint clean: a refusal prints the diagnostics. */
	if (changelog_lint(cl, NULL) != 0)
		return;
	memset(&o, 0, sizeof(o));
	o.version = "999999999999.0.0";
	o.date = "2026-01-01";
	o.url = "https://github.com/o/r";
	if (changelog_release(cl, &o, &pieces, &res) != 0)
		goto cleanup;
	piecebuf_flatten(&pieces, &out);
	if (out.len != pieces.len)
		__builtin_trap();
	body = &cl->lines[cl->releases[0].body - 1];
	keep = body->off + body->len;
	if (cl->nlinks && cl->lines[cl->links[0].line].off < keep)
		keep = cl->lines[cl->links[0].line].off;
	if (out.len < keep || memcmp(out.buf, cl->buf, keep) != 0)
		__builtin_trap();
	changelog_parse(&after, "after", out.buf, out.len);
	if (changelog_lint(&after, NULL) != 0 || after.nreleases < 2 ||
	    !after.releases[0].unreleased ||
	    changelog_find(&after, o.version) != &after.releases[1])
		__builtin_trap();
cleanup:
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
