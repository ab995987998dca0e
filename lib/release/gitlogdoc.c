/* gitlogdoc.c: the rel-gitlog document, checked field by field. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/diag.h"
#include "core/xalloc.h"
#include "release/gitlogdoc.h"

/* Where a field was found, for messages: "commits[3].footers[0].value". */
struct place {
	size_t commit;
	long footer;		/* -1 when not in a footer */
	const char *field;
};

static void
describe(struct strbuf *err, const struct place *at, const char *what)
{
	strbuf_addf(err, "commits[%zu]", at->commit);
	if (at->footer >= 0)
		strbuf_addf(err, ".footers[%ld]", at->footer);
	if (*at->field)
		strbuf_addf(err, ".%s", at->field);
	strbuf_addf(err, ": %s", what);
}

/* A string field (nullable: null allowed) copied into *out. */
static int
get_string(json_t *obj, struct place *at, const char *field, int nullable,
    char **out, struct strbuf *err)
{
	json_t *v = json_object_get(obj, field);

	at->field = field;
	*out = NULL;
	if (v && json_is_null(v) && nullable)
		return 0;
	if (!json_is_string(v)) {
		describe(err, at, nullable ? "missing, or not a string or null" :
		    "missing or not a string");
		return -1;
	}
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return 0;
}

static int
get_bool(json_t *obj, struct place *at, const char *field, int *out,
    struct strbuf *err)
{
	json_t *v = json_object_get(obj, field);

	at->field = field;
	if (!json_is_boolean(v)) {
		describe(err, at, "missing or not true or false");
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

static int
get_footers(json_t *obj, struct place *at, struct gitlog_commit *c,
    struct strbuf *err)
{
	json_t *arr = json_object_get(obj, "footers"), *f;
	struct gitlog_footer *ft;
	size_t i;

	at->field = "footers";
	if (!json_is_array(arr)) {
		describe(err, at, "missing or not an array");
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
		if (get_string(f, at, "token", 0, &ft->token, err) ||
		    get_string(f, at, "separator", 0, &ft->separator, err) ||
		    get_string(f, at, "value", 0, &ft->value, err))
			return -1;
	}
	at->footer = -1;
	return 0;
}

static int
get_commit(json_t *obj, size_t i, struct gitlog_commit *c,
    struct strbuf *err)
{
	struct place at = { i, -1, "" };

	if (!json_is_object(obj)) {
		strbuf_addf(err, "commits[%zu]: not an object", i);
		return -1;
	}
	if (get_string(obj, &at, "id", 0, &c->id, err) ||
	    get_string(obj, &at, "short", 0, &c->short_id, err) ||
	    get_string(obj, &at, "header", 0, &c->header, err) ||
	    get_string(obj, &at, "type", 1, &c->type, err) ||
	    get_string(obj, &at, "scope", 1, &c->scope, err) ||
	    get_string(obj, &at, "description", 1, &c->description, err) ||
	    get_bool(obj, &at, "breaking", &c->breaking, err) ||
	    get_bool(obj, &at, "conventional", &c->conventional, err) ||
	    get_bool(obj, &at, "merge", &c->merge, err) ||
	    get_bool(obj, &at, "revert", &c->revert, err) ||
	    get_string(obj, &at, "reverts", 1, &c->reverts, err) ||
	    get_footers(obj, &at, c, err))
		return -1;
	if (c->conventional && (c->type == NULL || c->description == NULL)) {
		at.field = c->type ? "description" : "type";
		describe(err, &at, "null in a conventional commit");
		return -1;
	}
	return 0;
}

int
gitlog_parse(struct gitlog *log, const char *buf, size_t len,
    struct strbuf *err)
{
	json_error_t jerr;
	json_t *doc, *commits, *schema, *error, *c;
	size_t i;
	int rc = -1;

	memset(log, 0, sizeof(*log));
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		strbuf_addf(err, "not JSON: %s (line %d, column %d)", jerr.text,
		    jerr.line, jerr.column);
		return -1;
	}
	schema = json_object_get(doc, "schema");
	commits = json_object_get(doc, "commits");
	if (!json_is_string(schema) ||
	    strcmp(json_string_value(schema), "rel-gitlog/1") != 0) {
		strbuf_adds(err, "not a rel-gitlog/1 document (\"schema\")");
		goto cleanup;
	}
	if (json_is_false(json_object_get(doc, "ok"))) {
		/* rel-gitlog stopped part way: its commits are not all. */
		error = json_object_get(doc, "error");
		strbuf_addf(err, "rel-gitlog failed (\"ok\": false): %s",
		    json_is_string(error) ? json_string_value(error) :
		    "no error given");
		goto cleanup;
	}
	if (!json_is_array(commits)) {
		strbuf_adds(err, "commits: missing or not an array");
		goto cleanup;
	}
	log->commits = xcalloc(json_array_size(commits) + 1,
	    sizeof(*log->commits));
	json_array_foreach(commits, i, c) {
		log->ncommits++;
		if (get_commit(c, i, &log->commits[i], err) != 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	if (rc != 0)
		gitlog_free(log);
	json_decref(doc);
	return rc;
}

void
gitlog_free(struct gitlog *log)
{
	struct gitlog_commit *c;
	size_t i, j;

	for (i = 0; i < log->ncommits; i++) {
		c = &log->commits[i];
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
	}
	free(log->commits);
	memset(log, 0, sizeof(*log));
}
