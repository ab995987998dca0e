/* caddy.c: the switch through Caddy's admin API, over libcurl. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/clock.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "deploy/caddy.h"
#include "forge/http.h"

#define CADDY_ADMIN_DEFAULT "http://127.0.0.1:2019"
#define CADDY_TIMEOUT_DEFAULT 5000L
#define CADDY_CONNECT_MAX 2000L
/* Caddy's answers here are small; an error text is quoted up to this. */
#define CADDY_BODY_MAX (1 << 20)
#define CADDY_ERROR_MAX 300
/* A request whose connection failed is tried this often, this far apart. */
#define CADDY_ATTEMPTS 3
#define CADDY_RETRY_MS 50

/* The connection failed before an answer: nothing was refused. */
static int
connection_failed(CURLcode cc)
{
	return cc == CURLE_COULDNT_CONNECT || cc == CURLE_RECV_ERROR ||
	    cc == CURLE_SEND_ERROR || cc == CURLE_GOT_NOTHING;
}

int
caddy_init(struct caddy *c, const char *admin, const char *id,
    long timeout_ms, char **error)
{
	const char *host, *end;
	size_t len;

	memset(c, 0, sizeof(*c));
	*error = NULL;
	if (admin == NULL || *admin == '\0')
		admin = CADDY_ADMIN_DEFAULT;
	if (strncmp(admin, "http://", 7) != 0 || admin[7] == '\0' ||
	    admin[7] == '/') {
		*error = xstrfmt("CADDY_ADMIN '%s' is not an http:// address "
		    "(http://127.0.0.1:2019)", admin);
		return -1;
	}
	if (id == NULL || *id == '\0' || strpbrk(id, "/?#%") != NULL) {
		*error = xstrfmt("CADDY_UPSTREAM_ID '%s' must be a plain @id "
		    "(no '/', '?', '#' or '%%')", id ? id : "");
		return -1;
	}
	len = strlen(admin);
	while (len > 7 && admin[len - 1] == '/')
		len--;
	host = admin + 7;
	end = host + strcspn(host, "/");
	if (end > admin + len)
		end = admin + len;
	c->admin = xstrndup(admin, len);
	c->origin = xstrndup(admin, (size_t)(end - admin));
	c->id = xstrdup(id);
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : CADDY_TIMEOUT_DEFAULT;
	return 0;
}

void
caddy_release(struct caddy *c)
{
	free(c->admin);
	free(c->origin);
	free(c->id);
	memset(c, 0, sizeof(*c));
}

void
caddy_upstreams_release(struct caddy_upstreams *up)
{
	size_t i;

	for (i = 0; i < up->n; i++)
		free(up->dial[i]);
	free(up->dial);
	up->dial = NULL;
	up->n = 0;
}

int
caddy_upstreams_are(const struct caddy_upstreams *up, const char *dial)
{
	return up->n == 1 && strcmp(up->dial[0], dial) == 0;
}

/* Caddy's {"error": "..."} text, or the start of the body. */
static void
add_caddy_error(struct strbuf *sb, const struct http_response *r)
{
	json_t *doc = json_loadb(r->body.buf ? r->body.buf : "", r->body.len,
	    0, NULL);
	const char *text = json_string_value(json_object_get(doc, "error"));
	size_t len = text ? strlen(text) : r->body.len;

	if (text == NULL)
		text = r->body.buf ? r->body.buf : "";
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len > CADDY_ERROR_MAX)
		len = CADDY_ERROR_MAX;
	if (len)
		strbuf_addf(sb, ": %.*s", (int)len, text);
	json_decref(doc);
}

/*
 * One request to the admin API at path (after /id/ID), with body (NULL:
 * GET). Returns CADDY_OK with the 2xx body in *out (a parsed JSON value,
 * or NULL when the body is empty), or a failure with *error.
 */
