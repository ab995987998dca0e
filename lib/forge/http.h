/*
 * http.h: collecting an HTTP response with libcurl.
 *
 *	struct http_response r;
 *	http_response_init(&r, 1 << 20);
 *	http_response_attach(easy, &r);     // write and header callbacks
 *	...perform...
 *	v = http_header_find(r.headers.buf, r.headers.len, "etag", &vlen);
 *	http_response_release(&r);
 *
 * Only the last response's headers are kept: after a redirect or a
 * "100 Continue" the headers start again at the new status line. The
 * trailers of a chunked body are not kept.
 */
#ifndef RELTOOLS_HTTP_H
#define RELTOOLS_HTTP_H

#include <stddef.h>
#include <curl/curl.h>

#include "core/strbuf.h"

struct http_response {
	struct strbuf body;	/* the first body_max bytes of the body */
	size_t body_max;	/* 0: keep all */
	size_t size;		/* every body byte received */
	struct strbuf headers;	/* "Name: value\n" lines, values trimmed */
	int header_done;	/* the blank line after them was seen */
};

void http_response_init(struct http_response *r, size_t body_max);

/* Empty r for another transfer, keeping body_max. */
void http_response_reset(struct http_response *r);

void http_response_release(struct http_response *r);

/* Set easy's CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION to fill r. */
void http_response_attach(CURL *easy, struct http_response *r);

/*
 * The value of the first header called name (case-insensitive) in lines
 * as kept in http_response.headers, with its length in *vlen; NULL when
 * there is none.
 */
const char *http_header_find(const char *lines, size_t len, const char *name,
    size_t name_len, size_t *vlen);

#endif
