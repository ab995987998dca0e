/*
 * routes.c: httpd's ROUTES file: parse it, re-read it when it changes,
 * find a request's response, and the bytes responses are built from.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cli.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "routes.h"

/* Append the C string s to *dst (a malloc'd string or NULL). */
static void
append(char **dst, const char *s)
{
	size_t old = *dst ? strlen(*dst) : 0;

	*dst = xrealloc(*dst, old + strlen(s) + 1);
	strcpy(*dst + old, s);
}

void
routes_free(struct routes *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		for (j = 0; j < r->v[i].nresp; j++) {
			free(r->v[i].resp[j].reason);
			free(r->v[i].resp[j].headers);
			free(r->v[i].resp[j].body);
			free(r->v[i].resp[j].body_file);
			free(r->v[i].resp[j].raw_file);
			free(r->v[i].resp[j].cgi);
		}
		free(r->v[i].resp);
		free(r->v[i].method);
		free(r->v[i].target);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static struct response *
new_response(struct route *rt)
{
	rt->resp = xrealloc(rt->resp, (rt->nresp + 1) * sizeof(*rt->resp));
	memset(&rt->resp[rt->nresp], 0, sizeof(*rt->resp));
	rt->resp[rt->nresp].status = 200;
	return &rt->resp[rt->nresp++];
}

/* Apply one directive (kw, arg) to res; an error message or NULL. */
static const char *
directive(struct response *res, const char *kw, const char *arg)
{
	char *end;
	long v;

	if (strcmp(kw, "status") == 0) {
		v = strtol(arg, &end, 10);
		if (end == arg || v < 100 || v > 999 || (*end && *end != ' '))
			return "status needs a number from 100 to 999";
		res->status = (int)v;
		if (*end)
			res->reason = xstrdup(end + 1);
	} else if (strcmp(kw, "header") == 0) {
		if (strchr(arg, ':') == NULL || *arg == ':')
			return "header needs 'Name: value'";
		append(&res->headers, arg);
		append(&res->headers, "\r\n");
	} else if (strcmp(kw, "body") == 0) {
		if (res->body)
			append(&res->body, "\n");
		append(&res->body, arg);
	} else if (strcmp(kw, "body-file") == 0) {
		if (*arg == '\0')
			return "body-file needs a path";
		free(res->body_file);
		res->body_file = xstrdup(arg);
	} else if (strcmp(kw, "raw-file") == 0) {
		if (*arg == '\0')
			return "raw-file needs a path";
		free(res->raw_file);
		res->raw_file = xstrdup(arg);
	} else if (strcmp(kw, "cgi") == 0) {
		if (*arg == '\0')
			return "cgi needs a program";
		free(res->cgi);
		res->cgi = xstrdup(arg);
	} else if (strcmp(kw, "delay") == 0) {
		if (cli_parse_duration(arg, &res->delay_ms))
			return "delay needs a duration (300ms, 2s)";
	} else if (strcmp(kw, "stall") == 0) {
		if (cli_parse_duration(arg, &res->stall_ms))
			return "stall needs a duration (300ms, 2s)";
	} else if (strcmp(kw, "close") == 0 && *arg == '\0') {
		res->drop = 1;
	} else if (strcmp(kw, "reset") == 0 && *arg == '\0') {
		res->reset = 1;
	} else if (strcmp(kw, "pass") == 0 && *arg == '\0') {
		res->pass = 1;
	} else {
		return "unknown directive";
	}
	return NULL;
}

/* Parse the file at path into out's routes; 0, or -1 said on stderr. */
static int
routes_load(const char *path, struct routes *out)
{
	FILE *f = fopen(path, "r");
	struct routes r = ROUTES_INIT;
	struct route *rt = NULL;
	struct response *res = NULL;
	char *line = NULL, *p, *kw, *arg, *sp;
	size_t cap = 0, len;
	unsigned long lineno = 0;
	const char *err = NULL;

	if (f == NULL) {
		fprintf(stderr, "httpd: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (err == NULL && getline(&line, &cap, f) != -1) {
		lineno++;
		len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		if (strcmp(p, "then") == 0) {
			if (rt == NULL)
				err = "'then' before any route";
			else
				res = new_response(rt);
			continue;
		}
		if (p == line) {
			sp = strchr(p, ' ');
			if (sp == NULL || sp[1] != '/') {
				err = "a route is 'METHOD /target'";
				continue;
			}
			r.v = xrealloc(r.v, (r.n + 1) * sizeof(*r.v));
			rt = &r.v[r.n++];
			memset(rt, 0, sizeof(*rt));
			rt->method = xstrndup(p, (size_t)(sp - p));
			rt->target = xstrdup(sp + 1);
			rt->exact = strchr(rt->target, '?') != NULL;
			res = new_response(rt);
			continue;
		}
		if (res == NULL) {
			err = "a directive before any route";
			continue;
		}
		kw = p;
		arg = p + strcspn(p, " \t");
		if (*arg)
			*arg++ = '\0';
		err = directive(res, kw, arg);
	}
	free(line);
	fclose(f);
	if (err) {
		fprintf(stderr, "httpd: %s:%lu: %s\n", path, lineno, err);
		routes_free(&r);
		return -1;
	}
	routes_free(out);
	out->v = r.v;
	out->n = r.n;
	return 0;
}

int
routes_open(struct routes *r, const char *path)
{
	r->path = path;
	if (stat(path, &r->st) != 0)
		return -1;
	return routes_load(path, r);
}

void
routes_refresh(struct routes *r)
{
	struct stat st;

	if (stat(r->path, &st) != 0)
		return;
	if (st.st_mtim.tv_sec == r->st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == r->st.st_mtim.tv_nsec &&
	    st.st_size == r->st.st_size && st.st_ino == r->st.st_ino)
		return;
	r->st = st;
	routes_load(r->path, r);
}

static struct route *
route_find(struct routes *r, const char *method, const char *target)
{
	size_t i, pathlen = strcspn(target, "?");
	struct route *rt;
	int method_ok, target_ok;

	for (i = 0; i < r->n; i++) {
		rt = &r->v[i];
		method_ok = strcmp(rt->method, "*") == 0 ||
		    strcmp(rt->method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0);
		if (rt->exact)
			target_ok = strcmp(rt->target, target) == 0;
		else
			target_ok = strlen(rt->target) == pathlen &&
			    strncmp(rt->target, target, pathlen) == 0;
		if (method_ok && target_ok)
			return rt;
	}
	return NULL;
}

const struct response *
routes_answer(struct routes *r, const char *method, const char *target)
{
	struct route *rt = route_find(r, method, target);
	const struct response *res;

	if (rt == NULL)
		return NULL;
	res = &rt->resp[rt->hits < rt->nresp ? rt->hits : rt->nresp - 1];
	rt->hits++;
	return res;
}

char *
subst_port(const char *s, size_t len, unsigned port, size_t *outlen)
{
	char num[16], *out = NULL;
	size_t n = 0, i, numlen;

	numlen = (size_t)snprintf(num, sizeof(num), "%u", port);
	out = xrealloc(NULL, len * 2 + 16);
	for (i = 0; i < len; i++) {
		if (len - i >= 5 && memcmp(s + i, "$PORT", 5) == 0) {
			out = xrealloc(out, n + numlen + (len - i) * 2 + 16);
			memcpy(out + n, num, numlen);
			n += numlen;
			i += 4;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}
