/* ghrel.c: httpd -G, GitHub's release endpoints with state. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/sha256.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "ghrel.h"

#define DOCS "https://docs.github.com/rest/releases"
#define STAMP "2026-02-01T00:00:00Z"

static struct {
	char *dir;
	unsigned api_port, upload_port;
	json_t *releases;	/* newest first, with their "assets" */
	long long next_id;
} gh;

void
ghrel_init(const char *dir, unsigned api_port, unsigned upload_port)
{
	gh.dir = xstrdup(dir);
	gh.api_port = api_port;
	gh.upload_port = upload_port;
	gh.releases = json_array();
	gh.next_id = 1;
}

void
ghrel_response_free(struct response *res)
{
	if (res == NULL)
		return;
	free(res->headers);
	free(res->body);
	free(res->body_file);
	free(res);
}

static struct response *
answer(int status, json_t *doc)
{
	struct response *res = xcalloc(1, sizeof(*res));

	res->status = status;
	res->verbatim = 1;
	if (doc) {
		res->headers = xstrdup("Content-Type: application/json; "
		    "charset=utf-8\r\n");
		res->body = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
	}
	return res;
}

static struct response *
error(int status, const char *message)
{
	return answer(status, json_pack("{s:s, s:s, s:s}", "message", message,
	    "documentation_url", DOCS, "status", status == 404 ? "404" :
	    "422"));
}

static struct response *
invalid(const char *resource, const char *field, const char *code)
{
	return answer(422, json_pack("{s:s, s:[{s:s, s:s, s:s}], s:s, s:s}",
	    "message", "Validation Failed", "errors", "resource", resource,
	    "code", code, "field", field, "documentation_url", DOCS,
	    "status", "422"));
}

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long
num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static json_t *
release_by_id(long long id, size_t *at)
{
	json_t *r;
	size_t i;

	json_array_foreach(gh.releases, i, r)
		if (num(r, "id") == id) {
			if (at)
				*at = i;
			return r;
		}
	return NULL;
}

/* The asset id, and its release into *rel. */
static json_t *
asset_by_id(long long id, json_t **rel, size_t *at)
{
	json_t *r, *a;
	size_t i, j;

	json_array_foreach(gh.releases, i, r)
		json_array_foreach(json_object_get(r, "assets"), j, a)
			if (num(a, "id") == id) {
				*rel = r;
				*at = j;
				return a;
			}
	return NULL;
}

static char *
asset_path(long long id)
{
	return xstrfmt("%s/asset-%lld", gh.dir, id);
}

/* The URLs of r, from its id and tag (again after a PATCH). */
static void
release_urls(json_t *r, const char *o, const char *n)
{
	long long id = num(r, "id");
	const char *tag = str(r, "tag_name");

	json_object_set_new(r, "url", json_sprintf("http://127.0.0.1:%u/repos/"
	    "%s/%s/releases/%lld", gh.api_port, o, n, id));
	json_object_set_new(r, "html_url", json_sprintf("http://127.0.0.1:%u/"
	    "%s/%s/releases/tag/%s", gh.api_port, o, n, tag));
	json_object_set_new(r, "assets_url", json_sprintf("http://127.0.0.1:%u"
	    "/repos/%s/%s/releases/%lld/assets", gh.api_port, o, n, id));
	json_object_set_new(r, "upload_url", json_sprintf("http://127.0.0.1:%u"
	    "/repos/%s/%s/releases/%lld/assets{?name,label}", gh.upload_port,
	    o, n, id));
}

/* Copy the members GitHub lets a request set from f into r. */
static struct response *
set_fields(json_t *r, json_t *f)
{
	static const char *const strings[] = {
		"tag_name", "name", "body", "target_commitish", NULL
	};
	const char *const *k;
	json_t *v;

	for (k = strings; *k; k++)
		if ((v = json_object_get(f, *k)) != NULL) {
			if (!json_is_string(v) && !json_is_null(v))
				return invalid("Release", *k, "invalid");
			json_object_set(r, *k, v);
		}
	if ((v = json_object_get(f, "draft")) != NULL) {
		if (!json_is_boolean(v))
			return invalid("Release", "draft", "invalid");
		json_object_set(r, "draft", v);
	}
	if ((v = json_object_get(f, "prerelease")) != NULL) {
		if (!json_is_boolean(v))
			return invalid("Release", "prerelease", "invalid");
		json_object_set(r, "prerelease", v);
	}
	v = json_object_get(f, "make_latest");
	if (v && !(json_is_string(v) && (!strcmp(json_string_value(v),
	    "true") || !strcmp(json_string_value(v), "false") ||
	    !strcmp(json_string_value(v), "legacy"))))
		return invalid("Release", "make_latest", "invalid");
	json_object_set_new(r, "published_at", json_is_true(json_object_get(r,
	    "draft")) ? json_null() : json_string(STAMP));
	return NULL;
}

