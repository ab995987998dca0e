/* test-probe-expr.c: status specs, JSON paths and --assert expressions. */
#include <stdlib.h>
#include <string.h>

#include "probe/jsonpath.h"
#include "probe/probe_expr.h"
#include "probe/probe_status.h"
#include "tap.h"

static const char body[] =
    "{\"status\":\"degraded\",\"count\":3,\"ratio\":0.5,\"ok\":false,"
    "\"err\":null,\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
    "\"odd key\":{\"x.y\":7},\"version\":\"1.2.0\"}";
static const char headers[] = "Content-Type: application/json\nX-Id: 42\n";

/* An integer beyond 64 bits makes every number a real. */
#define BIG_BUILD "{\"big\":1234567890123456789012345678901," \
    "\"build\":9007199254740993,\"small\":9007199254740991}"
#define INEXACT "inexact: an integer beyond 64 bits in the body"

/* 78 bytes: a shown value is cut at 80, quote included. */
#define A78 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static void
check_status(const char *spec, long status, int want)
{
	struct probe_status s;
	const char *err;

	if (probe_status_parse(&s, spec, strlen(spec), &err) != 0)
		ok(0, "status spec '%s' parses: %s", spec, err);
	else
		is_int(probe_status_match(&s, status), want, "'%s' vs %ld", spec, status);
}

static void
check_bad_status(const char *spec)
{
	struct probe_status s;
	const char *err;

	ok(probe_status_parse(&s, spec, strlen(spec), &err) == -1,
	    "status spec '%s' refused", spec);
}

static void
check_path(const char *path, const char *want_value, const char *canonical)
{
	struct jsonpath p = JSONPATH_INIT;
	json_t *doc = json_loads(body, 0, NULL), *v;
	const char *err;
	char *s = NULL, *f;
	size_t used;

	if (jsonpath_parse(&p, path, strlen(path), &used, &err) != 0) {
		ok(0, "path '%s' parses: %s", path, err);
		goto done;
	}
	v = jsonpath_get(&p, doc);
	s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	is_str(s ? s : "(none)", want_value, "path '%s'", path);
	f = jsonpath_format(&p);
	is_str(f, canonical, "path '%s' formats", path);
	free(f);
done:
	free(s);
	jsonpath_release(&p);
	json_decref(doc);
}

/*
 * Parse text and evaluate it against a reply with body b (of size bytes
 * received: more than strlen(b) when cut) and header lines h: 1 holds, 0
 * fails (msg and *actual set), -1 does not parse.
 */
static int
eval_on(const char *text, const char *b, size_t size, const char *h,
    struct strbuf *msg, json_t **actual)
{
	struct probe_expr e;
	struct probe_reply r;
	struct strbuf err = STRBUF_INIT;
	int held;

	if (probe_expr_parse(&e, text, &err) != 0) {
		ok(0, "'%s' parses: %s", text, err.buf);
		strbuf_release(&err);
		return -1;
	}
	probe_reply_init(&r);
	r.status = 200;
	r.time_ms = 12.5;
	r.body = b;
	r.body_len = strlen(b);
	r.size = size;
	r.headers = h;
	r.headers_len = strlen(h);
	held = probe_expr_eval(&e, &r, actual, msg);
	probe_reply_release(&r);
	probe_expr_release(&e);
	return held;
}

/* Evaluate text against a reply; want "" for a pass. */
static void
check_on(const char *text, const char *b, size_t size, const char *h,
    const char *want)
{
	struct strbuf msg = STRBUF_INIT;
	json_t *actual = NULL;
	int held = eval_on(text, b, size, h, &msg, &actual);

	if (held == 1)
		is_str("", want, "'%s' holds", text);
	else if (held == 0)
		is_str(msg.buf, want, "'%s' fails", text);
	json_decref(actual);
	strbuf_release(&msg);
}

/* Evaluate text against the fixture reply; want "" for a pass. */
static void
check(const char *text, const char *want)
{
	check_on(text, body, strlen(body), headers, want);
}

/* Against a reply with body b. */
static void
check_body(const char *text, const char *b, const char *want)
{
	check_on(text, b, strlen(b), headers, want);
}

