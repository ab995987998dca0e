/* ghrelease.c: GitHub releases and their assets. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "forge/ghrelease.h"
#include "forge/github.h"

#define MAX_PAGES 100

static char *
str_dup_member(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? xstrdup(v) : NULL;
}

void
gh_release_free(struct gh_release *rel)
{
	free(rel->tag_name);
	free(rel->name);
	free(rel->body);
	free(rel->html_url);
	free(rel->upload_url);
	memset(rel, 0, sizeof(*rel));
}

void
gh_asset_free(struct gh_asset *a)
{
	free(a->name);
	free(a->state);
	free(a->sha256);
	free(a->url);
	memset(a, 0, sizeof(*a));
}

void
gh_assets_free(struct gh_assets *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		gh_asset_free(&list->v[i]);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

static int
release_from_json(struct gh_release *rel, json_t *o)
{
	json_t *id = json_object_get(o, "id");
	char *brace;

	gh_release_free(rel);
	if (!json_is_integer(id) || json_integer_value(id) <= 0 ||
	    !json_is_string(json_object_get(o, "tag_name")) ||
	    !json_is_string(json_object_get(o, "upload_url")))
		return -1;
	rel->id = json_integer_value(id);
	rel->tag_name = str_dup_member(o, "tag_name");
	rel->name = str_dup_member(o, "name");
	rel->body = str_dup_member(o, "body");
	rel->draft = json_is_true(json_object_get(o, "draft"));
	rel->prerelease = json_is_true(json_object_get(o, "prerelease"));
	rel->html_url = str_dup_member(o, "html_url");
	rel->upload_url = str_dup_member(o, "upload_url");
	if ((brace = strchr(rel->upload_url, '{')) != NULL)
		*brace = '\0';
	return 0;
}

int
gh_release_parse(struct gh_release *rel, const char *body, size_t len)
{
	json_t *doc = json_loadb(body, len, 0, NULL);
	int rc = json_is_object(doc) ? release_from_json(rel, doc) : -1;

	json_decref(doc);
	return rc;
}

static int
asset_from_json(struct gh_asset *a, json_t *o)
{
	json_t *id = json_object_get(o, "id"), *size;
	const char *digest, *name;
	size_t i;

	memset(a, 0, sizeof(*a));
	size = json_object_get(o, "size");
	name = json_string_value(json_object_get(o, "name"));
	if (!json_is_integer(id) || json_integer_value(id) <= 0 ||
	    name == NULL || !json_is_integer(size))
		return -1;
	a->id = json_integer_value(id);
	a->name = xstrdup(name);
	a->size = json_integer_value(size);
	a->state = str_dup_member(o, "state");
	a->url = str_dup_member(o, "browser_download_url");
	digest = json_string_value(json_object_get(o, "digest"));
	if (digest && strncmp(digest, "sha256:", 7) == 0 &&
	    strlen(digest + 7) == 64) {
		a->sha256 = xstrdup(digest + 7);
		for (i = 0; i < 64; i++)
			if (!strchr("0123456789abcdef", a->sha256[i]))
				break;
		if (i < 64) {
			free(a->sha256);
			a->sha256 = NULL;
		}
	}
	return 0;
}

int
gh_assets_parse(struct gh_assets *list, const char *body, size_t len)
{
	json_t *doc = json_loadb(body, len, 0, NULL), *o;
	size_t i;
	int rc = -1;

	if (!json_is_array(doc))
		goto cleanup;
	json_array_foreach(doc, i, o) {
		ALLOC_GROW(list->v, list->n + 1, list->alloc);
		if (asset_from_json(&list->v[list->n], o) != 0) {
			gh_asset_free(&list->v[list->n]);
			goto cleanup;
		}
		list->n++;
	}
	rc = 0;
cleanup:
	json_decref(doc);
	return rc;
}

/* "MESSAGE: FIELD CODE, ..." from a 422 answer, for people. */
static void
add_validation(struct strbuf *sb, const struct http_response *r)
{
	json_t *doc = json_loadb(r->body.buf, r->body.len, 0, NULL), *e;
	const char *msg = json_string_value(json_object_get(doc, "message"));
	const char *field, *code;
	size_t i;

	strbuf_adds(sb, msg ? msg : "invalid request");
	json_array_foreach(json_object_get(doc, "errors"), i, e) {
		field = json_string_value(json_object_get(e, "field"));
		code = json_string_value(json_object_get(e, "code"));
		msg = json_string_value(json_object_get(e, "message"));
		strbuf_addf(sb, "%s%s%s%s%s", i ? ", " : ": ",
		    field ? field : "", field && code ? " " : "",
		    code ? code : "", !field && !code && msg ? msg : "");
	}
	json_decref(doc);
}