/* A published release of tag other than except. */
static json_t *
published(const char *tag, json_t *except)
{
	json_t *r;
	size_t i;

	json_array_foreach(gh.releases, i, r)
		if (r != except && !json_is_true(json_object_get(r, "draft")) &&
		    strcmp(str(r, "tag_name"), tag) == 0)
			return r;
	return NULL;
}

static struct response *
create(const char *o, const char *n, const char *body, size_t len)
{
	json_t *f = json_loadb(body, len, 0, NULL), *r;
	struct response *bad;

	if (!json_is_object(f)) {
		json_decref(f);
		return error(400, "Problems parsing JSON");
	}
	if (!json_is_string(json_object_get(f, "tag_name")) ||
	    *str(f, "tag_name") == '\0') {
		json_decref(f);
		return invalid("Release", "tag_name", "missing_field");
	}
	r = json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:o, s:[], s:{s:s}}",
	    "id", gh.next_id, "node_id", "RE_kwDO", "tag_name",
	    str(f, "tag_name"), "target_commitish", "main", "draft", 0,
	    "prerelease", 0, "created_at", STAMP, "published_at", json_null(),
	    "assets", "author", "login", "octocat");
	json_object_set_new(r, "name", json_null());
	json_object_set_new(r, "body", json_null());
	if ((bad = set_fields(r, f)) != NULL ||
	    (!json_is_true(json_object_get(r, "draft")) &&
	    published(str(r, "tag_name"), NULL) &&
	    (bad = invalid("Release", "tag_name", "already_exists")))) {
		json_decref(f);
		json_decref(r);
		return bad;
	}
	gh.next_id++;
	release_urls(r, o, n);
	json_array_insert(gh.releases, 0, r);
	json_decref(f);
	return answer(201, json_deep_copy(r));
}

static struct response *
update(json_t *r, const char *o, const char *n, const char *body,
    size_t len)
{
	json_t *f = json_loadb(body, len, 0, NULL), *keep;
	struct response *bad;

	if (!json_is_object(f)) {
		json_decref(f);
		return error(400, "Problems parsing JSON");
	}
	keep = json_deep_copy(r);
	if ((bad = set_fields(r, f)) != NULL ||
	    (!json_is_true(json_object_get(r, "draft")) &&
	    published(str(r, "tag_name"), r) &&
	    (bad = invalid("Release", "tag_name", "already_exists")))) {
		json_object_update(r, keep);
		json_decref(keep);
		json_decref(f);
		return bad;
	}
	json_decref(keep);
	json_decref(f);
	release_urls(r, o, n);
	return answer(200, json_deep_copy(r));
}

static struct response *
upload(json_t *r, const char *o, const char *n, const char *query,
    const char *ctype, const char *body, size_t len)
{
	struct sha256 h;
	char hex[SHA256_HEX_SIZE], *name, *path;
	const char *p;
	json_t *a;
	size_t i;
	int fd;

	p = query ? strstr(query, "name=") : NULL;
	if (p == NULL || (p != query && p[-1] != '&') || p[5] == '\0' ||
	    p[5] == '&')
		return invalid("ReleaseAsset", "name", "missing_field");
	name = xstrndup(p + 5, strcspn(p + 5, "&"));
	/* %XX as the client's escaping writes them */
	for (i = 0; name[i]; i++)
		if (name[i] == '%' && name[i + 1] && name[i + 2]) {
			char hexd[3] = { name[i + 1], name[i + 2], 0 };

			name[i] = (char)strtol(hexd, NULL, 16);
			memmove(name + i + 1, name + i + 3,
			    strlen(name + i + 3) + 1);
		}
	json_array_foreach(json_object_get(r, "assets"), i, a)
		if (strcmp(str(a, "name"), name) == 0) {
			free(name);
			return invalid("ReleaseAsset", "name",
			    "already_exists");
		}
	sha256_init(&h);
	sha256_update(&h, body, len);
	sha256_hex(&h, hex);
	path = asset_path(gh.next_id);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, body, len) != (ssize_t)len || close(fd) != 0) {
		fprintf(stderr, "httpd: %s: %s\n", path, strerror(errno));
		free(path);
		free(name);
		return error(500, "cannot store the asset");
	}
	free(path);
	a = json_pack("{s:I, s:s, s:s, s:n, s:s, s:s, s:I, s:s+, s:i, s:s, "
	    "s:s}", "id", gh.next_id, "node_id", "RA_kw",
	    "name", name, "label", "content_type", ctype ? ctype :
	    "application/octet-stream", "state", "uploaded", "size",
	    (json_int_t)len, "digest", "sha256:", hex, "download_count", 0,
	    "created_at", STAMP, "updated_at", STAMP);
	json_object_set_new(a, "url", json_sprintf("http://127.0.0.1:%u/repos/"
	    "%s/%s/releases/assets/%lld", gh.api_port, o, n, gh.next_id));
	json_object_set_new(a, "browser_download_url", json_sprintf(
	    "http://127.0.0.1:%u/%s/%s/releases/download/%s/%s", gh.api_port,
	    o, n, str(r, "tag_name"), name));
	gh.next_id++;
	json_array_append(json_object_get(r, "assets"), a);
	free(name);
	return answer(201, a);
}