static void
check_not_json(const char *text, const char *want)
{
	struct strbuf msg = STRBUF_INIT;
	json_t *actual = NULL;

	ok(eval_on(text, "<html>", 6, headers, &msg, &actual) == 0,
	    "'%s' fails on HTML", text);
	is_str(msg.buf, want, "'%s' says the body is not JSON", text);
	ok(json_is_null(actual), "actual is null when there is none");
	json_decref(actual);
	strbuf_release(&msg);
}

static void
check_bad(const char *text, const char *want)
{
	struct probe_expr e;
	struct strbuf err = STRBUF_INIT;

	ok(probe_expr_parse(&e, text, &err) == -1, "'%s' refused", text);
	ok(strstr(err.buf, want) != NULL, "'%s': %s", text,
	    err.buf);
	strbuf_release(&err);
}

int
main(void)
{
	check_status("200", 200, 1);
	check_status("200", 201, 0);
	check_status("2xx", 299, 1);
	check_status("2xx", 300, 0);
	check_status("200-204", 204, 1);
	check_status("200-204", 205, 0);
	check_status("200,204", 204, 1);
	check_status("200,204", 202, 0);
	check_status("2xx,301,400-404", 403, 1);
	check_bad_status("");
	check_bad_status("20");
	check_bad_status("2000");
	check_bad_status("600");
	check_bad_status("6xx");
	check_bad_status("299-200");
	check_bad_status("200,");
	check_bad_status("200 ,204");
	check_bad_status("abc");

	check_path("", body, "");
	check_path(".status", "\"degraded\"", ".status");
	check_path(".items[1].name", "\"b\"", ".items[1].name");
	check_path(".items[-1].name", "\"b\"", ".items[-1].name");
	check_path(".items[-3]", "(none)", ".items[-3]");
	check_path(".items[2]", "(none)", ".items[2]");
	check_path(".\"odd key\"[\"x.y\"]", "7", "[\"odd key\"][\"x.y\"]");
	check_path("[\"count\"]", "3", ".count");
	check_path(".status.x", "(none)", ".status.x");
	check_path(".count[0]", "(none)", ".count[0]");

	check("status == 200", "");
	check("status==200", "");
	check("status != 200", "status (200) != 200");
	check("status >= 200", "");
	check("status < 200", "status (200) < 200");
	check("time_ms < 100", "");
	check("time_ms > 100", "time_ms (12.5) > 100");
	check("size == 139", "");
	check("body ~ \"degraded\"", "");
	check("body !~ degraded", "body (\"{\\\"status\\\":\\\"degraded\\\",\\\"count\\\":3,\\\"ratio\\\":0.5,\\\"ok\\\":false,\\\"err\\\":null,\\\"...) !~ \"degraded\"");
	check("header.content-type == \"application/json\"", "");
	check("header.X-ID == \"42\"", "");
	check("header.x-id ~ ^4", "");
	check("header.etag exists", "header.etag (missing) exists");
	check("header.etag missing", "");
	check("json.status == \"healthy\"", "json.status (\"degraded\") == \"healthy\"");
	check("json.status == degraded", "");
	check("json.count == 3", "");
	check("json.count == 3.0", "");
	check("json.count == \"3\"", "json.count (3) == \"3\"");
	check("json.count != \"3\"", "json.count (3) != \"3\"");
	check("json.count > 2", "");
	check("json.ratio <= 0.5", "");
	check("json.status > 2", "json.status (\"degraded\") > 2");
	check("json.ok == false", "");
	check("json.ok == true", "json.ok (false) == true");
	check("json.ok == \"false\"", "json.ok (false) == \"false\"");
	check("json.err == null", "");
	check("json.status != null", "");
	check("json.err != null", "json.err (null) != null");
	check("json.items[0] == {\"name\":\"a\"}", "");
	check("json.items[9] == 1", "json.items[9] (missing) == 1");
	check("json.items[9] missing", "");
	check("json.items exists", "");
	check("json.count ~ 3", "json.count (3) ~ \"3\"");
	check("json.version == 1.2.0", "");
	check("json.status ~ \"^deg\"", "");
	check_not_json("json.status == \"healthy\"",
	    "json.status (body is not JSON) == \"healthy\"");
	check_not_json("json.a missing", "json.a (body is not JSON) missing");

	check_bad("", "unknown subject");
	check_bad("stat == 200", "unknown subject 'stat'");
	check_bad("status", "expected an operator");
	check_bad("status = 200", "use ==");
	check_bad("status === 200", "unknown operator '===' (use ==)");
	check_bad("json.a !== 1", "unknown operator '!==' (use !=)");
	check_bad("json.a<==1", "unknown operator '<==' (use <=)");
	check_bad("status == ", "expected a value");
	check_bad("status == \"200\"", "'status' is a number");
	check_bad("status == ok", "'status' is a number");
	check_bad("status ~ 2", "~ and !~ are for strings");
	check_bad("status exists", "always exists");
	check_bad("body < 3", "is a string");
	check_bad("header.x == 38", "quote the value");
	check_bad("header. == 1", "header name");
	check_bad("json.a < \"b\"", "needs a number");
	check_bad("json.a ~ \"(\"", "bad regular expression");
	check_bad("json.a == \"x", "malformed JSON value");
	check_bad("json.a == [1,", "malformed JSON value");
	check_bad("json.a == 1e999", "out of range");
	check_bad("json.a exists x", "unexpected 'x'");
	check_bad("json..a == 1", "member name");
	check_bad("json.a[x] == 1", "expected [N]");
	check_bad("json.a[1 == 1", "expected [N]");
	check_bad("jsonx == 1", "unknown subject");
	check_bad("json.a == 01", "malformed number '01'");
	check_bad("json.a == 1.", "malformed number '1.'");

	/* A duplicate member name: which one the service meant is unknown. */
	check_body("json.status == \"healthy\"",
	    "{\"status\":\"down\",\"status\":\"healthy\"}",
	    "json.status (body is not JSON) == \"healthy\"");
	check_body("json.a.b exists", "{\"a\":{\"b\":1,\"b\":2}}",
	    "json.a.b (body is not JSON) exists");
	check_body("json.status == \"healthy\"", "{\"status\":\"healthy\"} x",
	    "json.status (body is not JSON) == \"healthy\"");
	check_body("json == null", "", "json (body is not JSON) == null");

	/* Numbers: exact, whatever their spelling or size. */
	check_body("json.n == 1000", "{\"n\":1e3}", "");
	check_body("json.n == 1e3", "{\"n\":1000}", "");
	check_body("json.n == 0", "{\"n\":-0}", "");
	check_body("json.n == 0", "{\"n\":-0.0}", "");
	check_body("json.n == 9007199254740993", "{\"n\":9007199254740993}", "");
	check_body("json.n == 9007199254740992.0", "{\"n\":9007199254740993}",
	    "json.n (9007199254740993) == 9.00719925474099e15");
	check_body("json.n > 9007199254740992.0", "{\"n\":9007199254740993}", "");
	check_body("json.n < 9223372036854775807", "{\"n\":9.3e18}",
	    "json.n (9.3e18) < 9223372036854775807");
	check_body("json.n > -9223372036854775807", "{\"n\":-9.3e18}",
	    "json.n (-9.3e18) > -9223372036854775807");
	check_body("json.n <= 2.5", "{\"n\":2}", "");
	check_body("json.n >= 2.5", "{\"n\":2}", "json.n (2) >= 2.5");
	check_body("json.ok == true", "{\"id\":123456789012345678901234567890,"
	    "\"ok\":true}", "");
	/* Then every number is a real: from 2^53 on, maybe not the one sent. */
	check_body("json.id > 1e29", "{\"id\":123456789012345678901234567890}",
	    "json.id (" INEXACT ") > 1e29");
	check_body("json.id == 123456789012345678901234567890",
	    "{\"id\":123456789012345678901234567890}",
	    "json.id (" INEXACT ") == 1.23456789012346e29");
	check_body("json.build == 9007199254740992", BIG_BUILD,
	    "json.build (" INEXACT ") == 9007199254740992");
	check_body("json.build != 9007199254740993", BIG_BUILD,
	    "json.build (" INEXACT ") != 9007199254740993");
	check_body("json.build < 1", BIG_BUILD,
	    "json.build (" INEXACT ") < 1");
	check_body("json.build != \"x\"", BIG_BUILD,
	    "json.build (9.00719925474099e15) != \"x\"");
	check_body("json.build exists", BIG_BUILD, "");
	check_body("json.small == 9007199254740991", BIG_BUILD, "");
	/* Arrays and objects compare their numbers by value too. */
	check_body("json.a == [1, {\"n\": 2}]", "{\"a\":[1.0,{\"n\":2e0}]}", "");
	check_body("json.a != [1]", "{\"a\":[1.0]}", "json.a ([1.0]) != [1]");
	check_body("json.a != [1, 2]", "{\"a\":[1]}", "");
	check_body("json.a != [\"1\", null]", "{\"a\":[1,0]}", "");
	check_body("json.a == [\"1\"]", "{\"a\":[1]}",
	    "json.a ([1]) == [\"1\"]");
	check_body("json.o == {\"n\": 1}", "{\"o\":{\"n\":1.0}}", "");
	check_body("json.o != {\"n\": 1}", "{\"o\":{\"m\":1}}", "");
	check_body("json.o == {\"n\": 1}", "{\"o\":{\"n\":1,\"m\":1}}",
	    "json.o ({\"n\":1,\"m\":1}) == {\"n\":1}");
	check_body("json.small != [1]", "{\"big\":123456789012345678901234567890,"
	    "\"small\":[1]}", "json.small ([1.0]) != [1]");
	check_body("json.a != [9007199254740993]",
	    "{\"big\":123456789012345678901234567890,"
	    "\"a\":[9007199254740993]}",
	    "json.a (" INEXACT ") != [9007199254740993]");
	check_body("json.o == {\"n\": 9007199254740992}",
	    "{\"big\":123456789012345678901234567890,"
	    "\"o\":{\"n\":9007199254740992}}",
	    "json.o (" INEXACT ") == {\"n\":9007199254740992}");
	check_body("json.a == [\"x\"]", "{\"big\":123456789012345678901234567890,"
	    "\"a\":[\"x\"]}", "");
	check_body("json.small < 9007199254740992", BIG_BUILD, "");
	check("status < 99999999999999999999", "");
	check_body("json.s == \"a\\u00e9\\n\"", "{\"s\":\"a\\u00e9\\n\"}", "");
	check_body("json.s ~ ^a$", "{\"s\":\"a\\n\"}", "json.s (\"a\\n\") ~ \"^a$\"");
	check_body("json.s == \"x\\u0000y\"", "{\"s\":\"x\\u0000y\"}", "");
	check_body("json.s == x", "{\"s\":\"x\\u0000y\"}",
	    "json.s (\"x\\u0000y\") == \"x\"");
	check_body("json.s ~ y$", "{\"s\":\"x\\u0000y\"}", "");
	check_body("json.a exists", "{\"a\":null}", "");
	check_body("json.a missing", "{\"a\":null}", "json.a (null) missing");

	/* A repeated header is its values joined (RFC 9110 5.3). */
	check_on("header.x-a == \"one, two\"", body, strlen(body),
	    "X-A: one\nX-B: b\nx-a: two\n", "");
	check_on("header.x-a == one", body, strlen(body),
	    "X-A: one\nX-A: two\n", "header.x-a (\"one, two\") == \"one\"");
	check_on("header.x-a == \"\"", body, strlen(body), "X-A: \n", "");
	check_on("header.x-a exists", body, strlen(body), "",
	    "header.x-a (missing) exists");

	/* A body cut at the limit: only a match in what was kept holds. */
	check_on("body ~ ok", "ok", (size_t)PROBE_BODY_MAX + 1, headers, "");
	check_on("body !~ error", "ok", (size_t)PROBE_BODY_MAX + 1, headers,
	    "body (larger than 1 MiB) !~ \"error\"");
	check_on("body == \"ok\"", "ok", (size_t)PROBE_BODY_MAX + 1, headers,
	    "body (larger than 1 MiB) == \"ok\"");
	check_on("json.a == 1", "{\"a\":1}", (size_t)PROBE_BODY_MAX + 1, headers,
	    "json.a (body larger than 1 MiB) == 1");

	/* A long actual value is cut before a character, never inside one. */
	check_body("json.s == x", "{\"s\":\"" A78 "\xc3\xa9\"}",
	    "json.s (\"" A78 "...) == \"x\"");
	check_bad("json a == 1", "unknown operator");
	return tap_done();
}