/* Is r a 422 whose errors say code? */
static int
has_code(const struct http_response *r, const char *code)
{
	json_t *doc = json_loadb(r->body.buf, r->body.len, 0, NULL), *e;
	const char *c;
	size_t i;
	int found = 0;

	json_array_foreach(json_object_get(doc, "errors"), i, e)
		if ((c = json_string_value(json_object_get(e, "code"))) &&
		    strcmp(c, code) == 0)
			found = 1;
	json_decref(doc);
	return found;
}

/* The message for an error answer to a request meant to do what. */
static char *
answer_error(const struct gh_api *api, long status,
    const struct http_response *r, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	char *common = gh_answer_error(api, status, r);

	if (common)
		return common;
	if (status == 403)
		strbuf_addf(&sb, "GitHub refused to %s in '%s/%s' (HTTP 403): "
		    "use a token that may write its contents (fine-grained: "
		    "Contents read and write; classic: the repo scope)", what,
		    api->owner, api->name);
	else if (status == 404)
		strbuf_addf(&sb, "GitHub found nothing to %s in '%s/%s' "
		    "(HTTP 404): check the remote URL and GITHUB_API_URL; for "
		    "a private repository set GH_TOKEN to a token that can see "
		    "it", what, api->owner, api->name);
	else if (status == 422) {
		strbuf_addf(&sb, "GitHub refused to %s (HTTP 422, ", what);
		add_validation(&sb, r);
		strbuf_adds(&sb, "): check that the tag is pushed and the "
		    "names are valid, then run again");
	} else {
		strbuf_addf(&sb, "GitHub answered HTTP %ld to the request to "
		    "%s", status, what);
	}
	return strbuf_detach(&sb, NULL);
}

/* Send a JSON request; an answer other than want (or a body too large)
 * becomes *error. *status gets the answer's status. */
static int
call(const struct gh_api *api, const char *method, const char *url,
    const json_t *fields, long want, struct http_response *r, long *status,
    const char *what, char **error)
{
	struct gh_req req = { method, url, NULL, NULL, 0, NULL };
	char *text = fields ? json_dumps(fields, JSON_COMPACT) : NULL;
	int rc;

	if (fields && text == NULL)
		die_oom();
	req.body = text;
	req.body_len = text ? strlen(text) : 0;
	*status = 0;
	rc = gh_request(api, &req, r, status, error);
	free(text);
	if (rc != 0)
		return -1;
	if (*status == want && r->size <= r->body_max)
		return 0;
	if (*status == want)
		*error = xstrfmt("GitHub's answer to the request to %s is "
		    "larger than 16 MiB: is GITHUB_API_URL right?", what);
	else
		*error = answer_error(api, *status, r, what);
	return -1;
}

static char *
malformed(const char *what)
{
	return xstrfmt("GitHub's answer to the request to %s is not the "
	    "documented JSON", what);
}

/* The next page's URL from r's Link header, when it stays in the API
 * root; NULL at the end. -1 for a link elsewhere. */
static int
next_page(const struct gh_api *api, const struct http_response *r,
    struct strbuf *url)
{
	char *link = gh_header(r, "link"), *next = link ? gh_link_next(link) :
	    NULL;
	size_t n = strlen(api->root);
	int rc = 0;

	strbuf_reset(url);
	if (next && (strncmp(next, api->root, n) != 0 || next[n] != '/'))
		rc = -1;
	else if (next)
		strbuf_adds(url, next);
	free(link);
	free(next);
	return rc;
}