static enum caddy_result
request(struct caddy *c, const char *method, const char *path,
    const char *body, json_t **out, char **error)
{
	struct http_response r;
	struct strbuf url = STRBUF_INIT, origin = STRBUF_INIT, msg = STRBUF_INIT;
	struct curl_slist *hdrs = NULL;
	char curlerr[CURL_ERROR_SIZE] = "";
	enum caddy_result res = CADDY_DOWN;
	CURL *easy = NULL;
	CURLcode cc;
	long status = 0;
	long long deadline = clock_ms() + c->timeout_ms;
	int attempt;
	json_error_t jerr;

	*out = NULL;
	http_response_init(&r, CADDY_BODY_MAX);
	strbuf_addf(&url, "%s/id/%s%s", c->admin, c->id, path);
	strbuf_addf(&origin, "Origin: %s", c->origin);
	if ((easy = curl_easy_init()) == NULL)
		die_oom();
	hdrs = curl_slist_append(hdrs, origin.buf);
	if (body)
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(easy, CURLOPT_URL, url.buf);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
	    c->timeout_ms < CADDY_CONNECT_MAX ? c->timeout_ms : CADDY_CONNECT_MAX);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, curlerr);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http");
	http_response_attach(easy, &r);
	/*
	 * Each change of configuration makes Caddy replace its admin server:
	 * a request that reaches the old one as it closes is reset unanswered.
	 * Every request here is idempotent (reads, and a PATCH to the same
	 * value): tried again on a connection that failed, a few times.
	 */
	for (attempt = 1;; attempt++) {
		curlerr[0] = '\0';
		http_response_reset(&r);
		cc = curl_easy_perform(easy);
		if (cc == CURLE_OK || attempt == CADDY_ATTEMPTS ||
		    !connection_failed(cc) || clock_ms() >= deadline)
			break;
		clock_sleep_ms(CADDY_RETRY_MS);
	}
	if (cc != CURLE_OK) {
		strbuf_addf(&msg, "Caddy's admin API at %s does not answer: %s",
		    c->admin, curlerr[0] ? curlerr : curl_easy_strerror(cc));
		goto cleanup;
	}
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	if (status == 404 && strcmp(method, "GET") == 0 && *path == '\0') {
		res = CADDY_NO_HANDLER;
		strbuf_addf(&msg, "Caddy has no object with \"@id\": \"%s\"",
		    c->id);
		add_caddy_error(&msg, &r);
		goto cleanup;
	}
	if (status < 200 || status > 299) {
		res = CADDY_REJECTED;
		strbuf_addf(&msg, "Caddy refused %s /id/%s%s (status %ld)",
		    method, c->id, path, status);
		add_caddy_error(&msg, &r);
		goto cleanup;
	}
	if (r.body.len) {
		*out = json_loadb(r.body.buf, r.body.len, 0, &jerr);
		if (*out == NULL) {
			res = CADDY_MISMATCH;
			strbuf_addf(&msg, "Caddy's answer to %s /id/%s%s is not "
			    "JSON: %s", method, c->id, path, jerr.text);
			goto cleanup;
		}
	}
	res = CADDY_OK;
cleanup:
	*error = res == CADDY_OK ? NULL : strbuf_detach(&msg, NULL);
	strbuf_release(&msg);
	strbuf_release(&url);
	strbuf_release(&origin);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(easy);
	http_response_release(&r);
	return res;
}

/* The dial addresses of a JSON upstreams array; -1 when it is not one. */
static int
dials_of(const json_t *arr, struct caddy_upstreams *up)
{
	size_t i;
	const json_t *u;

	if (!json_is_array(arr))
		return -1;
	caddy_upstreams_release(up);
	up->dial = xcalloc(json_array_size(arr) + 1, sizeof(*up->dial));
	json_array_foreach(arr, i, u) {
		const char *d = json_string_value(json_object_get(u, "dial"));

		up->dial[up->n++] = xstrdup(d ? d : "");
	}
	return 0;
}

enum caddy_result
caddy_upstreams(struct caddy *c, struct caddy_upstreams *up, char **error)
{
	json_t *h = NULL;
	enum caddy_result res;
	const char *handler;

	res = request(c, "GET", "", NULL, &h, error);
	if (res != CADDY_OK)
		goto cleanup;
	handler = json_string_value(json_object_get(h, "handler"));
	if (handler == NULL || strcmp(handler, "reverse_proxy") != 0 ||
	    dials_of(json_object_get(h, "upstreams"), up) != 0) {
		res = CADDY_NO_HANDLER;
		*error = xstrfmt("Caddy's object \"@id\": \"%s\" is not a "
		    "reverse_proxy handler with upstreams (handler: %s)", c->id,
		    handler ? handler : "none");
	}
cleanup:
	json_decref(h);
	return res;
}

/* Append the dial addresses of up to sb: "a, b" or "none". */
static void
add_dials(struct strbuf *sb, const struct caddy_upstreams *up)
{
	size_t i;

	if (up->n == 0)
		strbuf_adds(sb, "none");
	for (i = 0; i < up->n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", up->dial[i]);
}

enum caddy_result
caddy_switch(struct caddy *c, const char *dial, struct caddy_upstreams *before,
    char **error)
{
	struct caddy_upstreams now = CADDY_UPSTREAMS_INIT, mine = CADDY_UPSTREAMS_INIT;
	struct strbuf msg = STRBUF_INIT;
	json_t *body = NULL, *ignored = NULL;
	char *text = NULL;
	enum caddy_result res;

	if (before == NULL)
		before = &mine;
	/* Caddy takes any dial and fails only when proxying to it. */
	if (*dial == '\0' || strpbrk(dial, " \t\r\n/\"") != NULL) {
		*error = xstrfmt("'%s' is not a dial address (host:port)", dial);
		return CADDY_REJECTED;
	}
	res = caddy_upstreams(c, before, error);
	if (res != CADDY_OK)
		goto cleanup;
	body = json_pack("[{s:s}]", "dial", dial);
	if (body == NULL || (text = json_dumps(body, JSON_COMPACT)) == NULL)
		die_oom();
	res = request(c, "PATCH", "/upstreams", text, &ignored, error);
	if (res != CADDY_OK)
		goto cleanup;
	res = caddy_upstreams(c, &now, error);
	if (res != CADDY_OK)
		goto cleanup;
	if (!caddy_upstreams_are(&now, dial)) {
		res = CADDY_MISMATCH;
		strbuf_addf(&msg, "Caddy reads back upstreams ");
		add_dials(&msg, &now);
		strbuf_addf(&msg, " after being set to %s", dial);
		*error = strbuf_detach(&msg, NULL);
	}
cleanup:
	strbuf_release(&msg);
	caddy_upstreams_release(&now);
	caddy_upstreams_release(&mine);
	json_decref(body);
	json_decref(ignored);
	free(text);
	return res;
}
