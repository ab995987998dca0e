/* jsonout.c: writing JSON documents, whole or streamed. */
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/jsonout.h"
#include "core/strbuf.h"
#include "core/utf8.h"

/* 15 digits: a decimal such as 12.345 prints as written, not 12.345000000000001. */
#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

int
json_pretty_wanted(int pretty_flag)
{
	return pretty_flag || isatty(STDOUT_FILENO);
}

int
json_print(FILE *out, const json_t *doc, int pretty)
{
	size_t flags = DUMP_FLAGS | (pretty ? JSON_INDENT(2) : JSON_COMPACT);

	if (json_dumpf(doc, out, flags) != 0 || fputc('\n', out) == EOF ||
	    fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

json_t *
json_text(const char *s, size_t len)
{
	json_t *v;
	char *clean;
	size_t clen;

	if (s == NULL)
		return json_null();
	if (utf8_valid(s, len))
		v = json_stringn_nocheck(s, len);
	else {
		clean = utf8_sanitize(s, len, &clen);
		v = json_stringn_nocheck(clean, clen);
		free(clean);
	}
	if (v == NULL)
		die_oom();
	return v;
}

json_t *
json_strz(const char *s)
{
	return json_text(s, s ? strlen(s) : 0);
}

/* A value jansson refused to make: the caller's bug, not memory. */
static void __attribute__((noreturn))
no_value(const char *where)
{
	errmsg("internal error: no JSON value for %s (jansson refused its "
	    "input: text that is not UTF-8 goes through json_text())", where);
	abort();
}

void
json_put(json_t *obj, const char *key, json_t *value)
{
	if (value == NULL)
		no_value(key);
	if (json_object_set_new(obj, key, value) != 0)
		die_oom();
}

void
json_push(json_t *array, json_t *value)
{
	if (value == NULL)
		no_value("an array element");
	if (json_array_append_new(array, value) != 0)
		die_oom();
}

void
json_quote(struct strbuf *sb, const char *s, size_t len)
{
	/* JSON's short escapes, as pairs: the byte, then its letter. */
	static const char short_escapes[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	const char *e;
	size_t i = 0, n, run;

	if (s == NULL) {
		strbuf_add(sb, "null", 4);
		return;
	}
	strbuf_grow(sb, len + 2);
	strbuf_addc(sb, '"');
	while (i < len) {
		/* Copy the longest run that needs no escaping at once. */
		for (run = i; run < len && p[run] >= 0x20 && p[run] < 0x80 &&
		    p[run] != '"' && p[run] != '\\'; run++)
			;
		strbuf_add(sb, s + i, run - i);
		if ((i = run) >= len)
			break;
		if (p[i] >= 0x80) {
			if ((n = utf8_seq_len(p + i, len - i)) == 0) {
				strbuf_add(sb, "\xEF\xBF\xBD", 3);
				n = 1;
			} else
				strbuf_add(sb, s + i, n);
			i += n;
			continue;
		}
		for (e = short_escapes; *e && *e != s[i]; e += 2)
			;
		strbuf_addc(sb, '\\');
		if (*e)
			strbuf_addc(sb, e[1]);
		else {
			strbuf_add(sb, "u00", 3);
			strbuf_addc(sb, hex[p[i] >> 4]);
			strbuf_addc(sb, hex[p[i] & 15]);
		}
		i++;
	}
	strbuf_addc(sb, '"');
}

void
json_quotez(struct strbuf *sb, const char *s)
{
	json_quote(sb, s, s ? strlen(s) : 0);
}

static void
put(struct json_stream *js, const char *s, size_t n)
{
	if (fwrite(s, 1, n, js->out) != n)
		js->failed = 1;
}

static void
newline_indent(struct json_stream *js, int depth)
{
	int i;

	if (!js->pretty)
		return;
	put(js, "\n", 1);
	for (i = 0; i < depth; i++)
		put(js, "  ", 2);
}

/* Separator and indentation before a new member or element. */
static void
before_item(struct json_stream *js)
{
	if (js->after_key) {
		js->after_key = 0;
		return;
	}
	if (js->depth == 0)
		return;
	if (js->count[js->depth - 1]++ > 0)
		put(js, ",", 1);
	newline_indent(js, js->depth);
}

static void
stream_open(struct json_stream *js, char c)
{
	before_item(js);
	put(js, &c, 1);
	if (js->depth >= JSON_STREAM_DEPTH)
		die(EXIT_ENV, "json stream nested too deep");
	js->count[js->depth++] = 0;
}

static void
stream_close(struct json_stream *js, char c)
{
	int had = js->count[--js->depth];

	if (had)
		newline_indent(js, js->depth);
	put(js, &c, 1);
}

void
json_stream_init(struct json_stream *js, FILE *out, int pretty)
{
	memset(js, 0, sizeof(*js));
	js->out = out;
	js->pretty = pretty;
}

void
json_stream_begin_object(struct json_stream *js)
{
	stream_open(js, '{');
}

void
json_stream_end_object(struct json_stream *js)
{
	stream_close(js, '}');
}

void
json_stream_begin_array(struct json_stream *js)
{
	stream_open(js, '[');
}

void
json_stream_end_array(struct json_stream *js)
{
	stream_close(js, ']');
}

void
json_stream_key(struct json_stream *js, const char *key)
{
	struct strbuf sb = STRBUF_INIT;

	before_item(js);
	json_quotez(&sb, key);
	put(js, sb.buf, sb.len);
	put(js, js->pretty ? ": " : ":", js->pretty ? 2 : 1);
	strbuf_release(&sb);
	js->after_key = 1;
}

void
json_stream_value(struct json_stream *js, json_t *value)
{
	size_t flags = DUMP_FLAGS | JSON_ENCODE_ANY |
	    (js->pretty ? JSON_INDENT(2) : JSON_COMPACT);
	char *s, *p, *nl;

	before_item(js);
	s = json_dumps(value, flags);
	json_decref(value);
	if (s == NULL)
		die_oom();
	/* Shift the value's own indentation to this depth. */
	for (p = s; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		put(js, p, (size_t)(nl - p));
		newline_indent(js, js->depth);
	}
	put(js, p, strlen(p));
	free(s);
}

void
json_stream_text(struct json_stream *js, const char *text, size_t len)
{
	json_t *v;

	if (js->pretty) {
		if ((v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL)) == NULL)
			die(EXIT_ENV, "internal error: malformed JSON text");
		json_stream_value(js, v);
		return;
	}
	before_item(js);
	put(js, text, len);
}

int
json_stream_finish(struct json_stream *js)
{
	put(js, "\n", 1);
	if (fflush(js->out) != 0 || ferror(js->out))
		js->failed = 1;
	return js->failed ? -1 : 0;
}