/* A draft for tag among the pages of the release list. */
static int
find_draft(const struct gh_api *api, const char *tag,
    struct gh_release *rel, struct http_response *r, char **error)
{
	struct strbuf url = STRBUF_INIT;
	json_t *doc = NULL, *o;
	const char *t;
	size_t i;
	long status;
	int page, rc = -1;

	strbuf_addf(&url, "%s/repos/%s/%s/releases?per_page=100", api->root,
	    api->owner, api->name);
	for (page = 0; page < MAX_PAGES && url.len; page++) {
		if (call(api, "GET", url.buf, NULL, 200, r, &status,
		    "list the releases", error) != 0)
			goto cleanup;
		json_decref(doc);
		doc = json_loadb(r->body.buf, r->body.len, 0, NULL);
		if (!json_is_array(doc))
			goto bad;
		json_array_foreach(doc, i, o) {
			t = json_string_value(json_object_get(o, "tag_name"));
			if (t && strcmp(t, tag) == 0) {
				if (release_from_json(rel, o) != 0)
					goto bad;
				rc = 1;
				goto cleanup;
			}
		}
		if (next_page(api, r, &url) != 0)
			goto bad;
	}
	rc = 0;
	goto cleanup;
bad:
	*error = malformed("list the releases");
cleanup:
	json_decref(doc);
	strbuf_release(&url);
	return rc;
}

int
gh_release_find(const struct gh_api *api, const char *tag,
    struct gh_release *rel, char **error)
{
	struct http_response r;
	char *url = NULL, *esc = curl_easy_escape(NULL, tag, 0);
	long status;
	int rc = -1;

	if (esc == NULL)
		die_oom();
	http_response_init(&r, GH_MAX_BODY);
	gh_release_free(rel);
	url = xstrfmt("%s/repos/%s/%s/releases/tags/%s", api->root,
	    api->owner, api->name, esc);
	if (call(api, "GET", url, NULL, 200, &r, &status,
	    "read the release", error) == 0) {
		if (gh_release_parse(rel, r.body.buf, r.body.len) != 0) {
			*error = malformed("read the release");
			goto cleanup;
		}
		rc = 1;
	} else if (status == 404) {
		/* No published release: a draft only the list shows? */
		free(*error);
		*error = NULL;
		rc = find_draft(api, tag, rel, &r, error);
	}
cleanup:
	curl_free(esc);
	free(url);
	http_response_release(&r);
	return rc;
}

static int
release_call(const struct gh_api *api, const char *method, const char *url,
    const json_t *fields, long want, struct gh_release *rel,
    const char *what, char **error)
{
	struct http_response r;
	long status;
	int rc = -1;

	http_response_init(&r, GH_MAX_BODY);
	if (call(api, method, url, fields, want, &r, &status, what,
	    error) != 0)
		goto cleanup;
	if (gh_release_parse(rel, r.body.buf, r.body.len) != 0) {
		*error = malformed(what);
		goto cleanup;
	}
	rc = 0;
cleanup:
	http_response_release(&r);
	return rc;
}

int
gh_release_create(const struct gh_api *api, const json_t *fields,
    struct gh_release *rel, char **error)
{
	char *url = xstrfmt("%s/repos/%s/%s/releases", api->root, api->owner,
	    api->name);
	int rc = release_call(api, "POST", url, fields, 201, rel,
	    "create the release", error);

	free(url);
	return rc;
}

int
gh_release_update(const struct gh_api *api, long long id,
    const json_t *fields, struct gh_release *rel, char **error)
{
	char *url = xstrfmt("%s/repos/%s/%s/releases/%lld", api->root,
	    api->owner, api->name, id);
	int rc = release_call(api, "PATCH", url, fields, 200, rel,
	    "update the release", error);

	free(url);
	return rc;
}

/* DELETE url: 204, or 404 (gone already). */
static int
delete(const struct gh_api *api, const char *url, const char *what,
    char **error)
{
	struct http_response r;
	long status;
	int rc;

	http_response_init(&r, GH_MAX_BODY);
	rc = call(api, "DELETE", url, NULL, 204, &r, &status, what, error);
	if (rc != 0 && status == 404) {
		free(*error);
		*error = NULL;
		rc = 0;
	}
	http_response_release(&r);
	return rc;
}

