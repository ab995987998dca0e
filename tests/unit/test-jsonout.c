/* test-jsonout.c: streamed documents equal whole ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonout.h"
#include "core/strbuf.h"
#include "tap.h"

static char *
streamed(int pretty)
{
	struct json_stream js;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_stream_init(&js, f, pretty);
	json_stream_begin_object(&js);
	json_stream_key(&js, "schema");
	json_stream_value(&js, json_string("t/1"));
	json_stream_key(&js, "list");
	json_stream_begin_array(&js);
	json_stream_value(&js, json_pack("{s:i,s:[i,i]}", "a", 1, "b", 2, 3));
	json_stream_value(&js, json_pack("{s:{}}", "c"));
	json_stream_end_array(&js);
	json_stream_key(&js, "empty");
	json_stream_begin_array(&js);
	json_stream_end_array(&js);
	json_stream_key(&js, "n");
	json_stream_value(&js, json_null());
	json_stream_end_object(&js);
	ok(json_stream_finish(&js) == 0, "stream finished (pretty %d)", pretty);
	fclose(f);
	return buf;
}

static char *
whole(int pretty)
{
	json_t *doc = json_pack("{s:s,s:[{s:i,s:[i,i]},{s:{}}],s:[],s:n}",
	    "schema", "t/1", "list", "a", 1, "b", 2, 3, "c", "empty", "n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ok(json_print(f, doc, pretty) == 0, "printed (pretty %d)", pretty);
	fclose(f);
	json_decref(doc);
	return buf;
}

/* json_quote() writes what jansson writes for json_text(). */
static void
quote_like_jansson(const char *s, size_t len, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v = json_text(s, len);
	char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

	json_quote(&sb, s, len);
	is_str(sb.buf, want, "json_quote: %s", name);
	strbuf_release(&sb);
	free(want);
	json_decref(v);
}

/* A streamed value given as text, compact and pretty. */
static void
stream_text(void)
{
	static const char text[] = "{\"a\":[1,{\"b\":null}],\"c\":\"x\\u0000y\"}";
	struct json_stream js;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int pretty;

	for (pretty = 0; pretty <= 1; pretty++) {
		f = open_memstream(&buf, &len);
		json_stream_init(&js, f, pretty);
		json_stream_begin_array(&js);
		json_stream_text(&js, text, sizeof(text) - 1);
		json_stream_end_array(&js);
		json_stream_finish(&js);
		fclose(f);
		is_str(buf, pretty ? "[\n  {\n    \"a\": [\n      1,\n      {\n"
		    "        \"b\": null\n      }\n    ],\n    \"c\": \"x\\u0000y\"\n  }\n]\n" :
		    "[{\"a\":[1,{\"b\":null}],\"c\":\"x\\u0000y\"}]\n",
		    "json_stream_text, pretty %d", pretty);
		free(buf);
		buf = NULL;
	}
}

int
main(void)
{
	struct strbuf sb = STRBUF_INIT;
	int pretty;
	char *a, *b;

	for (pretty = 0; pretty <= 1; pretty++) {
		a = streamed(pretty);
		b = whole(pretty);
		is_str(a, b, "streamed equals whole, pretty %d", pretty);
		free(a);
		free(b);
	}

	quote_like_jansson("plain", 5, "ASCII");
	quote_like_jansson("", 0, "empty");
	quote_like_jansson("a\"b\\c/d", 7, "quote, backslash, slash");
	quote_like_jansson("\b\f\n\r\t\x01\x1f\x7f", 8, "control characters");
	quote_like_jansson("x\0y", 3, "NUL byte");
	quote_like_jansson("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, "UTF-8");
	quote_like_jansson("caf\xe9 \xff\xfe", 7, "invalid bytes");
	quote_like_jansson("\xe2\x82", 2, "truncated sequence");
	quote_like_jansson("\xed\xa0\x80", 3, "surrogate");
	quote_like_jansson("\xc0\xaf", 2, "overlong");
	json_quotez(&sb, NULL);
	is_str(sb.buf, "null", "json_quotez(NULL) is null");
	strbuf_release(&sb);
	stream_text();
	return tap_done();
}
