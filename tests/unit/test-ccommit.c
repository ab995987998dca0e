/* test-ccommit.c: the Conventional Commits parser. */
#include <string.h>

#include "release/ccommit.h"
#include "tap.h"

static struct cc_commit c;

static void
parse(const char *msg)
{
	cc_free(&c);
	cc_parse(&c, msg, strlen(msg));
}

static void
footer_is(size_t i, const char *token, const char *sep, const char *value)
{
	if (!ok(i < c.nfooters, "footer %zu exists", i))
		return;
	is_str(c.footers[i].token, token, "footer %zu token", i);
	is_str(c.footers[i].separator, sep, "footer %zu separator", i);
	is_str(c.footers[i].value, value, "footer %zu value", i);
}

int
main(void)
{
	parse("feat(api): add the thing");
	ok(c.conventional, "simple header is conventional");
	is_str(c.type, "feat", "type");
	is_str(c.scope, "api", "scope");
	is_str(c.description, "add the thing", "description");
	ok(!c.breaking, "not breaking");
	is_str(c.body, NULL, "no body");
	is_int((long long)c.nfooters, 0, "no footers");

	parse("FIX!: drop node 12\n");
	ok(c.conventional && c.breaking, "! marks breaking");
	is_str(c.type, "fix", "type lower-cased");
	is_str(c.scope, NULL, "no scope");

	parse("feat(x)!: y");
	ok(c.breaking && c.scope && strcmp(c.scope, "x") == 0, "scope and !");

	parse("feat:no space");
	ok(!c.conventional, "': ' is required");
	is_str(c.type, NULL, "type null when not conventional");
	is_str(c.description, NULL, "description null when not conventional");
	is_str(c.header, "feat:no space", "header kept");
	parse("feat: ");
	ok(!c.conventional, "empty description");
	parse("feat:    ");
	ok(!c.conventional, "blank description");
	parse("feat(): x");
	ok(!c.conventional, "empty scope");
	parse("feat(a: x");
	ok(!c.conventional, "unclosed scope");
	parse("feat (a): x");
	ok(!c.conventional, "space before scope");
	parse("Merge branch 'x'");
	ok(!c.conventional, "merge message");
	parse("");
	ok(!c.conventional, "empty message");
	is_str(c.header, "", "empty header");
	parse("1feat: x");
	ok(!c.conventional, "type starts with a letter");
	parse("feat:  two spaces ");
	is_str(c.description, "two spaces", "description trimmed");

	parse("fix: a\r\n\r\nbody line\r\n\r\nRefs: #1\r\n");
	is_str(c.description, "a", "CRLF: description");
	is_str(c.body, "body line", "CRLF: body");
	footer_is(0, "Refs", ":", "#1");

	parse("feat: x\n\nFirst paragraph.\n\nSecond paragraph\nwith two lines.\n\n"
	    "BREAKING CHANGE: the config\nformat changed\n\nRefs: 123\n"
	    "Fixes #12\nReviewed-by: Z\n");
	is_str(c.body, "First paragraph.\n\nSecond paragraph\nwith two lines.",
	    "multi-paragraph body");
	ok(c.breaking, "BREAKING CHANGE footer");
	is_int((long long)c.nfooters, 4, "four footers");
	footer_is(0, "BREAKING CHANGE", ":", "the config\nformat changed");
	footer_is(1, "Refs", ":", "123");
	footer_is(2, "Fixes", "#", "12");
	footer_is(3, "Reviewed-by", ":", "Z");

	parse("feat: x\n\nBREAKING-CHANGE: y");
	ok(c.breaking, "BREAKING-CHANGE footer");
	parse("feat: x\n\nbreaking change: y");
	ok(!c.breaking, "lower-case breaking change is not the token");
	parse("chore: x\n\nBREAKING CHANGE #5");
	ok(c.breaking, "BREAKING CHANGE with # separator");

	parse("feat: x\n\nNote: this is body\n\nplain closing words");
	is_str(c.body, "Note: this is body\n\nplain closing words",
	    "a footer-like paragraph followed by prose stays body");
	is_int((long long)c.nfooters, 0, "so no footers");

	parse("feat: x\nFixes #3");
	is_int((long long)c.nfooters, 0, "footers need a blank line first");
	is_str(c.body, "Fixes #3", "so it is body");

	parse("feat: x\n\nFixes #3\n\n\n");
	is_str(c.body, NULL, "only footers: no body");
	footer_is(0, "Fixes", "#", "3");

	parse("feat: x\n\nSigned-off-by: A <a@x>\ncontinued\n\nAcked-by: B\nmore");
	footer_is(0, "Signed-off-by", ":", "A <a@x>\ncontinued");
	footer_is(1, "Acked-by", ":", "B\nmore");

	parse("feat: x\n\nintro\n\nBREAKING CHANGE: config moved\n\nSee the docs for details.\n");
	ok(c.breaking, "BREAKING CHANGE followed by prose still breaks");
	is_str(c.body, "intro", "body before it");
	footer_is(0, "BREAKING CHANGE", ":", "config moved\n\nSee the docs for details.");

	parse("feat: x\n\nBREAKING CHANGE:\nthe config file moved\nto ~/.config\n");
	ok(c.breaking, "BREAKING CHANGE: with the text on the next lines");
	is_str(c.body, NULL, "... no body");
	footer_is(0, "BREAKING CHANGE", ":", "the config file moved\nto ~/.config");

	parse("fix: x\n\nintro\n\nBREAKING-CHANGE:\n\nold calls are gone\n\nRefs: #4\n");
	ok(c.breaking, "BREAKING-CHANGE: then a blank line and the text");
	is_str(c.body, "intro", "... body before it");
	footer_is(0, "BREAKING-CHANGE", ":", "old calls are gone");
	footer_is(1, "Refs", ":", "#4");

	parse("feat: x\n\nBREAKING CHANGE:\n");
	ok(!c.breaking, "BREAKING CHANGE: with no text at all does not break");

	parse("feat: x\n\nNote:\nsomething\n");
	is_int((long long)c.nfooters, 0, "another token with nothing after ':' is no footer");
	is_str(c.body, "Note:\nsomething", "... but body");

	parse("feat: x\n\nintro\n\nBREAKING-CHANGES: foo\n\nplain prose\n");
	ok(!c.breaking, "BREAKING-CHANGES is not the breaking token");
	is_str(c.body, "intro\n\nBREAKING-CHANGES: foo\n\nplain prose",
	    "... so prose after it stays body");
	is_int((long long)c.nfooters, 0, "... and there are no footers");

	parse("Revert \"feat: add x\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n");
	ok(c.revert, "git revert");
	ok(!c.conventional, "git revert is not conventional");
	is_str(c.reverts, "0123456789abcdef0123456789abcdef01234567", "reverted id");

	parse("revert: let us never again speak of the noodle incident\n\nRefs: 676104e, a215868\n");
	ok(c.revert && c.conventional, "revert type");
	is_str(c.reverts, "676104e", "reverted id from Refs");
	parse("revert: x\n\nRefs: 676104E\n");
	is_str(c.reverts, "676104e", "reverted id in lower case");

	parse("revert: feat: add x\n\nRefs: #1234567\n");
	is_str(c.reverts, NULL, "an issue number in Refs is not a commit id");
	parse("revert: feat: add x\n\nRefs: #1234567, abcdef0\n");
	is_str(c.reverts, "abcdef0", "the commit id after an issue number");

	parse("Revert \"x\"\n\nThis reverts commit HEAD~1.\n\nSee deadbeef1234 in the log.\n");
	is_str(c.reverts, NULL, "the reverted id is the word after git's marker, not any later hex word");

	parse("revert: x");
	ok(c.revert, "revert without id");
	is_str(c.reverts, NULL, "no id");

	parse("Revert \"x\"");
	ok(c.revert, "git revert without a body");
	parse("Reapply \"feat: x\"\n\nThis reverts commit abcdef0.\n");
	ok(c.revert, "git's Reapply, a revert of a revert");
	is_str(c.reverts, "abcdef0", "... reverts the revert");
	parse("Reapply \"\"");
	ok(!c.revert, "Reapply needs a title");
	parse("Revert the last change");
	ok(!c.revert, "'Revert' without quotes is not git's form");

	parse("Rework the API\n\nBREAKING-CHANGE: old calls gone\n");
	ok(!c.breaking, "breaking footer under a non-conventional header");
	is_str(cc_breaking_footer(&c), "BREAKING-CHANGE", "... is found");
	parse("feat: x\n\nRefs: #1\n");
	is_str(cc_breaking_footer(&c), NULL, "no breaking footer");

	cc_free(&c);
	cc_parse(&c, "feat: a\0b", 9);
	is_str(c.description, "a\xEF\xBF\xBD" "b", "NUL byte shown as U+FFFD");

	parse("feat: caf\xC3\xA9 \xFF");
	is_str(c.description, "caf\xC3\xA9 \xFF", "bytes kept as they are");

	cc_free(&c);
	return tap_done();
}
