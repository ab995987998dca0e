/* releasesdoc.c: a rel-gitlog --releases document, entry by entry. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/pipewide.h"
#include "core/xalloc.h"
#include "release/releasesdoc.h"
#include "release/semver.h"

#define SCHEMA "rel-gitlog-releases/1"
#define CHUNK ((size_t)64 << 10)

enum { BEFORE, IN_RELEASES, AFTER, DONE };

void
releasesdoc_open(struct releasesdoc *rd, int fd)
{
	memset(rd, 0, sizeof(*rd));
	rd->fd = fd;
	strbuf_init(&rd->buf);
	pipe_widen(fd);
}

/* Drop the bytes consumed, once they are many. */
static void
compact(struct releasesdoc *rd)
{
	if (rd->pos > CHUNK && rd->pos * 2 > rd->buf.len) {
		memmove(rd->buf.buf, rd->buf.buf + rd->pos,
		    rd->buf.len - rd->pos);
		rd->buf.len -= rd->pos;
		rd->buf.buf[rd->buf.len] = '\0';
		rd->pos = 0;
	}
}

/* More bytes: 1, 0 at the end of the input, -1 with errno set. */
static int
fill(struct releasesdoc *rd)
{
	ssize_t n;

	if (rd->eof)
		return 0;
	strbuf_grow(&rd->buf, CHUNK);
	do
		n = read(rd->fd, rd->buf.buf + rd->buf.len, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	rd->buf.len += (size_t)n;
	rd->buf.buf[rd->buf.len] = '\0';
	rd->eof = n == 0;
	return n > 0;
}

/* The next byte that is not white space, not consumed; 0 at the end. */
static int
peek(struct releasesdoc *rd, struct strbuf *err)
{
	int rc;

	for (;;) {
		while (rd->pos < rd->buf.len &&
		    strchr(" \t\r\n", rd->buf.buf[rd->pos]) &&
		    rd->buf.buf[rd->pos])
			rd->pos++;
		if (rd->pos < rd->buf.len)
			return (unsigned char)rd->buf.buf[rd->pos];
		if ((rc = fill(rd)) <= 0) {
			if (rc < 0)
				strbuf_addf(err, "cannot read: %s",
				    strerror(errno));
			return rc < 0 ? -1 : 0;
		}
	}
}

/* Consume the byte c, else say what was expected. */
static int
expect(struct releasesdoc *rd, int c, const char *what, struct strbuf *err)
{
	int got = peek(rd, err);

	if (got < 0)
		return -1;
	if (got != c) {
		strbuf_addf(err, "not JSON: %s expected at byte %zu", what,
		    rd->pos);
		return -1;
	}
	rd->pos++;
	return 0;
}

/*
 * The JSON value at pos, parsed, pos moved past it. Its end is found
 * first (strings, nesting), reading more as needed; then jansson parses
 * those bytes alone.
 */
static json_t *
value(struct releasesdoc *rd, struct strbuf *err)
{
	size_t at, depth = 0;
	int in_string = 0, escape = 0, scalar, c, rc;
	json_error_t jerr;
	json_t *v;

	if ((c = peek(rd, err)) <= 0) {
		if (c == 0)
			strbuf_adds(err, "not JSON: the document ends early");
		return NULL;
	}
	compact(rd);
	scalar = c != '{' && c != '[' && c != '"';
	for (at = rd->pos;; at++) {
		if (at == rd->buf.len) {
			if ((rc = fill(rd)) < 0) {
				strbuf_addf(err, "cannot read: %s",
				    strerror(errno));
				return NULL;
			}
			if (rc == 0)
				break;
		}
		c = (unsigned char)rd->buf.buf[at];
		if (scalar) {
			if (strchr(",}] \t\r\n", c) || c == 0)
				break;
		} else if (in_string) {
			if (escape)
				escape = 0;
			else if (c == '\\')
				escape = 1;
			else if (c == '"' && (in_string = 0, depth == 0)) {
				at++;
				break;
			}
		} else if (c == '"')
			in_string = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0) {
			at++;
			break;
		}
	}
	v = json_loadb(rd->buf.buf + rd->pos, at - rd->pos,
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL)
		strbuf_addf(err, "not JSON: %s (at byte %zu)", jerr.text,
		    rd->pos + (size_t)(jerr.position > 0 ? jerr.position : 0));
	rd->pos = at;
	return v;
}