int
gh_release_delete(const struct gh_api *api, long long id, char **error)
{
	char *url = xstrfmt("%s/repos/%s/%s/releases/%lld", api->root,
	    api->owner, api->name, id);
	int rc = delete(api, url, "delete the release", error);

	free(url);
	return rc;
}

int
gh_asset_delete(const struct gh_api *api, long long id, char **error)
{
	char *url = xstrfmt("%s/repos/%s/%s/releases/assets/%lld", api->root,
	    api->owner, api->name, id);
	int rc = delete(api, url, "delete an asset", error);

	free(url);
	return rc;
}

int
gh_assets_list(const struct gh_api *api, long long id,
    struct gh_assets *list, char **error)
{
	struct http_response r;
	struct strbuf url = STRBUF_INIT;
	long status;
	int page, rc = -1;

	http_response_init(&r, GH_MAX_BODY);
	strbuf_addf(&url, "%s/repos/%s/%s/releases/%lld/assets?per_page=100",
	    api->root, api->owner, api->name, id);
	for (page = 0; page < MAX_PAGES && url.len; page++) {
		if (call(api, "GET", url.buf, NULL, 200, &r, &status,
		    "list the release's assets", error) != 0)
			goto cleanup;
		if (gh_assets_parse(list, r.body.buf, r.body.len) != 0 ||
		    next_page(api, &r, &url) != 0) {
			*error = malformed("list the release's assets");
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	strbuf_release(&url);
	http_response_release(&r);
	return rc;
}

int
gh_asset_upload(const struct gh_api *api, const struct gh_release *rel,
    const char *name, const struct gh_upload *up, struct gh_asset *asset,
    char **error)
{
	struct gh_req req = { "POST", NULL, NULL, NULL, 0, up };
	struct http_response r;
	struct gh_assets one = { NULL, 0, 0 };
	struct strbuf list = STRBUF_INIT;
	char *esc = curl_easy_escape(NULL, name, 0), *url = NULL;
	char *what = xstrfmt("upload '%s'", name);
	long status = 0;
	int rc = -1;

	if (esc == NULL)
		die_oom();
	http_response_init(&r, GH_MAX_BODY);
	if (!gh_upload_url_ok(api, rel->upload_url)) {
		*error = xstrfmt("GitHub gave an upload URL on another host "
		    "than its API ('%s'): refused, the token would go there",
		    rel->upload_url);
		goto cleanup;
	}
	url = xstrfmt("%s?name=%s", rel->upload_url, esc);
	req.url = url;
	req.content_type = gh_asset_content_type(name);
	if (gh_request(api, &req, &r, &status, error) != 0)
		goto cleanup;
	if (status == 422 && has_code(&r, "already_exists")) {
		rc = 1;
		goto cleanup;
	}
	if (status != 201) {
		*error = answer_error(api, status, &r, what);
		goto cleanup;
	}
	/* One asset object: parsed as a list of one. */
	strbuf_addc(&list, '[');
	strbuf_add(&list, r.body.buf, r.body.len);
	strbuf_addc(&list, ']');
	if (gh_assets_parse(&one, list.buf, list.len) != 0 || one.n != 1) {
		*error = malformed(what);
		goto cleanup;
	}
	*asset = one.v[0];
	one.n = 0;
	rc = 0;
cleanup:
	gh_assets_free(&one);
	strbuf_release(&list);
	curl_free(esc);
	free(url);
	free(what);
	http_response_release(&r);
	return rc;
}

const char *
gh_asset_content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".tar.gz", "application/gzip" },
		{ ".tgz", "application/gzip" },
		{ ".gz", "application/gzip" },
		{ ".zip", "application/zip" },
		{ ".xz", "application/x-xz" },
		{ ".zst", "application/zstd" },
		{ ".bz2", "application/x-bzip2" },
		{ ".tar", "application/x-tar" },
		{ ".deb", "application/vnd.debian.binary-package" },
		{ ".rpm", "application/x-rpm" },
		{ ".json", "application/json" },
		{ ".txt", "text/plain" },
		{ ".sha256", "text/plain" },
		{ ".asc", "text/plain" },
		{ "SHA256SUMS", "text/plain" },
	};
	size_t i, n = strlen(name), e;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n >= e && strcmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}
