/*
 * jsonout.h: JSON documents on stdout, one per run, newline-terminated.
 *
 * Compact unless pretty output was asked for (--pretty) or stdout is a
 * terminal. Object keys keep their insertion order.
 *
 * Two ways to write:
 *  - build a json_t and json_print() it whole;
 *  - stream a large document piece by piece with struct json_stream, so
 *    memory stays flat (rel-gitlog writes commits as it walks them).
 */
#ifndef RELTOOLS_JSONOUT_H
#define RELTOOLS_JSONOUT_H

#include <stdio.h>
#include <jansson.h>

/* Resolve the --pretty flag: nonzero flag, or stdout is a terminal. */
int json_pretty_wanted(int pretty_flag);

/*
 * Write doc (not consumed) to out with a final newline and flush.
 * Returns 0, or -1 on an I/O error (errno set).
 */
int json_print(FILE *out, const json_t *doc, int pretty);

/*
 * A JSON string from outside bytes: invalid UTF-8 bytes become U+FFFD.
 * NULL s gives JSON null. Never returns NULL.
 */
json_t *json_text(const char *s, size_t len);

/* json_text() of a C string; NULL gives JSON null. */
json_t *json_strz(const char *s);

/*
 * Set key (UTF-8) in obj to value, consuming value; dies on
 * out-of-memory. value is never NULL: text from outside is made with
 * json_text() or json_strz(), which never fail. A NULL value (from
 * json_string() of bytes that are not UTF-8, say) is a bug, reported as
 * one (abort()), never as running out of memory.
 */
void json_put(json_t *obj, const char *key, json_t *value);

/* Append value to array, consuming value; as json_put(). */
void json_push(json_t *array, json_t *value);

struct strbuf;

/*
 * Append s (len bytes) to sb as a JSON string literal, byte for byte what
 * compact json_dumps() of json_text(s, len) writes: invalid UTF-8 bytes
 * become U+FFFD. NULL s appends null. For hot paths that write JSON text
 * directly rather than build json_t values.
 */
void json_quote(struct strbuf *sb, const char *s, size_t len);

/* json_quote() of a C string (NULL: null). */
void json_quotez(struct strbuf *sb, const char *s);

/* A streamed document. Depth is bounded by JSON_STREAM_DEPTH. */
#define JSON_STREAM_DEPTH 16
struct json_stream {
	FILE *out;
	int pretty;
	int depth;
	int count[JSON_STREAM_DEPTH];	/* members written at each depth */
	int after_key;			/* a key was written, value pending */
	int failed;			/* an I/O error happened */
};

void json_stream_init(struct json_stream *js, FILE *out, int pretty);
void json_stream_begin_object(struct json_stream *js);
void json_stream_end_object(struct json_stream *js);
void json_stream_begin_array(struct json_stream *js);
void json_stream_end_array(struct json_stream *js);
void json_stream_key(struct json_stream *js, const char *key);
/* Write value (consumed) as the next member or element. */
void json_stream_value(struct json_stream *js, json_t *value);
/*
 * Write a value given as compact JSON text (from json_quote() and
 * literals) as the next member or element; reindented when pretty.
 */
void json_stream_text(struct json_stream *js, const char *text, size_t len);
/* Newline and flush at the end of the document; 0 or -1 on I/O error. */
int json_stream_finish(struct json_stream *js);

#endif
