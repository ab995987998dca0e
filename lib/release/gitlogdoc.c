/* gitlogdoc.c: the rel-gitlog document, checked field by field. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "release/gitlogdoc.h"
#include "release/semver.h"

/* Is field bit f of GITLOGDOC_* in need? */
#define NEED(f) ((need & GITLOGDOC_##f) != 0)

/* Where a field was found, for messages: "commits[3].footers[0].value". */
struct place {
	const char *in;		/* "commits", "from", "summary" */
	long index;		/* in commits; -1 in from and summary */
	long footer;		/* -1 when not in a footer */
	const char *field;
};

static void
describe(struct strbuf *err, const struct place *at, const char *what)
{
	strbuf_adds(err, at->in);
	if (at->index >= 0)
		strbuf_addf(err, "[%ld]", at->index);
	if (at->footer >= 0)
		strbuf_addf(err, ".footers[%ld]", at->footer);
	if (*at->field)
		strbuf_addf(err, "%s%s", *at->in ? "." : "", at->field);
	strbuf_addf(err, ": %s", what);
}

/*
 * The member field of obj, or NULL when it is missing; a missing field
 * that is required (need) is an error (-1).
 */
static int
member(json_t *obj, struct place *at, const char *field, int need,
    json_t **v, const char *what, struct strbuf *err)
{
	at->field = field;
	*v = json_object_get(obj, field);
	if (*v == NULL && need) {
		describe(err, at, what);
		return -1;
	}
	return 0;
}

/* A string (nullable: or null) copied into *out; NULL when missing. */
static int
get_string(json_t *obj, struct place *at, const char *field, int nullable,
    int need, char **out, struct strbuf *err)
{
	const char *what = nullable ? "missing, or not a string or null" :
	    "missing or not a string";
	json_t *v;

	*out = NULL;
	if (member(obj, at, field, need, &v, what, err) != 0)
		return -1;
	if (v == NULL || (nullable && json_is_null(v)))
		return 0;
	if (!json_is_string(v)) {
		describe(err, at, what);
		return -1;
	}
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return 0;
}

static int
get_bool(json_t *obj, struct place *at, const char *field, int need,
    int *out, struct strbuf *err)
{
	const char *what = "missing or not true or false";
	json_t *v;

	*out = 0;
	if (member(obj, at, field, need, &v, what, err) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		describe(err, at, what);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

/* "major", "minor", "patch" or "none" into *out; -1 when missing. */
static int
get_bump(json_t *obj, struct place *at, int need, int *out,
    struct strbuf *err)
{
	const char *what = "missing, or not major, minor, patch or none";
	const char *s;
	json_t *v;
	int b;

	*out = -1;
	if (member(obj, at, "bump", need, &v, what, err) != 0)
		return -1;
	if (v == NULL)
		return 0;
	s = json_string_value(v);
	for (b = SEMVER_BUMP_NONE; s && b <= SEMVER_BUMP_MAJOR; b++)
		if (strcmp(s, semver_bump_name((enum semver_bump)b)) == 0) {
			*out = b;
			return 0;
		}
	describe(err, at, what);
	return -1;
}

static int
get_footers(json_t *obj, struct place *at, int need,
    struct gitlogdoc_commit *c, struct strbuf *err)
{
	const char *what = "missing or not an array";
	struct gitlogdoc_footer *ft;
	json_t *arr, *f;
	size_t i;

	if (member(obj, at, "footers", need, &arr, what, err) != 0)
		return -1;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr)) {
		describe(err, at, what);
		return -1;
	}
	c->footers = xcalloc(json_array_size(arr) + 1, sizeof(*c->footers));
	json_array_foreach(arr, i, f) {
		at->footer = (long)i;
		at->field = "";
		ft = &c->footers[c->nfooters++];
		if (!json_is_object(f)) {
			describe(err, at, "not an object");
			return -1;
		}
		if (get_string(f, at, "token", 0, 1, &ft->token, err) ||
		    get_string(f, at, "separator", 0, 1, &ft->separator, err) ||
		    get_string(f, at, "value", 0, 1, &ft->value, err))
			return -1;
	}
	at->footer = -1;
	return 0;
}

/* author: {name, email}, both strings. */
static int
get_author(json_t *obj, struct place *at, int need,
    struct gitlogdoc_commit *c, struct strbuf *err)
{
	const char *what = "missing, or not an object of two strings, name "
	    "and email";
	json_t *a, *name, *email;

