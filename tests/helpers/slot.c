/*
 * slot: an application slot for deploy-slot's tests, an HTTP/1.1 server
 * that says which version it is. It is tests/helpers/httpd with routes
 * made from its environment:
 *
 *	PORT=8081 VERSION=1.2.0 slot
 *
 *	GET /health   {"status":"healthy","version":"1.2.0"}  (SLOT_HEALTH_STATUS)
 *	GET /version  {"version":"1.2.0"}                     (SLOT_REPORT_VERSION)
 *	GET /         1.2.0
 *
 * Environment:
 *	PORT                 the port on 127.0.0.1 (required)
 *	VERSION              the version served (required; any bytes, JSON-escaped)
 *	SLOT_HEALTH_STATUS   the status of /health (default 200): 503 is a
 *	                     version that never gets healthy, and its body
 *	                     says "unhealthy"
 *	SLOT_REPORT_VERSION  the version /version reports (default VERSION):
 *	                     a build that lies about what it is
 *	SLOT_DELAY           a delay before every answer (300ms, 1s)
 *	SLOT_ROUTES          where the routes are written (default
 *	                     $TMPDIR/slot-PORT.routes): the control file, as
 *	                     httpd re-reads it when it changes
 *	SLOT_LOG             httpd's request log (-l)
 *	SLOT_STARTED         httpd's port file (-p): written once the
 *	                     port is open
 *
 * It execs httpd -g (found next to it), so the slot's pid is the server's:
 * SIGTERM stops it gracefully, answering the requests it has received
 * first. Exit status 2 for a missing or bad variable; httpd's otherwise
 * (2 when the port cannot be bound, as when it is taken).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/diag.h"
#include "core/jsonout.h"
#include "core/proc.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* A route answering GET target with status and JSON body (NULL: none yet). */
static void
add_route(struct strbuf *sb, const char *target, const char *status,
    const json_t *body, const char *delay)
{
	char *text;

	strbuf_addf(sb, "GET %s\n  status %s\n", target, status);
	if (delay)
		strbuf_addf(sb, "  delay %s\n", delay);
	if (body == NULL)
		return;
	if ((text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		die_oom();
	strbuf_addf(sb, "  header Content-Type: application/json\n  body %s\n",
	    text);
	free(text);
}

static const char *
need(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0')
		die(2, "%s is not set", name);
	return v;
}

static const char *
or_default(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

int
main(void)
{
	struct strbuf routes = STRBUF_INIT, path = STRBUF_INIT;
	const char *port, *version, *status, *report, *delay, *log, *started;
	const char *argv[14];
	json_t *body;
	char *httpd;
	size_t n = 0;

	set_progname("slot");
	port = need("PORT");
	version = need("VERSION");
	status = or_default("SLOT_HEALTH_STATUS", "200");
	report = or_default("SLOT_REPORT_VERSION", version);
	delay = getenv("SLOT_DELAY");
	log = getenv("SLOT_LOG");
	started = getenv("SLOT_STARTED");
	if (strspn(port, "0123456789") != strlen(port) ||
	    strspn(status, "0123456789") != strlen(status) || strlen(status) != 3)
		die(2, "PORT and SLOT_HEALTH_STATUS must be numbers");
	if (strchr(version, '\n') || strchr(report, '\n'))
		die(2, "VERSION must be one line");

	body = json_object();
	json_put(body, "status", json_strz(status[0] == '2' ? "healthy" :
	    "unhealthy"));
	json_put(body, "version", json_strz(version));
	add_route(&routes, "/health", status, body, delay);
	json_object_clear(body);
	json_put(body, "version", json_strz(report));
	add_route(&routes, "/version", "200", body, delay);
	json_decref(body);
	add_route(&routes, "/", "200", NULL, delay);
	strbuf_addf(&routes, "  body %s\n", version);
	strbuf_addf(&path, "%s", or_default("SLOT_ROUTES", ""));
	if (path.len == 0)
		strbuf_addf(&path, "%s/slot-%s.routes", or_default("TMPDIR", "/tmp"),
		    port);
	if (atomicfile_replace(path.buf, routes.buf, routes.len) != 0)
		die(3, "cannot write '%s': %s", path.buf, strerror(errno));
	if ((httpd = proc_find_tool("httpd")) == NULL)
		die(3, "cannot find httpd next to slot or in PATH");
	argv[n++] = httpd;
	argv[n++] = "-g";
	argv[n++] = "-r";
	argv[n++] = path.buf;
	argv[n++] = "-P";
	argv[n++] = port;
	if (log) {
		argv[n++] = "-l";
		argv[n++] = log;
	}
	if (started) {
		argv[n++] = "-p";
		argv[n++] = started;
	}
	argv[n] = NULL;
	execv(httpd, (char *const *)argv);
	die(3, "cannot run '%s': %s", httpd, strerror(errno));
}
