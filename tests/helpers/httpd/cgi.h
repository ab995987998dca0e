/*
 * cgi.h: httpd's `cgi PROGRAM` responses: the request handed to a CGI
 * program (RFC 3875), such as git http-backend, its answer made an HTTP
 * response.
 *
 * The program runs with httpd's environment plus REQUEST_METHOD,
 * PATH_INFO (the target's path), QUERY_STRING, CONTENT_TYPE,
 * CONTENT_LENGTH, GATEWAY_INTERFACE, SERVER_PROTOCOL, REMOTE_ADDR and
 * HTTP_GIT_PROTOCOL when the request has a Git-Protocol header; the body
 * on its standard input. It runs to its end while httpd waits: for tests.
 */
#ifndef HTTPD_CGI_H
#define HTTPD_CGI_H

#include <stddef.h>

#include "core/strbuf.h"

struct cgi_request {
	const char *method;
	const char *target;		/* "/path?query" */
	const char *content_type;	/* NULL: none */
	const char *git_protocol;	/* NULL: none */
	const char *body;
	size_t body_len;
};

/*
 * Run program for req; out gets the whole HTTP/1.1 response (status line
 * from its Status header, 200 without one; its headers; Content-Length;
 * its body). 0, or -1 when it could not run or gave no header block
 * (said on stderr; out then holds a 500).
 */
int cgi_run(const char *program, const struct cgi_request *req,
    struct strbuf *out);

#endif