	if (member(obj, at, "author", need, &a, what, err) != 0)
		return -1;
	if (a == NULL)
		return 0;
	name = json_object_get(a, "name");
	email = json_object_get(a, "email");
	if (!json_is_string(name) || !json_is_string(email)) {
		describe(err, at, what);
		return -1;
	}
	c->author_name = xstrndup(json_string_value(name),
	    json_string_length(name));
	c->author_email = xstrndup(json_string_value(email),
	    json_string_length(email));
	return 0;
}

static int
get_commit(json_t *obj, size_t i, unsigned need, struct gitlogdoc_commit *c,
    struct strbuf *err)
{
	struct place at = { "commits", (long)i, -1, "" };

	c->bump = -1;
	if (!json_is_object(obj)) {
		describe(err, &at, "not an object");
		return -1;
	}
	if (get_string(obj, &at, "id", 0, NEED(ID), &c->id, err) ||
	    get_string(obj, &at, "short", 0, NEED(SHORT), &c->short_id, err) ||
	    get_string(obj, &at, "header", 0, NEED(HEADER), &c->header, err) ||
	    get_string(obj, &at, "type", 1, NEED(TYPE), &c->type, err) ||
	    get_string(obj, &at, "scope", 1, NEED(SCOPE), &c->scope, err) ||
	    get_string(obj, &at, "description", 1, NEED(DESCRIPTION),
	    &c->description, err) ||
	    get_bool(obj, &at, "breaking", NEED(BREAKING), &c->breaking, err) ||
	    get_bool(obj, &at, "conventional", NEED(CONVENTIONAL),
	    &c->conventional, err) ||
	    get_bool(obj, &at, "merge", NEED(MERGE), &c->merge, err) ||
	    get_bool(obj, &at, "revert", NEED(REVERT), &c->revert, err) ||
	    get_string(obj, &at, "reverts", 1, NEED(REVERTS), &c->reverts,
	    err) ||
	    get_footers(obj, &at, NEED(FOOTERS), c, err) ||
	    get_bump(obj, &at, NEED(BUMP), &c->bump, err) ||
	    get_string(obj, &at, "cancels", 1, NEED(CANCELS), &c->cancels,
	    err) ||
	    get_string(obj, &at, "cancelled_by", 1, NEED(CANCELS),
	    &c->cancelled_by, err) ||
	    get_author(obj, &at, NEED(AUTHOR), c, err))
		return -1;
	if (c->conventional && (c->type == NULL || c->description == NULL) &&
	    (NEED(TYPE) || NEED(DESCRIPTION))) {
		at.field = c->type ? "description" : "type";
		describe(err, &at, "null in a conventional commit");
		return -1;
	}
	return 0;
}

/* from: null, or {tag, version}. */
static int
get_from(json_t *d, unsigned need, struct gitlogdoc *doc, struct strbuf *err)
{
	const char *what = "missing, or not an object or null";
	struct place at = { "", -1, -1, "" };
	json_t *from;

	if (member(d, &at, "from", NEED(FROM), &from, what, err) != 0)
		return -1;
	if (from == NULL || json_is_null(from))
		return 0;
	if (!json_is_object(from)) {
		describe(err, &at, what);
		return -1;
	}
	at.in = "from";
	doc->has_from = 1;
	return get_string(from, &at, "tag", 1, NEED(FROM), &doc->from_tag,
	    err) || get_string(from, &at, "version", 1, NEED(FROM),
	    &doc->from_version, err) ? -1 : 0;
}

/* other_prefix: null, or {prefix, tags}; never required (older
   documents lack it). */
static int
get_other_prefix(json_t *d, struct gitlogdoc *doc, struct strbuf *err)
{
	const char *what = "not an object or null";
	struct place at = { "", -1, -1, "" };
	json_t *o, *tags;

	member(d, &at, "other_prefix", 0, &o, what, err);
	if (o == NULL || json_is_null(o))
		return 0;
	if (!json_is_object(o)) {
		describe(err, &at, what);
		return -1;
	}
	at.in = "other_prefix";
	if (get_string(o, &at, "prefix", 0, 1, &doc->other_prefix, err) != 0)
		return -1;
	at.field = "tags";
	tags = json_object_get(o, "tags");
	if (!json_is_integer(tags) || json_integer_value(tags) < 1) {
		describe(err, &at, "missing or not a positive integer");
		return -1;
	}
	doc->other_prefix_tags = json_integer_value(tags);
	return 0;
}

