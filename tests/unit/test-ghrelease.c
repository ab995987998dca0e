/* test-ghrelease.c: GitHub release and asset answers, upload hosts,
 * content types, the notes of a tag message. */
#include <stdlib.h>
#include <string.h>

#include "forge/ghrelease.h"
#include "tag/tagmsg.h"
#include "tap.h"

static void
parse(void)
{
	static const char rel[] = "{\"id\":7,\"tag_name\":\"v1.0.0\","
	    "\"name\":null,\"draft\":true,\"prerelease\":true,"
	    "\"html_url\":\"https://github.com/o/r/releases/tag/v1.0.0\","
	    "\"upload_url\":\"https://uploads.github.com/repos/o/r/releases/7/"
	    "assets{?name,label}\"}";
	static const char assets[] = "[{\"id\":3,\"name\":\"a.zip\",\"size\":5,"
	    "\"state\":\"uploaded\",\"digest\":\"sha256:"
	    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\","
	    "\"browser_download_url\":\"https://github.com/o/r/releases/"
	    "download/v1.0.0/a.zip\"},{\"id\":4,\"name\":\"b\",\"size\":0,"
	    "\"state\":\"starter\",\"digest\":null}]";
	struct gh_release r;
	struct gh_assets list = { NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	is_int(gh_release_parse(&r, rel, strlen(rel)), 0, "a release parses");
	is_int(r.id, 7, "its id");
	is_str(r.upload_url, "https://uploads.github.com/repos/o/r/releases/7/"
	    "assets", "the upload URL without its template");
	ok(r.draft && r.prerelease && r.name == NULL, "draft, pre-release, "
	    "no name");
	is_int(gh_release_parse(&r, "{\"id\":\"7\"}", 10), -1,
	    "an id that is a string is refused");
	gh_release_free(&r);
	is_int(gh_assets_parse(&list, assets, strlen(assets)), 0,
	    "an asset list parses");
	is_int((long long)list.n, 2, "two assets");
	is_str(list.v[0].sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1"
	    "fa7425e73043362938b9824", "the digest's sha256");
	ok(list.v[1].sha256 == NULL, "no digest, no sha256");
	is_str(list.v[1].state, "starter", "an unfinished upload's state");
	gh_assets_free(&list);
	is_int(gh_assets_parse(&list, "{}", 2), -1, "an object is no list");
	gh_assets_free(&list);
}

static void
hosts(void)
{
	struct gh_api gh = { "https://api.github.com", "t", "o", "r", 0, 0 };
	struct gh_api ghe = { "https://ghe.example.com/api/v3", "t", "o", "r",
	    0, 0 };

	ok(gh_upload_url_ok(&gh, "https://uploads.github.com/repos/o/r/"
	    "releases/1/assets"), "uploads.github.com for api.github.com");
	ok(!gh_upload_url_ok(&gh, "http://uploads.github.com/x"),
	    "not over http");
	ok(!gh_upload_url_ok(&gh, "https://uploads.github.com.evil.example/x"),
	    "not a look-alike host");
	ok(gh_upload_url_ok(&ghe, "https://ghe.example.com/api/uploads/repos/"
	    "o/r/releases/1/assets"), "GitHub Enterprise: its own host");
	ok(!gh_upload_url_ok(&ghe, "https://uploads.github.com/x"),
	    "GitHub Enterprise: not github.com's upload host");
}

static void
types(void)
{
	is_str(gh_asset_content_type("app-1.0.0.tar.gz"), "application/gzip",
	    ".tar.gz");
	is_str(gh_asset_content_type("app.zip"), "application/zip", ".zip");
	is_str(gh_asset_content_type("SHA256SUMS"), "text/plain",
	    "SHA256SUMS");
	is_str(gh_asset_content_type("app"), "application/octet-stream",
	    "no extension");
}

static void
notes(void)
{
	char *n;

	n = tagmsg_notes("v1.0.0\n\n### Added\n\n- A.\n");
	is_str(n, "### Added\n\n- A.", "the notes after the subject");
	free(n);
	n = tagmsg_notes("v1.0.0\n\n- A.\n-----BEGIN PGP "
	    "SIGNATURE-----\n\niQ==\n-----END PGP SIGNATURE-----\n");
	is_str(n, "- A.", "a signature is no part of the notes");
	free(n);
	n = tagmsg_notes("v1.0.0\n");
	is_str(n, "", "a subject alone: no notes");
	free(n);
}

int
main(void)
{
	parse();
	hosts();
	types();
	notes();
	return tap_done();
}
