/*
 * ghrel.h: httpd -G: GitHub's release endpoints, with state, in the
 * documented shapes (ghrelease.h lists them), for the rel-tag --publish
 * tests. The routes come first: a request no route takes (or whose
 * route's response is `pass`) comes here.
 *
 * Releases and assets live in memory; uploaded bytes in DIR/asset-ID.
 * Uploads are taken on the second listener only (uploads.github.com's
 * stand-in), whose port the release's upload_url names; every asset is
 * downloadable at its browser_download_url on the API's port:
 *
 *	GET /OWNER/NAME/releases/download/TAG/ASSET
 *
 * and GET /_state answers {"releases": [...every release, drafts and
 * their assets included]} for tests.
 */
#ifndef HTTPD_GHREL_H
#define HTTPD_GHREL_H

#include <stddef.h>

#include "routes.h"

/* Start with no release; files in dir; the two listeners' ports. */
void ghrel_init(const char *dir, unsigned api_port, unsigned upload_port);

/*
 * The response to a request (body of len bytes, ctype its Content-Type
 * or NULL), on_uploads when it came to the upload listener: malloc'd,
 * free with ghrel_response_free(); NULL when it is no endpoint here.
 */
struct response *ghrel_answer(const char *method, const char *target,
    const char *ctype, const char *body, size_t len, int on_uploads);

void ghrel_response_free(struct response *res);

#endif
