/* test-rawcommit.c: reading commit objects. */
#include <string.h>

#include "git/rawcommit.h"
#include "tap.h"

static struct rawcommit c;

static void
parse(const char *buf)
{
	rawcommit_parse(&c, buf, strlen(buf));
}

static int
span_is(struct rawcommit_span sp, const char *want, const char *name)
{
	char got[256];

	if (sp.len >= sizeof(got))
		return ok(0, "%s: too long", name);
	memcpy(got, sp.s, sp.len);
	got[sp.len] = '\0';
	return is_str(got, want, "%s", name);
}

int
main(void)
{
	parse("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	    "parent 1111111111111111111111111111111111111111\n"
	    "parent 2222222222222222222222222222222222222222\n"
	    "author Ada Lovelace <ada@example.org> 1767225600 +0100\n"
	    "committer Grace Hopper <grace@example.org> 1767225660 -0500\n"
	    "encoding ISO-8859-1\n"
	    "gpgsig -----BEGIN PGP SIGNATURE-----\n"
	    " parent 3333333333333333333333333333333333333333\n"
	    " -----END PGP SIGNATURE-----\n"
	    "\n\n"
	    "feat: x\n\nbody\n");
	is_int((long long)c.nparents, 2, "two parents");
	span_is(rawcommit_parent(&c, 0), "1111111111111111111111111111111111111111", "parent 0");
	span_is(rawcommit_parent(&c, 1), "2222222222222222222222222222222222222222", "parent 1");
	is_int((long long)rawcommit_parent(&c, 2).len, 0, "no parent 2");
	span_is(c.author_name, "Ada Lovelace", "author name");
	span_is(c.author_email, "ada@example.org", "author email");
	is_int(c.author_time, 1767225600, "author time (zone ignored: seconds are UTC)");
	is_int(c.commit_time, 1767225660, "committer time");
	span_is(c.encoding, "ISO-8859-1", "encoding");
	span_is(c.message, "feat: x\n\nbody\n", "message, leading blank lines cut");

	parse("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	    "author A <a@b> 5 +0000\ncommitter A <a@b> 6 +0000\n\nroot");
	is_int((long long)c.nparents, 0, "root commit");
	is_int((long long)c.encoding.len, 0, "no encoding");
	span_is(c.message, "root", "message without final newline");

	parse("author  Spaced   Name  <x> 12\n\nm");
	span_is(c.author_name, " Spaced   Name", "name keeps inner spaces, trailing cut");
	parse("author No Brackets 12\n\nm");
	span_is(c.author_name, "No Brackets 12", "no email: whole value is the name");
	span_is(c.author_email, "", "no email");
	is_int(c.author_time, 0, "no email: no date");
	parse("author A <unterminated\n\nm");
	span_is(c.author_email, "unterminated", "unterminated email");
	parse("author A <a> 99999999999999999999999\n\nm");
	ok(c.author_time > 0 && c.author_time < 1000000000000000LL, "huge date bounded");
	parse("parent xyz\nparent 12\n\nm");
	is_int((long long)c.nparents, 2, "malformed parents counted");
	is_int((long long)rawcommit_parent(&c, 0).len, 0, "malformed parent: empty span");
	parse("");
	is_int((long long)c.message.len, 0, "empty object");
	parse("tree x\nauthor A <a> 1\n");
	is_int((long long)c.message.len, 0, "no blank line: no message");
	parse("authorX <a> 1\nparents 1\n\nm");
	is_int((long long)c.author_name.len + (long long)c.nparents, 0, "keys need a space");
	return tap_done();
}