/* A string or null member of an entry, copied; both strings or null. */
static int
get_text(json_t *o, const char *key, size_t index, char **out,
    struct strbuf *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v && json_is_string(v)) {
		*out = xstrndup(json_string_value(v), json_string_length(v));
		return 0;
	}
	if (v && json_is_null(v))
		return 0;
	strbuf_addf(err, "releases[%zu].%s: missing, or not a string or null",
	    index, key);
	return -1;
}

static int
entry_of(json_t *o, size_t index, unsigned need, struct releasesdoc_entry *e,
    struct strbuf *err)
{
	struct semver v;

	memset(e, 0, sizeof(*e));
	e->log.bump = -1;
	if (!json_is_object(o)) {
		strbuf_addf(err, "releases[%zu]: not an object", index);
		return -1;
	}
	if (get_text(o, "tag", index, &e->tag, err) ||
	    get_text(o, "version", index, &e->version, err) ||
	    get_text(o, "date", index, &e->date, err))
		goto fail;
	if (!e->tag != !e->version || !e->tag != !e->date) {
		strbuf_addf(err, "releases[%zu]: tag, version and date are "
		    "strings together or null together", index);
		goto fail;
	}
	if (e->version && semver_parse_str(&v, e->version) < 0) {
		strbuf_addf(err, "releases[%zu].version: not a SemVer version",
		    index);
		goto fail;
	}
	if (e->version)
		semver_free(&v);
	if (e->date && (strlen(e->date) < 10 || e->date[4] != '-' ||
	    e->date[7] != '-')) {
		strbuf_addf(err, "releases[%zu].date: not a date", index);
		goto fail;
	}
	strbuf_addf(err, "releases[%zu].", index);
	if (gitlogdoc_read(&e->log, o, need, err) != 0)
		goto fail;
	strbuf_reset(err);
	return 0;
fail:
	releasesdoc_entry_free(e);
	return -1;
}

/* A member of the top-level object other than "releases". */
static int
member(struct releasesdoc *rd, const char *key, struct strbuf *err)
{
	json_t *v = value(rd, err);
	int rc = 0;

	if (v == NULL)
		return -1;
	if (strcmp(key, "schema") == 0) {
		rd->schema = json_is_string(v) &&
		    strcmp(json_string_value(v), SCHEMA) == 0;
		if (!rd->schema) {
			strbuf_adds(err, "not a " SCHEMA " document "
			    "(\"schema\")");
			rc = -1;
		}
	} else if (strcmp(key, "ok") == 0)
		rd->ok = json_is_false(v) ? -1 : 1;
	else if (strcmp(key, "error") == 0 && json_is_string(v)) {
		free(rd->error);
		rd->error = xstrdup(json_string_value(v));
	}
	json_decref(v);
	return rc;
}

/* The next key of the top-level object; NULL at its end (*done set). */
static char *
next_key(struct releasesdoc *rd, int *done, struct strbuf *err)
{
	json_t *k;
	char *key;
	int c;

	*done = 0;
	if ((c = peek(rd, err)) < 0)
		return NULL;
	if (c == '}') {
		rd->pos++;
		*done = 1;
		return NULL;
	}
	if ((k = value(rd, err)) == NULL)
		return NULL;
	if (!json_is_string(k)) {
		strbuf_adds(err, "not JSON: a key expected");
		json_decref(k);
		return NULL;
	}
	key = xstrdup(json_string_value(k));
	json_decref(k);
	if (expect(rd, ':', "':'", err) != 0) {
		free(key);
		return NULL;
	}
	return key;
}

