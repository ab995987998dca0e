/*
 * ghrelease.h: GitHub releases and their assets over the REST API.
 *
 * The documented endpoints used ({r} is {root}/repos/{owner}/{name}):
 *
 *	GET    {r}/releases/tags/{tag}       200 release; 404 when there is
 *	                                     none, and for a draft, which
 *	                                     only the list shows
 *	GET    {r}/releases?per_page=100     200 [release...], pages by Link
 *	POST   {r}/releases                  201 release
 *	PATCH  {r}/releases/{id}             200 release
 *	DELETE {r}/releases/{id}             204
 *	GET    {r}/releases/{id}/assets?per_page=100   200 [asset...]
 *	POST   {upload_url}?name={name}      201 asset; 422 already_exists
 *	DELETE {r}/releases/assets/{id}      204
 *
 * A release is {id, tag_name, name, body, draft, prerelease, html_url,
 * upload_url: "https://uploads.github.com/.../assets{?name,label}"}; an
 * asset {id, name, size, state: "uploaded" (or "starter" while an upload
 * is unfinished), digest: "sha256:HEX" (absent on older servers),
 * browser_download_url}.
 *
 * Every function returning int gives 0, or -1 with *error set to a
 * malloc'd message that says what to do (ghapi.h's for 401, rate limits
 * and 5xx; its own for 403, 404 and 422).
 */
#ifndef RELTOOLS_GHRELEASE_H
#define RELTOOLS_GHRELEASE_H

#include <stddef.h>

#include <jansson.h>

#include "forge/ghapi.h"

struct gh_asset {
	long long id;
	char *name;
	long long size;
	char *state;		/* "uploaded", "starter", ... */
	char *sha256;		/* hex, from digest; NULL when not given */
	char *url;		/* browser_download_url */
};

struct gh_assets {
	struct gh_asset *v;
	size_t n, alloc;
};

struct gh_release {
	long long id;		/* 0: none */
	char *tag_name;
	char *name;
	char *body;
	int draft;
	int prerelease;
	char *html_url;
	char *upload_url;	/* without its "{?name,label}" template */
};

/* Parse a release object (len bytes, any content) into rel (freed
 * first); -1 when it is not the documented shape. */
int gh_release_parse(struct gh_release *rel, const char *body, size_t len);

/* Add the assets of a list answer to list; -1 when it is not the
 * documented shape (list then holds those added before). */
int gh_assets_parse(struct gh_assets *list, const char *body, size_t len);

void gh_release_free(struct gh_release *rel);
void gh_assets_free(struct gh_assets *list);

/*
 * The release of tag, a draft included, into rel: 1 when there is one,
 * 0 when there is none (rel->id 0).
 */
int gh_release_find(const struct gh_api *api, const char *tag,
    struct gh_release *rel, char **error);

/* Create a release with fields (JSON members of the API), into rel. */
int gh_release_create(const struct gh_api *api, const json_t *fields,
    struct gh_release *rel, char **error);

/* Change fields of release id, the result into rel. */
int gh_release_update(const struct gh_api *api, long long id,
    const json_t *fields, struct gh_release *rel, char **error);

/* Delete release id; one already gone is no error. */
int gh_release_delete(const struct gh_api *api, long long id,
    char **error);

/* The assets of release id into list. */
int gh_assets_list(const struct gh_api *api, long long id,
    struct gh_assets *list, char **error);

/*
 * Upload the file up as asset name to rel's upload URL (which must pass
 * gh_upload_url_ok()) with its content type, the new asset into *asset.
 * Returns 0, 1 when the release has an asset of that name already (422
 * already_exists: another run's upload), or -1.
 */
int gh_asset_upload(const struct gh_api *api, const struct gh_release *rel,
    const char *name, const struct gh_upload *up, struct gh_asset *asset,
    char **error);

/* Delete asset id; one already gone is no error. */
int gh_asset_delete(const struct gh_api *api, long long id, char **error);

/* The content type of an asset called name, by its extension. */
const char *gh_asset_content_type(const char *name);

void gh_asset_free(struct gh_asset *a);

#endif