/* summary: {current, bump, next}. */
static int
get_summary(json_t *d, unsigned need, struct gitlogdoc *doc,
    struct strbuf *err)
{
	struct place at = { "", -1, -1, "" };
	json_t *s;

	if (member(d, &at, "summary", NEED(SUMMARY), &s, "missing or not an "
	    "object", err) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (!json_is_object(s)) {
		describe(err, &at, "missing or not an object");
		return -1;
	}
	at.in = "summary";
	return get_string(s, &at, "current", 1, NEED(SUMMARY), &doc->current,
	    err) || get_bump(s, &at, NEED(SUMMARY), &doc->bump, err) ||
	    get_string(s, &at, "next", 1, NEED(SUMMARY), &doc->next, err) ?
	    -1 : 0;
}

int
gitlogdoc_parse(struct gitlogdoc *doc, const char *buf, size_t len,
    unsigned need, struct strbuf *err)
{
	json_error_t jerr;
	json_t *d, *schema, *error;
	int rc = -1;

	memset(doc, 0, sizeof(*doc));
	doc->bump = -1;
	d = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (d == NULL) {
		strbuf_addf(err, "not JSON: %s (line %d, column %d)", jerr.text,
		    jerr.line, jerr.column);
		return -1;
	}
	schema = json_object_get(d, "schema");
	if (json_is_string(schema) && strcmp(json_string_value(schema),
	    "rel-gitlog-releases/1") == 0) {
		strbuf_adds(err, "a rel-gitlog --releases document: "
		    "'rel-changelog generate' reads it");
		goto cleanup;
	}
	if (!json_is_string(schema) ||
	    strcmp(json_string_value(schema), "rel-gitlog/1") != 0) {
		strbuf_adds(err, "not a rel-gitlog/1 document (\"schema\")");
		goto cleanup;
	}
	if (json_is_false(json_object_get(d, "ok"))) {
		/* rel-gitlog stopped part way: its commits are not all. */
		error = json_object_get(d, "error");
		strbuf_addf(err, "rel-gitlog failed (\"ok\": false): %s",
		    json_is_string(error) ? json_string_value(error) :
		    "no error given");
		goto cleanup;
	}
	rc = gitlogdoc_read(doc, d, need, err);
cleanup:
	json_decref(d);
	return rc;
}

int
gitlogdoc_read(struct gitlogdoc *doc, json_t *d, unsigned need,
    struct strbuf *err)
{
	json_t *commits = json_object_get(d, "commits"), *c;
	size_t i;

	memset(doc, 0, sizeof(*doc));
	doc->bump = -1;
	if (!json_is_array(commits)) {
		strbuf_adds(err, "commits: missing or not an array");
		return -1;
	}
	if (get_from(d, need, doc, err) != 0 ||
	    get_other_prefix(d, doc, err) != 0 ||
	    get_summary(d, need, doc, err) != 0)
		goto fail;
	doc->commits = xcalloc(json_array_size(commits) + 1,
	    sizeof(*doc->commits));
	json_array_foreach(commits, i, c) {
		doc->ncommits++;
		if (get_commit(c, i, need, &doc->commits[i], err) != 0)
			goto fail;
	}
	return 0;
fail:
	gitlogdoc_free(doc);
	return -1;
}

void
gitlogdoc_free(struct gitlogdoc *doc)
{
	struct gitlogdoc_commit *c;
	size_t i, j;

	for (i = 0; i < doc->ncommits; i++) {
		c = &doc->commits[i];
		for (j = 0; j < c->nfooters; j++) {
			free(c->footers[j].token);
			free(c->footers[j].separator);
			free(c->footers[j].value);
		}
		free(c->footers);
		free(c->id);
		free(c->short_id);
		free(c->header);
		free(c->type);
		free(c->scope);
		free(c->description);
		free(c->reverts);
		free(c->cancels);
		free(c->cancelled_by);
		free(c->author_name);
		free(c->author_email);
	}
	free(doc->commits);
	free(doc->from_tag);
	free(doc->from_version);
	free(doc->current);
	free(doc->next);
	free(doc->other_prefix);
	memset(doc, 0, sizeof(*doc));
	doc->bump = -1;
}
