/* test-changelog.c: the model's pieces: dates, notes, items, atomic files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "changelog/changelog.h"
#include "changelog/changelog_lint.h"
#include "changelog/changelog_release.h"
#include "core/readfile.h"
#include "tap.h"

static void
note(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	changelog_normalize_note(in, strlen(in), &sb);
	is_str(sb.buf, want, "note '%s'", in);
	strbuf_release(&sb);
}

static void
test_dates(void)
{
	static const char *const good[] = { "2024-02-29", "2000-02-29",
	    "2026-12-31", "0001-01-01", NULL };
	static const char *const bad[] = { "2023-02-29", "1900-02-29",
	    "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01",
	    "2026/01/01", "20260101", "2026-01-01 ", NULL };
	const char *const *p;

	for (p = good; *p; p++)
		ok(changelog_valid_date(*p, strlen(*p)), "date '%s'", *p);
	for (p = bad; *p; p++)
		ok(!changelog_valid_date(*p, strlen(*p)), "not a date '%s'", *p);
}

static void
test_model(void)
{
	static const char text[] =
	    "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n### Added\r\n\r\n"
	    "- one\r\n  two\r\n\r\n### fixed\r\n\r\n- three\r\n"
	    "[UNRELEASED]: https://x/compare/v1...HEAD";
	struct changelog cl = CHANGELOG_INIT;
	struct strbuf sb = STRBUF_INIT;

	changelog_parse(&cl, "t.md", text, sizeof(text) - 1);
	is_str(cl.eol, "\r\n", "CRLF file");
	ok(!cl.final_newline, "no final newline");
	is_int((long long)cl.nreleases, 1, "one release");
	is_int((long long)cl.releases[0].nsections, 2, "two sections");
	is_int(cl.releases[0].sections[1].rank, 4, "'fixed' is Fixed");
	changelog_item_text(&cl, &cl.releases[0].sections[0].items[0], &sb);
	is_str(sb.buf, "one\ntwo", "item text joins lines");
	ok(changelog_link(&cl, "unreleased", 10) != NULL,
	    "link labels ignore case");
	ok(changelog_find(&cl, "Unreleased") == &cl.releases[0],
	    "find unreleased");
	ok(changelog_latest(&cl) == NULL, "no latest release");
	strbuf_reset(&sb);
	changelog_copy_lines(&cl, &sb, 0, cl.nlines);
	ok(sb.len == sizeof(text) + 1 &&
	    memcmp(sb.buf, text, sizeof(text) - 1) == 0,
	    "lines copy back byte for byte, the last one with an ending");
	is_int((long long)changelog_lint(&cl, NULL), 0, "lints clean");
	changelog_free(&cl);
	changelog_parse(&cl, "u.md", "Title\n===\n## [Unreleased]\n### Added\n"
	    "prose\n", 42);
	is_int((long long)changelog_lint(&cl, NULL), 1, "one error");
	is_int((long long)cl.ndiags, 4, "and three warnings");
	changelog_lint(&cl, NULL);
	is_int((long long)cl.ndiags, 4, "linting again replaces, not adds");
	strbuf_release(&sb);
	changelog_free(&cl);
}

static void
test_atomicfile(void)
{
	char dir[] = "/tmp/test-changelog.XXXXXX", path[64];
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/f", dir);
	ok(atomicfile_replace(path, "new\n", 4) == 0, "create");
	chmod(path, 0640);
	ok(atomicfile_replace(path, "newer", 5) == 0, "replace");
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640, "mode kept");
	ok(readfile(path, &sb) == 0 && strcmp(sb.buf, "newer") == 0,
	    "new contents");
	snprintf(path, sizeof(path), "%s/no/such", dir);
	ok(atomicfile_replace(path, "x", 1) != 0, "missing directory fails");
	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	rmdir(dir);
	strbuf_release(&sb);
}

int
main(void)
{
	test_dates();
	note("**Breaking:** **api:** Add the X endpoint. (#12)",
	    "add the x endpoint");
	note("Fix a crash (1a2b3c4)", "fix a crash");
	note("Keep (parentheses) here", "keep (parentheses) here");
	note("  trailing dots...  ", "trailing dots");
	note("**bold** text", "**bold** text");
	note("Added a `--next` option.", "added a --next option");
	note("**cli:** Use `x`. (#3)", "use x");
	note("`code`.", "code");
	note("Add x ([1a2b3c4](https://h/o/r/commit/1a2b3c4d))", "add x");
	note("See ([docs](https://h/d))", "see ([docs](https://h/d))");
	test_model();
	test_atomicfile();
	return tap_done();
}
