/* state.c: state.json read and replaced atomically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/atomicfile.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "core/jsonout.h"
#include "core/readfile.h"
#include "deploy/state.h"

#define STATE_SCHEMA "deploy-slot-state/1"

void
deploy_state_init(struct deploy_state *s)
{
	memset(s, 0, sizeof(*s));
	s->active = s->previous = -1;
}

void
deploy_set_str(char **field, const char *value)
{
	char *copy = value ? xstrdup(value) : NULL;

	free(*field);
	*field = copy;
}

void
deploy_time_now(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

int
deploy_mkdirs(const char *dir)
{
	char *p, *copy = xstrdup(dir), c;
	int rc = 0;

	for (p = copy + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(copy, 0750) != 0 && errno != EEXIST)
			rc = -1;
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	return rc;
}

int
deploy_slot_index(const struct deploy_config *c, const char *name)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, c->slots[0].name) == 0)
		return 0;
	if (strcmp(name, c->slots[1].name) == 0)
		return 1;
	return -1;
}

static char *
state_path(const struct deploy_config *c)
{
	return xstrfmt("%s/state.json", c->state_dir);
}

static char *
str_member(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? xstrdup(v) : NULL;
}

/* The slot named by member key of obj: 0 ok (-1 in *index for null). */
static int
slot_member(const struct deploy_config *c, json_t *obj, const char *key,
    int *index, struct strbuf *err, const char *path)
{
	json_t *v = json_object_get(obj, key);

	*index = -1;
	if (v == NULL || json_is_null(v))
		return 0;
	*index = deploy_slot_index(c, json_string_value(v));
	if (*index < 0) {
		strbuf_addf(err, "%s: %s slot '%s' is not in SLOTS", path, key,
		    json_is_string(v) ? json_string_value(v) : "?");
		return -1;
	}
	return 0;
}

int
deploy_state_read(const struct deploy_config *c, struct deploy_state *s,
    struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	char *path = state_path(c);
	json_t *doc = NULL, *slots, *one, *prev;
	json_error_t jerr;
	int i, rc = -1;

	deploy_state_init(s);
	if (readfile(path, &text) != 0) {
		if (errno == ENOENT)
			rc = 0;
		else
			strbuf_addf(err, "cannot read '%s': %s", path,
			    strerror(errno));
		goto cleanup;
	}
	doc = json_loadb(strbuf_str(&text), text.len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (doc == NULL || !json_is_object(doc) || strcmp(STATE_SCHEMA,
	    json_string_value(json_object_get(doc, "schema")) ?
	    json_string_value(json_object_get(doc, "schema")) : "") != 0) {
		strbuf_addf(err, "'%s' is not a deploy-slot state file", path);
		goto cleanup;
	}
	s->exists = 1;
	prev = json_object_get(doc, "previous");
	if (slot_member(c, doc, "active", &s->active, err, path) != 0 ||
	    (json_is_object(prev) && slot_member(c, prev, "slot",
	    &s->previous, err, path) != 0))
		goto cleanup;
	if (json_is_object(prev))
		s->previous_version = str_member(prev, "version");
	slots = json_object_get(doc, "slots");
	for (i = 0; i < 2; i++) {
		one = json_object_get(slots, c->slots[i].name);
		if (!json_is_object(one))
			continue;
		s->slot[i].version = str_member(one, "version");
		s->slot[i].started = str_member(one, "started");
		s->slot[i].pid = (long)json_integer_value(json_object_get(one,
		    "pid"));
		s->slot[i].pid_start = (long long)json_integer_value(
		    json_object_get(one, "pid_start"));
		s->slot[i].running = json_is_true(json_object_get(one,
		    "running"));
	}
	s->snapshot = str_member(doc, "snapshot");
	s->updated = str_member(doc, "updated");
	rc = 0;
cleanup:
	if (rc != 0)
		deploy_state_release(s);
	json_decref(doc);
	strbuf_release(&text);
	free(path);
	return rc;
}

static json_t *
slot_name(const struct deploy_config *c, int i)
{
	return i < 0 ? json_null() : json_string(c->slots[i].name);
}

json_t *
deploy_state_json(const struct deploy_config *c, const struct deploy_state *s)
{
	json_t *doc = json_object(), *slots = json_object(), *one, *prev;
	int i;

	json_put(doc, "schema", json_string(STATE_SCHEMA));
	json_put(doc, "env", json_strz(c->env));
	json_put(doc, "active", slot_name(c, s->active));
	if (s->previous >= 0) {
		prev = json_object();
		json_put(prev, "slot", slot_name(c, s->previous));
		json_put(prev, "version", json_strz(s->previous_version));
		json_put(doc, "previous", prev);
	} else
		json_put(doc, "previous", json_null());
	for (i = 0; i < 2; i++) {
		one = json_object();
		json_put(one, "port", json_integer(c->slots[i].port));
		json_put(one, "version", json_strz(s->slot[i].version));
		json_put(one, "pid", s->slot[i].pid > 0 ?
		    json_integer(s->slot[i].pid) : json_null());
		json_put(one, "pid_start", s->slot[i].pid > 0 ?
		    json_integer(s->slot[i].pid_start) : json_null());
		json_put(one, "running", json_boolean(s->slot[i].running));
		json_put(one, "started", json_strz(s->slot[i].started));
		json_put(slots, c->slots[i].name, one);
	}
	json_put(doc, "slots", slots);
	json_put(doc, "snapshot", json_strz(s->snapshot));
	json_put(doc, "updated", json_strz(s->updated));
	return doc;
}

int
deploy_state_write(const struct deploy_config *c,
    const struct deploy_state *s, struct strbuf *err)
{
	json_t *doc = deploy_state_json(c, s);
	char *path = state_path(c), *text;
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		die_oom();
	strbuf_addf(&sb, "%s\n", text);
	if (deploy_mkdirs(c->state_dir) != 0 ||
	    atomicfile_replace(path, sb.buf, sb.len) != 0)
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
	else
		rc = 0;
	strbuf_release(&sb);
	free(text);
	free(path);
	json_decref(doc);
	return rc;
}

void
deploy_state_release(struct deploy_state *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(s->slot[i].version);
		free(s->slot[i].started);
	}
	free(s->previous_version);
	free(s->snapshot);
	free(s->updated);
	deploy_state_init(s);
}
