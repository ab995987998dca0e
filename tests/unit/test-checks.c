/* test-checks.c: checks files, --var substitution, one probe's options. */
#include <stdio.h>
#include <string.h>

#include "probe/checks.h"
#include "probe/probe_vars.h"
#include "tap.h"

static struct probe_vars vars = PROBE_VARS_INIT;

/* text with vars expanded, or "ERR@OFF: message". */
static const char *
expand(const char *text)
{
	static char out[512];
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	size_t at = 0;

	if (probe_vars_expand(&vars, text, &sb, &at, &msg) != 0)
		snprintf(out, sizeof(out), "ERR@%zu: %s", at, msg.buf);
	else
		snprintf(out, sizeof(out), "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	strbuf_release(&msg);
	return out;
}

/*
 * Parse text: "LINE:COL: message" on an error, else each check as
 * "name url method" joined by '|'.
 */
static const char *
parse(const char *text, const char *base, int read_only)
{
	static char out[1024];
	struct checks all = CHECKS_INIT;
	struct checks_error err = { 0, 0, STRBUF_INIT };
	struct checks_options o = { base, &vars, read_only };
	size_t i, n = 0;

	out[0] = '\0';
	if (checks_parse(&all, text, strlen(text), &o, &err) != 0)
		snprintf(out, sizeof(out), "%lu:%lu: %s", err.line, err.col,
		    err.msg.buf);
	else
		for (i = 0; i < all.n; i++)
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			    "%s%s %s %s", i ? "|" : "", all.v[i].name,
			    all.v[i].url, all.v[i].args.cfg.method ?
			    all.v[i].args.cfg.method : "GET");
	checks_release(&all);
	strbuf_release(&err.msg);
	return out;
}

