/*
 * test-notematch.c: the pairs of notes rel-changelog release treats as
 * the same (a commit is then not added a second time), the pairs it does
 * not, and how a note's first letter is read.
 */
#include <string.h>

#include "changelog/notematch.h"
#include "tap.h"

/* Each pair as a commit's description and a hand-written note. */
static const char *const same[][2] = {
	{ "add --next option", "Added a `--next` option." },
	{ "add --next option", "A --next option" },
	{ "add --next option", "Adds the --next option" },
	{ "add --next option", "Adding an --next option" },
	{ "add `--next` option", "--next option." },
	{ "fix crash on empty input", "Fixed a crash on empty input." },
	{ "fix crash on empty input", "Fixes the crash on empty input" },
	{ "remove the legacy API", "Removed legacy API" },
	{ "drop Python 2", "Dropped Python 2." },
	{ "update README", "Updated the README." },
	{ "improve speed", "Improved speed" },
	{ "rename --foo to --bar", "Renamed `--foo` to `--bar`" },
	{ "deprecate --old", "Deprecated `--old`" },
	{ "change the default port", "Changed the default port." },
	{ "Add the X endpoint", "**api:** add the X endpoint (#12)" },
	{ "add X", "**Breaking:** **api:** Added X (1a2b3c4)" },
	{ "the parser", "a parser" },
	{ "handle empty input", "Handle empty input." },
	{ "handle `empty` input", "handle empty input" },
};

static const char *const different[][2] = {
	{ "add --next option", "remove --next option" },
	{ "add --next option", "Fixed the --next option" },
	{ "fix crash", "fix crash on empty input" },
	{ "add --next", "add --nexts" },
	{ "added a knob", "added knobs" },
	{ "address the crash", "dress the crash" },
	{ "additional output", "output" },
	{ "fixture loading", "loading" },
	{ "add", "remove" },
	{ "add", "" },
	{ "handle empty input", "handle empty input, and more" },
	{ "an apple", "a banana" },
	{ "deprecate --old", "Deprecated the `--old` option" },
};

static int
same_note(const char *a, const char *b)
{
	struct strbuf na = STRBUF_INIT, nb = STRBUF_INIT;
	int r;

	changelog_normalize_note(a, strlen(a), &na);
	changelog_normalize_note(b, strlen(b), &nb);
	r = changelog_same_note(na.buf, na.len, nb.buf, nb.len) &&
	    changelog_same_note(nb.buf, nb.len, na.buf, na.len);
	strbuf_release(&na);
	strbuf_release(&nb);
	return r;
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(*same); i++)
		ok(same_note(same[i][0], same[i][1]), "same: '%s' and '%s'",
		    same[i][0], same[i][1]);
	for (i = 0; i < sizeof(different) / sizeof(*different); i++)
		ok(!same_note(different[i][0], different[i][1]),
		    "different: '%s' and '%s'", different[i][0],
		    different[i][1]);
	is_int(changelog_note_case("Added x", 7), 1, "case: 'Added x'");
	is_int(changelog_note_case("added x", 7), 0, "case: 'added x'");
	is_int(changelog_note_case("**api:** Add", 12), 1,
	    "case: after a marker");
	is_int(changelog_note_case("**Breaking:** add", 17), 0,
	    "case: the marker's capital does not count");
	is_int(changelog_note_case("`x` y", 5), -1, "case: a backtick");
	is_int(changelog_note_case("  ", 2), -1, "case: blanks");
	is_int(changelog_note_case("", 0), -1, "case: empty");
	return tap_done();
}
