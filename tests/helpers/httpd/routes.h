/*
 * routes.h: httpd's ROUTES file (its format is described at the top of
 * tests/helpers/httpd.c): parsing, reloading when the file changes, the
 * response a request gets, and the bytes a response is built from.
 *
 *	struct routes routes = ROUTES_INIT;
 *	if (routes_open(&routes, path) != 0)
 *		...exit...
 *	...at each request:
 *	routes_refresh(&routes);
 *	res = routes_answer(&routes, method, target);	(NULL: 404)
 *	...
 *	routes_free(&routes);
 *
 * Messages go to stderr as "httpd: ...". Allocation failure exits through
 * die_oom().
 */
#ifndef HTTPD_ROUTES_H
#define HTTPD_ROUTES_H

#include <stddef.h>
#include <sys/stat.h>

/* One response of a route (one block between `then`s). */
struct response {
	int status;
	char *reason;		/* NULL: the usual phrase */
	char *headers;		/* "Name: value\r\n"..., before $PORT */
	char *body;		/* joined `body` lines, or NULL */
	char *body_file;
	char *raw_file;		/* the whole response, verbatim */
	char *cgi;		/* the program that answers (httpd/cgi.h) */
	long long delay_ms, stall_ms;
	int drop;		/* `close` */
	int reset;
	int pass;		/* `pass`: as if no route matched (-G) */
	int verbatim;		/* body and headers without $PORT replaced */
};

/* "METHOD /target" and its responses, the Nth for the Nth request. */
struct route {
	char *method;
	char *target;
	int exact;		/* target has a query: match it exactly */
	struct response *resp;
	size_t nresp;
	unsigned long hits;
};

/* The routes of one ROUTES file, as last loaded. */
struct routes {
	const char *path;	/* borrowed */
	struct stat st;		/* the file's when last read */
	struct route *v;
	size_t n;
};

#define ROUTES_INIT { NULL, { 0 }, NULL, 0 }

/*
 * Load the file at path into r (ROUTES_INIT or freed). Returns 0, or -1
 * when it cannot be read or does not parse (said on stderr, as
 * "httpd: PATH:LINE: message" for the latter).
 */
int routes_open(struct routes *r, const char *path);

/*
 * Re-read r's file when its mtime, size or inode changed since the last
 * read; all hit counters start again. A file that does not parse is
 * reported on stderr and the previous routes stay (until it changes).
 */
void routes_refresh(struct routes *r);

/*
 * The response for a request (the first matching route's next one,
 * counting the hit), or NULL when no route matches: a 404.
 */
const struct response *routes_answer(struct routes *r, const char *method,
    const char *target);

/* Free r's routes; r is then empty. */
void routes_free(struct routes *r);

/*
 * The len bytes at s with every "$PORT" replaced by port, NUL-terminated
 * and malloc'd; their length (without the NUL) in *outlen.
 */
char *subst_port(const char *s, size_t len, unsigned port, size_t *outlen);

#endif
