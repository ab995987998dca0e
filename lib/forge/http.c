/* http.c: collecting an HTTP response with libcurl. */
#include <string.h>
#include <strings.h>

#include "forge/http.h"

void
http_response_init(struct http_response *r, size_t body_max)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->body);
	strbuf_init(&r->headers);
	r->body_max = body_max;
}

void
http_response_reset(struct http_response *r)
{
	strbuf_reset(&r->body);
	strbuf_reset(&r->headers);
	r->size = 0;
	r->header_done = 0;
}

void
http_response_release(struct http_response *r)
{
	strbuf_release(&r->body);
	strbuf_release(&r->headers);
	r->size = 0;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_response *r = arg;
	size_t n = size * nmemb, keep = n;

	if (r->body_max && r->body.len + keep > r->body_max)
		keep = r->body_max - r->body.len;
	strbuf_add(&r->body, data, keep);
	r->size += n;
	return n;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_response *r = arg;
	size_t n = size * nmemb, len = n, name;
	const char *colon, *v;

	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		strbuf_reset(&r->headers);
		r->header_done = 0;
		return n;
	}
	/* Trailers of a chunked body come here too: they are no headers. */
	if (r->header_done)
		return n;
	while (len && is_space(data[len - 1]))
		len--;
	if (len == 0) {
		r->header_done = 1;
		return n;
	}
	colon = memchr(data, ':', len);
	if (colon == NULL || colon == data)
		return n;
	name = (size_t)(colon - data);
	for (v = colon + 1; v < data + len && is_space(*v); v++)
		;
	strbuf_add(&r->headers, data, name);
	strbuf_adds(&r->headers, ": ");
	strbuf_add(&r->headers, v, (size_t)(data + len - v));
	strbuf_addc(&r->headers, '\n');
	return n;
}

void
http_response_attach(CURL *easy, struct http_response *r)
{
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, r);
}

const char *
http_header_find(const char *lines, size_t len, const char *name,
    size_t name_len, size_t *vlen)
{
	const char *p = lines, *end = lines + len, *eol;

	while (p && p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) >= name_len + 2 &&
		    strncasecmp(p, name, name_len) == 0 &&
		    p[name_len] == ':' && p[name_len + 1] == ' ') {
			*vlen = (size_t)(eol - p) - name_len - 2;
			return p + name_len + 2;
		}
		p = eol + 1;
	}
	return NULL;
}