int
main(void)
{
	const char *why = NULL;
	struct checks all = CHECKS_INIT;
	struct checks_error err = { 0, 0, STRBUF_INIT };
	struct checks_options o = { "http://h/", &vars, 0 };
	static const char file[] =
	    "v /v --assert 'json.version == $V' --retries 2 --deadline 5s "
	    "--header 'X-A: 1' --expect-status 200,204 --data '{\"a\":1}'\n";

	/* --var */
	ok(probe_vars_define(&vars, "V=1.2.0", &why) == 0, "define V");
	ok(probe_vars_define(&vars, "Q=a\"b\\c", &why) == 0, "define Q");
	ok(probe_vars_define(&vars, "_x9=", &why) == 0, "define an empty _x9");
	ok(probe_vars_define(&vars, "9x=1", &why) != 0 && why != NULL,
	    "a name cannot start with a digit");
	ok(probe_vars_define(&vars, "novalue", &why) != 0, "NAME=VALUE needed");
	ok(probe_vars_define(&vars, "=1", &why) != 0, "a name is needed");
	ok(probe_vars_define(&vars, "A-B=1", &why) != 0, "no '-' in a name");
	ok(probe_vars_define(&vars, "B=\xff", &why) != 0, "a value is UTF-8");
	is_str(expand("json.version == $V"), "json.version == \"1.2.0\"",
	    "$V as a JSON string");
	is_str(expand("json.q == $Q"), "json.q == \"a\\\"b\\\\c\"",
	    "quotes and backslashes escaped");
	is_str(expand("json.e == $_x9"), "json.e == \"\"", "an empty value");
	is_str(expand("body ~ \"ok$\" && $V"), "body ~ \"ok$\" && \"1.2.0\"",
	    "a $ at the end of a string is a byte");
	is_str(expand("json.a == \"$V\""), "json.a == \"$V\"",
	    "no substitution inside a string literal");
	is_str(expand("json.a == \"\\\"$V\" $V"), "json.a == \"\\\"$V\" \"1.2.0\"",
	    "an escaped quote does not end the string");
	is_str(expand("json.$V exists"), "json.\"1.2.0\" exists",
	    "in a path: a quoted member name");
	is_str(expand("a $1 $ $-"), "a $1 $ $-", "$ before no name is a byte");
	is_str(expand("json.a == $VERSION"),
	    "ERR@10: undefined variable $VERSION (define it with --var "
	    "VERSION=VALUE)", "an undefined name, and where");
	ok(probe_vars_define(&vars, "V=2", &why) == 0, "define V again");
	is_str(expand("$V"), "\"2\"", "the last definition counts");
	ok(probe_vars_define(&vars, "V=1.2.0", &why) == 0, "V back");

	/* Files that parse. */
	is_str(parse("# comment\n\n  a /x  # why\nb http://o/y --method HEAD\n",
	    "http://h:1/app/", 0), "a http://h:1/app/x GET|b http://o/y HEAD",
	    "comments, blank lines, a path under the base, a full URL");
	is_str(parse("a /x\r\nb /y --data z\r\n", "http://h", 0),
	    "a http://h/x GET|b http://h/y POST", "CRLF; --data means POST");
	is_str(parse("'a b' /x -kL --retries=1", "http://h", 0),
	    "a b http://h/x GET", "a quoted name, --opt=value, grouped -kL");
	is_str(parse("o /x --method OPTIONS\nh /x --method=HEAD", "http://h", 1),
	    "o http://h/x OPTIONS|h http://h/x HEAD",
	    "--read-only takes GET, HEAD and OPTIONS");
	is_str(parse("a /x --meth DELETE", "http://h", 0),
	    "a http://h/x DELETE", "an option abbreviated as on the command line");
	is_str(parse("a /x?q=$V", "http://h", 0), "a http://h/x?q=$V GET",
	    "a $ outside an assertion is a byte");

	/* One check, every option into its config. */
	ok(checks_parse(&all, file, sizeof(file) - 1, &o, &err) == 0 &&
	    all.n == 1, "a check with many options");
	if (all.n == 1) {
		const struct probe_config *c = &all.v[0].args.cfg;

		is_str(all.v[0].url, "http://h/v", "its URL");
		is_int(all.v[0].line, 1, "its line");
		is_int(c->nasserts, 1, "one assertion");
		is_str(c->nasserts ? c->asserts[0].text : "",
		    "json.version == \"1.2.0\"", "$V substituted");
		is_int(c->retries, 2, "--retries");
		is_int(c->deadline_ms, 5000, "--deadline");
		is_str(c->headers ? c->headers->data : "", "X-A: 1", "--header");
		is_str(c->status_text, "200,204", "--expect-status");
		is_str(c->method, "POST", "--data makes a POST");
		is_int((long long)c->data_len, 7, "--data's length");
		is_int(c->timeout_ms, 10000, "the default --timeout");
	}
	checks_release(&all);
	strbuf_release(&err.msg);

	/* Files that do not, each error where it stands. */
	is_str(parse("a /x --nope", "http://h", 0),
	    "1:6: unknown option '--nope'", "an unknown option");
	is_str(parse("a /x -kZ", "http://h", 0),
	    "1:6: unknown option '-Z'", "an unknown short option in a group");
	is_str(parse("a /x --fresh-connect=1", "http://h", 0),
	    "1:6: option '--fresh-connect' takes no value", "a value too many");
	is_str(parse("\na /x --timeout", "http://h", 0),
	    "2:6: option '--timeout' needs a value", "a value missing");
	is_str(parse("a /x --timeout soon", "http://h", 0),
	    "1:16: --timeout: 'soon' is not a duration (500ms, 5s, 2m)",
	    "a bad value: its word");
	is_str(parse("a /x --header='Bad Name: v'", "http://h", 0),
	    "1:6: --header: 'Bad Name: v' is not 'Name: value'",
	    "a bad attached value: the option's word");
	is_str(parse("a /x --assert 'json.v == $NOPE'", "http://h", 0),
	    "1:26: --assert 'json.v == $NOPE': undefined variable $NOPE "
	    "(define it with --var NOPE=VALUE)", "an undefined variable");
	is_str(parse("a /x --assert 'status == \"200\"'", "http://h", 0),
	    "1:15: --assert 'status == \"200\"': 'status' is a number: "
	    "compare it with a number, not \"200\"",
	    "a bad assertion");
	is_str(parse("a /x 'open", "http://h", 0),
	    "1:6: unterminated single quote", "bad quoting");
	is_str(parse("a /x | b", "http://h", 0),
	    "1:6: shell operator: quote it, or run the command through sh -c "
	    "explicitly", "an unquoted operator");
	is_str(parse("--timeout 1s /x", "http://h", 0),
	    "1:1: a check starts with its name, not with '--timeout'",
	    "no name");
	is_str(parse("'' /x", "http://h", 0),
	    "1:1: a check's name is empty", "an empty name");
	is_str(parse("a --timeout 1s", "http://h", 0),
	    "1:1: check 'a' has no URL or path", "no URL");
	is_str(parse("a /x /y", "http://h", 0),
	    "1:6: '/y': one URL or path a check (quote a word with blanks)",
	    "two URLs");
	is_str(parse("a  /x", NULL, 0),
	    "1:4: the path '/x' needs --base-url (or give a full URL)",
	    "a path without --base-url");
	is_str(parse("a x/y", "http://h", 0),
	    "1:3: 'x/y' is neither a URL nor a path starting with '/'",
	    "a relative path");
	is_str(parse("a ftp://h/", "http://h", 0),
	    "1:3: 'ftp://h/' is not an http or https URL", "not http");
	is_str(parse("a /x\nb /y\na /z", "http://h", 0),
	    "3:1: a check named 'a' is on line 1 already", "a name twice");
	is_str(parse("a /x\nb /y --method POST", "http://h", 1),
	    "2:15: --read-only: check 'b' sends POST (only GET, HEAD and "
	    "OPTIONS are allowed)", "--read-only refuses POST");
	is_str(parse("b /y --data x", "http://h", 1),
	    "1:13: --read-only: check 'b' sends POST (only GET, HEAD and "
	    "OPTIONS are allowed)", "--read-only refuses --data");
	is_str(parse("a /x --method GET --data x", "http://h", 0),
	    "1:15: --data: a GET request sends no body", "GET with a body");
	is_str(parse("a /x --stable-for 5s --deadline 5s", "http://h", 0),
	    "1:1: --stable-for must be shorter than --deadline",
	    "options that contradict each other");
	is_str(parse("a /\xc3x", "http://h", 0), "1:4: not UTF-8", "not UTF-8");
	is_str(parse("# none\n\n", "http://h", 0), "2:1: no checks in the file",
	    "no checks");
	is_str(parse("", "http://h", 0), "1:1: no checks in the file",
	    "an empty file");
	probe_vars_release(&vars);
	return tap_done();
}