/* After a member: ',' or the end of the object. */
static int
after_member(struct releasesdoc *rd, struct strbuf *err)
{
	int c = peek(rd, err);

	if (c == ',') {
		rd->pos++;
		return 0;
	}
	if (c == '}')
		return 0;
	if (c >= 0)
		strbuf_addf(err, "not JSON: ',' or '}' expected at byte %zu",
		    rd->pos);
	return -1;
}

/* The end of the document: "ok", and nothing after it. */
static int
finish(struct releasesdoc *rd, struct strbuf *err)
{
	int c;

	rd->state = DONE;
	if ((c = peek(rd, err)) != 0) {
		if (c > 0)
			strbuf_addf(err, "not JSON: bytes after the document "
			    "(byte %zu)", rd->pos);
		return -1;
	}
	if (rd->ok < 0) {
		strbuf_addf(err, "rel-gitlog failed (\"ok\": false): %s",
		    rd->error ? rd->error : "no error given");
		return -1;
	}
	return 0;
}

/* Members up to "releases", or to the end of the object. */
static int
top_level(struct releasesdoc *rd, struct strbuf *err)
{
	int done, seen_releases = rd->state == AFTER;
	char *key;

	for (;;) {
		if ((key = next_key(rd, &done, err)) == NULL) {
			if (!done)
				return -1;
			if (!seen_releases) {
				strbuf_adds(err, rd->schema ? "releases: "
				    "missing" : "not a " SCHEMA " document "
				    "(\"schema\")");
				return -1;
			}
			return finish(rd, err);
		}
		if (strcmp(key, "releases") == 0) {
			free(key);
			if (seen_releases || !rd->schema) {
				strbuf_adds(err, seen_releases ? "releases: "
				    "twice" : "not a " SCHEMA " document "
				    "(\"schema\" before \"releases\")");
				return -1;
			}
			if (expect(rd, '[', "'[' of releases", err) != 0)
				return -1;
			rd->state = IN_RELEASES;
			return 1;
		}
		if (member(rd, key, err) != 0 || after_member(rd, err) != 0) {
			free(key);
			return -1;
		}
		free(key);
	}
}

int
releasesdoc_next(struct releasesdoc *rd, struct releasesdoc_entry *e,
    unsigned need, struct strbuf *err)
{
	json_t *v;
	int c, rc;

	memset(e, 0, sizeof(*e));
	if (rd->state == DONE)
		return 0;
	if (rd->state == BEFORE) {
		if (expect(rd, '{', "'{'", err) != 0)
			return -1;
		if ((rc = top_level(rd, err)) <= 0)
			return rc;
	}
	while (rd->state == IN_RELEASES) {
		if ((c = peek(rd, err)) < 0)
			return -1;
		if (c == ']') {
			rd->pos++;
			rd->state = AFTER;
			if (after_member(rd, err) != 0)
				return -1;
			return top_level(rd, err) < 0 ? -1 : 0;
		}
		if (rd->index > 0 && expect(rd, ',', "',' between releases",
		    err) != 0)
			return -1;
		if ((v = value(rd, err)) == NULL)
			return -1;
		rc = entry_of(v, rd->index++, need, e, err);
		json_decref(v);
		return rc == 0 ? 1 : -1;
	}
	return top_level(rd, err) < 0 ? -1 : 0;
}

void
releasesdoc_entry_free(struct releasesdoc_entry *e)
{
	free(e->tag);
	free(e->version);
	free(e->date);
	gitlogdoc_free(&e->log);
	memset(e, 0, sizeof(*e));
	e->log.bump = -1;
}

void
releasesdoc_close(struct releasesdoc *rd)
{
	strbuf_release(&rd->buf);
	free(rd->error);
	memset(rd, 0, sizeof(*rd));
}