static struct response *
download(const char *tag, const char *name)
{
	json_t *r, *a;
	size_t i, j;
	struct response *res;

	json_array_foreach(gh.releases, i, r) {
		if (strcmp(str(r, "tag_name"), tag) != 0)
			continue;
		json_array_foreach(json_object_get(r, "assets"), j, a)
			if (strcmp(str(a, "name"), name) == 0) {
				res = answer(200, NULL);
				res->headers = xstrfmt("Content-Type: %s\r\n",
				    str(a, "content_type"));
				res->body_file = asset_path(num(a, "id"));
				return res;
			}
	}
	return error(404, "Not Found");
}

/* The path split at '/' into at most max segments; their number. */
static size_t
split(char *path, char **seg, size_t max)
{
	size_t n = 0;
	char *save = NULL, *s;

	for (s = strtok_r(path, "/", &save); s && n < max;
	    s = strtok_r(NULL, "/", &save))
		seg[n++] = s;
	return s ? max + 1 : n;
}

static int
is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* The releases, or their drafts too, as a list answer. */
static struct response *
list_releases(int with_drafts, int all)
{
	json_t *out = json_array(), *r;
	size_t i;

	json_array_foreach(gh.releases, i, r)
		if (with_drafts || !json_is_true(json_object_get(r, "draft")))
			json_array_append(out, r);
	if (all)
		return answer(200, json_pack("{s:o}", "releases", out));
	return answer(200, out);
}

struct response *
ghrel_answer(const char *method, const char *target, const char *ctype,
    const char *body, size_t len, int on_uploads)
{
	char *copy = xstrdup(target), *query = strchr(copy, '?'), *s[8];
	struct response *res = NULL;
	json_t *r, *a;
	size_t n, at;

	if (query)
		*query++ = '\0';
	n = split(copy, s, 8);
	if (on_uploads) {
		/* POST /repos/O/N/releases/ID/assets?name= */
		if (n == 6 && is(method, "POST") && is(s[0], "repos") &&
		    is(s[3], "releases") && is(s[5], "assets"))
			res = (r = release_by_id(atoll(s[4]), NULL)) ?
			    upload(r, s[1], s[2], query, ctype, body, len) :
			    error(404, "Not Found");
		goto done;
	}
	if (n == 1 && is(s[0], "_state") && is(method, "GET")) {
		res = list_releases(1, 1);
		goto done;
	}
	if (n == 6 && is(s[2], "releases") && is(s[3], "download") &&
	    is(method, "GET")) {
		res = download(s[4], s[5]);
		goto done;
	}
	if (n < 4 || !is(s[0], "repos") || !is(s[3], "releases"))
		goto done;
	if (n == 4 && is(method, "GET"))
		res = list_releases(1, 0);
	else if (n == 4 && is(method, "POST"))
		res = create(s[1], s[2], body, len);
	else if (n == 6 && is(s[4], "tags") && is(method, "GET"))
		res = (r = published(s[5], NULL)) ?
		    answer(200, json_deep_copy(r)) : error(404, "Not Found");
	else if (n == 6 && is(s[4], "assets") && is(method, "DELETE")) {
		if ((a = asset_by_id(atoll(s[5]), &r, &at)) == NULL) {
			res = error(404, "Not Found");
		} else {
			char *path = asset_path(num(a, "id"));

			unlink(path);
			free(path);
			json_array_remove(json_object_get(r, "assets"), at);
			res = answer(204, NULL);
		}
	} else if ((r = release_by_id(atoll(s[4]), &at)) == NULL) {
		res = error(404, "Not Found");
	} else if (n == 5 && is(method, "GET")) {
		res = answer(200, json_deep_copy(r));
	} else if (n == 5 && is(method, "PATCH")) {
		res = update(r, s[1], s[2], body, len);
	} else if (n == 5 && is(method, "DELETE")) {
		json_array_remove(gh.releases, at);
		res = answer(204, NULL);
	} else if (n == 6 && is(s[5], "assets") && is(method, "GET")) {
		res = answer(200, json_deep_copy(json_object_get(r,
		    "assets")));
	}
done:
	free(copy);
	return res;
}
